/** CSV output of `report --csv` and `download --format csv`, written by exceljs (RFC 4180 quoting). */
import { Workbook } from "exceljs";

/** A cell as CSV takes it. */
export type CsvCell = string | number | boolean;

/** The CSV text of a header row and the rows under it. */
export async function toCsv(
  columns: readonly string[],
  rows: readonly (readonly CsvCell[])[],
): Promise<string> {
  const workbook = new Workbook();
  const sheet = workbook.addWorksheet("data");
  sheet.addRow([...columns]);
  for (const row of rows) sheet.addRow([...row]);
  const buffer = await workbook.csv.writeBuffer();
  return Buffer.from(buffer).toString("utf8");
}
