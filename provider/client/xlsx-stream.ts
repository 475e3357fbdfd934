/**
 * Reads an .xlsx file sheet by sheet and row by row with exceljs's streaming reader, so memory
 * stays bounded by a row rather than the workbook (reading a 47,000-row export whole held ~700 MB).
 * Two gaps of that reader are closed here:
 * - it decodes each compressed chunk to text on its own, so a multi-byte character (every Chinese
 *   label and value of an export) cut by a chunk boundary turns into "��" (exceljs issues #2063,
 *   #2084, #2316, open in 4.4.0): its text entries are decoded across chunks instead;
 * - it pipes the file into its unzipper, and a pipe does not forward a read error: the reader
 *   would wait forever on a file that fails mid-read, so every step races the file's error.
 */
import * as fs from "node:fs";
import { StringDecoder } from "node:string_decoder";
import type { Row, stream as ExcelStream } from "exceljs";
import { ExportFileError } from "./errors";

/** One worksheet: its name and its rows, in file order (empty rows skipped by exceljs). */
export interface StreamedSheet {
  name: string;
  rows: AsyncIterable<Row>;
}

/**
 * The worksheets of `file`, in file order. A sheet's rows left unread are read through before the
 * next sheet (exceljs removes a sheet's temp file only then). Fails with a one-line
 * {@link ExportFileError} when the file cannot be read or is not a spreadsheet.
 */
export async function* streamSheets(file: string): AsyncGenerator<StreamedSheet, void, undefined> {
  // Loaded on first use: exceljs takes long to load, and most users of the client never read
  // an export (the provider process, every CLI command).
  const { stream } = await import("exceljs");
  const input = await openInput(file);
  const readFailure = new ReadFailure(input);
  const workbook = new stream.xlsx.WorkbookReader(input, {
    worksheets: "emit",
    sharedStrings: "cache",
    // Kept so a date-formatted cell reads as a Date, as the whole-workbook reader gave it.
    styles: "cache",
    hyperlinks: "ignore",
    entries: "ignore",
  });
  decodeAcrossChunks(workbook);
  try {
    for await (const sheet of unlessFailed(workbook, readFailure, file)) {
      const rows = unlessFailed(sheet, readFailure, file);
      yield { name: sheetName(sheet), rows };
      for await (const skipped of rows) void skipped;
    }
  } finally {
    input.destroy();
  }
}

/** The file as a stream, or a one-line refusal when it cannot be opened as one. */
async function openInput(file: string): Promise<fs.ReadStream> {
  try {
    const handle = await fs.promises.open(file);
    // Opening a directory succeeds on Linux; reading it would not.
    if (!(await handle.stat()).isFile()) {
      await handle.close();
      throw new Error("not a file");
    }
    return handle.createReadStream();
  } catch (error) {
    throw unreadable(file, error);
  }
}

function unreadable(file: string, error: unknown): ExportFileError {
  return new ExportFileError(
    file,
    `is not a readable .xlsx export (${error instanceof Error ? error.message : String(error)})`,
  );
}

/**
 * The items of an exceljs reader, failing as soon as the file's read fails, and with exceljs's
 * own failures (not a zip, broken XML) turned into the one-line refusal of an unreadable file.
 */
async function* unlessFailed<T>(
  items: AsyncIterable<T>,
  readFailure: ReadFailure,
  file: string,
): AsyncGenerator<T, void, undefined> {
  const iterator = items[Symbol.asyncIterator]();
  let finished = false;
  try {
    for (;;) {
      let next: IteratorResult<T>;
      try {
        next = await readFailure.unlessFailed(iterator.next());
      } catch (error) {
        finished = true;
        throw unreadable(file, error);
      }
      if (next.done === true) {
        finished = true;
        return;
      }
      yield next.value;
    }
  } finally {
    // Stopped early (a row did not read): let exceljs's generators run their cleanup.
    if (!finished) await iterator.return?.();
  }
}

/**
 * The file's read error, if any, as a rejection of the step awaited. Not a `Promise.race` with one
 * long-lived promise: each race would leave a reaction on it holding that step's result, and so
 * every row of the file.
 */
class ReadFailure {
  private error: { cause: unknown } | undefined;
  private rejectWaiting: ((cause: unknown) => void) | undefined;

  constructor(input: fs.ReadStream) {
    input.once("error", (cause) => {
      this.error = { cause };
      this.rejectWaiting?.(cause);
    });
  }

  async unlessFailed<T>(step: Promise<T>): Promise<T> {
    if (this.error !== undefined) throw this.error.cause;
    try {
      return await new Promise<T>((resolve, reject) => {
        this.rejectWaiting = reject;
        step.then(resolve, reject);
      });
    } finally {
      this.rejectWaiting = undefined;
    }
  }
}

/** The streamed sheet's name: exceljs sets it at run time but its types do not declare it. */
function sheetName(sheet: object): string {
  const name: unknown = (sheet as { name?: unknown }).name;
  return typeof name === "string" ? name : "";
}

/** The parts of exceljs 4.4's WorkbookReader that read the XML entries (not in its types). */
interface EntryParsers {
  _parseWorkbook: (entry: NodeJS.ReadableStream) => unknown;
  _parseSharedStrings: (entry: NodeJS.ReadableStream) => unknown;
  _parseStyles: (entry: NodeJS.ReadableStream) => unknown;
  _parseWorksheet: (chunks: AsyncIterable<Buffer | string>, sheetNo: string) => unknown;
}

/**
 * Makes the reader's XML parser see whole characters: entries read as UTF-8 text (exceljs's parser
 * passes strings through as they are), and a worksheet's chunks decoded across boundaries.
 */
function decodeAcrossChunks(workbook: ExcelStream.xlsx.WorkbookReader): void {
  const parsers = workbook as unknown as EntryParsers;
  for (const method of ["_parseWorkbook", "_parseSharedStrings", "_parseStyles"] as const) {
    const parse = parsers[method];
    if (typeof parse !== "function") throw new Error(`exceljs has no ${method} to read as UTF-8`);
    parsers[method] = (entry) => {
      entry.setEncoding("utf8");
      return parse.call(workbook, entry);
    };
  }
  const parseWorksheet = parsers._parseWorksheet;
  if (typeof parseWorksheet !== "function")
    throw new Error("exceljs has no _parseWorksheet to read as UTF-8");
  parsers._parseWorksheet = (chunks, sheetNo) =>
    parseWorksheet.call(workbook, utf8Text(chunks), sheetNo);
}

async function* utf8Text(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder("utf8");
  for await (const chunk of chunks) yield typeof chunk === "string" ? chunk : decoder.write(chunk);
  const rest = decoder.end();
  if (rest !== "") yield rest;
}
