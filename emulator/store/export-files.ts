/**
 * The downloaded export files. ASSUMPTION: the reference (3.5) does not pin the file format; the
 * real service serves spreadsheets, so the emulator writes real .xlsx files (exceljs): one
 * worksheet, row 1 the headers, one row per record from row 2, no totals row. Sheet names and
 * headers are the Chinese labels of Feishu's export overview page (export-overview, 字段说明)
 * where it gives them; the columns are the project's shared export-file spec (issue #20), listed
 * in emulator/README.md "Export files". Cells are strings unless a column is numeric; times are
 * "YYYY.MM.DD HH:mm:ss (GMT+08:00)" in the tenant's zone, durations "HH:MM:SS", yes/no "是"/"否".
 */
import { PassThrough } from "node:stream";
import { TENANT_UTC_OFFSET } from "./history-generator";

/** Reference 3.5: the four export kinds. */
export type ExportKind =
  "meeting_list" | "participant_list" | "participant_quality_list" | "resource_reservation_list";

/** A cell: text, or a number for numeric columns. */
export type Cell = string | number;

/** ASSUMPTION (export-file spec): each kind's sheet name and headers, in column order. */
const EXPORT_SHEETS: Readonly<Record<ExportKind, { sheet: string; headers: string[] }>> = {
  meeting_list: {
    sheet: "会议明细",
    headers: [
      "会议ID",
      "会议主题",
      "会议组织者",
      "部门",
      "用户ID",
      "工号",
      "邮箱",
      "手机",
      "会议开始时间",
      "会议结束时间",
      "会议持续时间",
      "参会人数量",
      "音频",
      "视频",
      "共享",
      "录制",
      "会议室",
      // ASSUMPTION: mirrors `reserved_rooms` of the synchronous meeting_list API (reference 3.7).
      "会议室ID",
    ],
  },
  participant_list: {
    sheet: "参会人明细",
    headers: [
      "参会人",
      "用户ID",
      "用户类型",
      "会议室ID",
      "入会时间",
      "离会时间",
      "参会时长",
      "离会原因",
    ],
  },
  participant_quality_list: {
    sheet: "会议质量",
    headers: [
      "时间",
      "参会人",
      "网络延迟(ms)",
      "抖动(ms)",
      "丢包率(%)",
      "音频码率(kbps)",
      "视频码率(kbps)",
    ],
  },
  resource_reservation_list: {
    sheet: "会议室预定数据",
    headers: [
      "会议室ID",
      "会议室名称",
      "会议主题",
      "预定人",
      "预定人ID",
      "预定人部门",
      "邀请人数",
      "接受人数",
      "开始时间",
      "结束时间",
      "时长",
      "预定状态",
      "签到状态",
      "是否提前释放",
    ],
  },
};

export const XLSX_CONTENT_TYPE =
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** The tenant zone's label, e.g. "GMT+08:00". */
function zoneLabel(): string {
  const sign = TENANT_UTC_OFFSET < 0 ? "-" : "+";
  const minutes = Math.abs(TENANT_UTC_OFFSET) / 60;
  return `GMT${sign}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** ASSUMPTION: a time cell, "YYYY.MM.DD HH:mm:ss (GMT+08:00)" in tenant time (unix seconds in). */
export function timeCell(unix: number, withSeconds = true): string {
  const d = new Date((unix + TENANT_UTC_OFFSET) * 1000);
  const date = `${d.getUTCFullYear()}.${pad(d.getUTCMonth() + 1)}.${pad(d.getUTCDate())}`;
  const clock = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return `${date} ${withSeconds ? `${clock}:${pad(d.getUTCSeconds())}` : clock} (${zoneLabel()})`;
}

/** ASSUMPTION: a duration cell, "HH:MM:SS" (hours grow past 99 if they must). */
export function durationCell(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

/** ASSUMPTION: a yes/no cell. */
export const yesNo = (value: boolean): string => (value ? "是" : "否");

const YIELD_EVERY = 2000;

/** Writes one kind's rows as an .xlsx file (streamed, so a 100,000-row file stays small in memory). */
export async function writeXlsx(kind: ExportKind, rows: readonly Cell[][]): Promise<Buffer> {
  const { sheet, headers } = EXPORT_SHEETS[kind];
  // Loaded on the first export: exceljs takes seconds to load, which every emulator start (and
  // every test that starts one) would pay for otherwise.
  const ExcelJS = await import("exceljs");
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    stream.on("end", resolve);
    stream.on("error", reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useSharedStrings: false,
    useStyles: false,
  });
  const worksheet = workbook.addWorksheet(sheet);
  worksheet.addRow(headers).commit();
  for (let i = 0; i < rows.length; i += 1) {
    worksheet.addRow(rows[i]!).commit();
    // Writing 100,000 rows takes seconds: yield now and then so the server keeps answering.
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
  }
  worksheet.commit();
  await workbook.commit();
  await done;
  return Buffer.concat(chunks);
}
