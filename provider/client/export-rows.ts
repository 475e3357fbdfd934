/**
 * Reads a downloaded export spreadsheet into typed rows, by header label rather than column
 * position. ASSUMPTION (issue 20): the reference does not pin the file. We read what Feishu's
 * export overview page names (export-overview / 字段说明): one worksheet, row 1 the Chinese
 * header labels, one record per row from row 2; times "YYYY.MM.DD HH:mm:ss (GMT+08:00)",
 * durations "HH:MM:SS", yes/no "是"/"否", counts as numeric cells. A file lacking a header the
 * client reads is refused with one line naming it.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { CellValue, Row } from "exceljs";
import type { ExportKind } from "./api/exports";
import { ExportFileError } from "./errors";
import { streamSheets } from "./xlsx-stream";
import {
  runExport,
  type ExportClient,
  type ExportProgress,
  type ExportRequest,
} from "./export-task";

/** One meeting of a `meeting_list` export (sheet 会议明细). */
export interface MeetingRow {
  /** 9-digit meeting number (会议ID). */
  meetingNo: string;
  topic: string;
  organizer: string;
  /** The organizer's user id (用户ID). */
  organizerUserId: string;
  start: Date;
  end: Date;
  durationSec: number;
  /** 参会人数量. */
  participants: number;
  /** Names of the rooms that joined (会议室). */
  roomNames: string[];
  /** Ids of the rooms that joined (会议室ID; ASSUMPTION: mirrors `reserved_rooms`). */
  roomIds: string[];
}

/** One participant of a `participant_list` export (sheet 参会人明细). */
export interface ParticipantRow {
  name: string;
  userId: string;
  /** As meetings name users: 1 Lark user, 2 Rooms, ... (reference 3.2). */
  userType: number;
  /** The room's id when the participant is a room. */
  roomId?: string;
  joinTime: Date;
  leaveTime: Date;
  durationSec: number;
  leaveReason: string;
}

/** One minute of one participant's call quality (sheet 会议质量). */
export interface QualityRow {
  time: Date;
  participant: string;
  latencyMs: number;
  jitterMs: number;
  packetLossPercent: number;
  audioKbps: number;
  videoKbps: number;
}

/** One room booking of a `resource_reservation_list` export (sheet 会议室预定数据). */
export interface ReservationRow {
  roomId: string;
  roomName: string;
  /** Only with `needTopic`. */
  topic?: string;
  reserver: string;
  reserverUserId: string;
  department: string;
  guests: number;
  accepted: number;
  start: Date;
  end: Date;
  status: "booked" | "cancelled" | "released";
  checkedIn: boolean;
  releasedEarly: boolean;
}

/** The row type of each export kind. */
export interface ExportRowsByKind {
  meeting_list: MeetingRow;
  participant_list: ParticipantRow;
  participant_quality_list: QualityRow;
  resource_reservation_list: ReservationRow;
}

/** The row type of export kind `K`. */
export type ExportRowOf<K extends ExportKind> = ExportRowsByKind[K];

/** Reads one cell of the current row by header label, converted, or fails naming row and header. */
interface RowReader {
  text(header: string): string;
  optionalText(header: string): string | undefined;
  number(header: string): number;
  time(header: string): Date;
  durationSec(header: string): number;
  yesNo(header: string): boolean;
  oneOf<T>(header: string, values: Readonly<Record<string, T>>): T;
}

type RowMapper<Row> = { headers: readonly string[]; map: (read: RowReader) => Row };

const MEETINGS: RowMapper<MeetingRow> = {
  headers: [
    "会议ID",
    "会议主题",
    "会议组织者",
    "用户ID",
    "会议开始时间",
    "会议结束时间",
    "会议持续时间",
    "参会人数量",
    "会议室",
    "会议室ID",
  ],
  map: (read) => ({
    meetingNo: read.text("会议ID"),
    topic: read.text("会议主题"),
    organizer: read.text("会议组织者"),
    organizerUserId: read.text("用户ID"),
    start: read.time("会议开始时间"),
    end: read.time("会议结束时间"),
    durationSec: read.durationSec("会议持续时间"),
    participants: read.number("参会人数量"),
    roomNames: splitList(read.text("会议室"), /、/),
    roomIds: splitList(read.text("会议室ID"), /,/),
  }),
};

const PARTICIPANTS: RowMapper<ParticipantRow> = {
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
  map: (read) => {
    const roomId = read.optionalText("会议室ID");
    return {
      name: read.text("参会人"),
      userId: read.text("用户ID"),
      userType: read.number("用户类型"),
      ...(roomId === undefined ? {} : { roomId }),
      joinTime: read.time("入会时间"),
      leaveTime: read.time("离会时间"),
      durationSec: read.durationSec("参会时长"),
      leaveReason: read.text("离会原因"),
    };
  },
};

const QUALITY: RowMapper<QualityRow> = {
  headers: [
    "时间",
    "参会人",
    "网络延迟(ms)",
    "抖动(ms)",
    "丢包率(%)",
    "音频码率(kbps)",
    "视频码率(kbps)",
  ],
  map: (read) => ({
    time: read.time("时间"),
    participant: read.text("参会人"),
    latencyMs: read.number("网络延迟(ms)"),
    jitterMs: read.number("抖动(ms)"),
    packetLossPercent: read.number("丢包率(%)"),
    audioKbps: read.number("音频码率(kbps)"),
    videoKbps: read.number("视频码率(kbps)"),
  }),
};

const RESERVATION_STATUS = { 已预定: "booked", 已取消: "cancelled", 已释放: "released" } as const;
const CHECK_IN = { 已签到: true, 未签到: false } as const;

const RESERVATIONS: RowMapper<ReservationRow> = {
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
    "预定状态",
    "签到状态",
    "是否提前释放",
  ],
  map: (read) => {
    const topic = read.optionalText("会议主题");
    return {
      roomId: read.text("会议室ID"),
      roomName: read.text("会议室名称"),
      ...(topic === undefined ? {} : { topic }),
      reserver: read.text("预定人"),
      reserverUserId: read.text("预定人ID"),
      department: read.text("预定人部门"),
      guests: read.number("邀请人数"),
      accepted: read.number("接受人数"),
      start: read.time("开始时间"),
      end: read.time("结束时间"),
      status: read.oneOf("预定状态", RESERVATION_STATUS),
      checkedIn: read.oneOf("签到状态", CHECK_IN),
      releasedEarly: read.yesNo("是否提前释放"),
    };
  },
};

const MAPPERS: { readonly [K in ExportKind]: RowMapper<ExportRowOf<K>> } = {
  meeting_list: MEETINGS,
  participant_list: PARTICIPANTS,
  participant_quality_list: QUALITY,
  resource_reservation_list: RESERVATIONS,
};

/**
 * The records of an export file of `kind`, typed, in file order. Refuses a file that is not a
 * spreadsheet, lacks a header the rows need, or holds a cell that does not read as its column's
 * type, with one line naming the file, and the header (and row) at fault.
 */
export async function readExportRows<K extends ExportKind>(
  kind: K,
  file: string,
): Promise<ExportRowOf<K>[]> {
  const rows: ExportRowOf<K>[] = [];
  for await (const row of streamExportRows(kind, file)) rows.push(row);
  return rows;
}

/**
 * The records of an export file of `kind`, typed, one at a time as they stream from the file:
 * memory stays bounded by a row, not the file (a quarter's bookings of 500 rooms is ~50,000
 * rows; reading the whole workbook held ~700 MB for it). Same checks and errors as
 * {@link readExportRows}; a row is only yielded once it read cleanly, so a consumer may see rows
 * before a later row fails.
 */
export async function* streamExportRows<K extends ExportKind>(
  kind: K,
  file: string,
): AsyncGenerator<ExportRowOf<K>, void, undefined> {
  const mapper = MAPPERS[kind] as RowMapper<ExportRowOf<K>>;
  let sheets = 0;
  for await (const sheet of streamSheets(file)) {
    // Only the first sheet holds the export; later ones (the spec has none) are skipped.
    if (++sheets > 1) continue;
    let columns: Map<string, number> | undefined;
    for await (const row of sheet.rows) {
      if (columns === undefined) {
        // Row 1 holds the headers; a sheet starting lower has none.
        columns = checkedHeaders(kind, file, sheet.name, row.number === 1 ? row : undefined);
        if (row.number === 1) continue;
      }
      if (!row.hasValues) continue;
      const known = columns;
      yield mapper.map(
        rowReader(file, row.number, (header) => row.getCell(known.get(header)!).value),
      );
    }
    if (columns === undefined) checkedHeaders(kind, file, sheet.name, undefined);
  }
  if (sheets === 0) throw new ExportFileError(file, "has no worksheet");
}

/** Options of {@link fetchExportRows}. */
export interface FetchExportRowsOptions {
  onProgress?: (progress: ExportProgress) => void;
  signal?: AbortSignal;
}

/**
 * Runs the export into a private temp directory, reads its rows and removes the file: the rows
 * without a file to manage.
 */
export async function fetchExportRows<R extends ExportRequest>(
  client: ExportClient,
  request: R,
  options: FetchExportRowsOptions = {},
): Promise<ExportRowOf<R["kind"]>[]> {
  const rows: ExportRowOf<R["kind"]>[] = [];
  for await (const row of streamFetchedExportRows(client, request, options)) rows.push(row);
  return rows;
}

/**
 * As {@link fetchExportRows}, but yields the rows as they stream from the file, for a caller
 * that keeps less than every row (the usage report keeps a few fields of each booking). The
 * export runs on the first `next()`; the file is removed when the rows end or the caller stops.
 */
export async function* streamFetchedExportRows<R extends ExportRequest>(
  client: ExportClient,
  request: R,
  options: FetchExportRowsOptions = {},
): AsyncGenerator<ExportRowOf<R["kind"]>, void, undefined> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "feishu-vc-export-"));
  try {
    const { file } = await runExport(client, request, {
      outFile: path.join(dir, `${request.kind}.xlsx`),
      ...options,
    });
    yield* streamExportRows(request.kind as R["kind"], file);
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}

/**
 * Header label -> column number, from row 1 (`undefined` when the sheet has no row 1); refuses a
 * sheet lacking a header the rows of `kind` need.
 */
function checkedHeaders(
  kind: ExportKind,
  file: string,
  sheetName: string,
  headerRow: Row | undefined,
): Map<string, number> {
  const columns = new Map<string, number>();
  headerRow?.eachCell((cell, column) => {
    const label = cellText(cell.value).trim();
    if (label !== "" && !columns.has(label)) columns.set(label, column);
  });
  const missingHeader = MAPPERS[kind].headers.find((header) => !columns.has(header));
  if (missingHeader !== undefined)
    throw new ExportFileError(
      file,
      `missing header "${missingHeader}" in row 1 of sheet "${sheetName}" (${kind} export)`,
    );
  return columns;
}

function rowReader(file: string, row: number, valueOf: (header: string) => CellValue): RowReader {
  const fail = (header: string, problem: string): never => {
    throw new ExportFileError(file, `row ${row}, column "${header}": ${problem}`);
  };
  const text = (header: string): string => cellText(valueOf(header)).trim();
  return {
    text,
    optionalText: (header) => {
      const value = text(header);
      return value === "" ? undefined : value;
    },
    number: (header) => {
      const value = valueOf(header);
      const number = typeof value === "number" ? value : Number(text(header));
      if (text(header) === "" || !Number.isFinite(number))
        return fail(header, `expected a number, got "${text(header)}"`);
      return number;
    },
    time: (header) => {
      const value = valueOf(header);
      if (value instanceof Date) return value;
      return (
        parseExportTime(text(header)) ??
        fail(
          header,
          `expected a time like "2026.12.01 09:30:00 (GMT+08:00)", got "${text(header)}"`,
        )
      );
    },
    durationSec: (header) => {
      const match = /^(\d+):([0-5]\d):([0-5]\d)$/.exec(text(header));
      if (match === null)
        return fail(header, `expected a duration HH:MM:SS, got "${text(header)}"`);
      return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
    },
    yesNo: (header) => {
      const value = text(header);
      if (value === "是") return true;
      if (value === "否") return false;
      return fail(header, `expected 是 or 否, got "${value}"`);
    },
    oneOf: <T>(header: string, values: Readonly<Record<string, T>>): T => {
      const value = text(header);
      if (!Object.hasOwn(values, value))
        return fail(header, `expected one of ${Object.keys(values).join(", ")}, got "${value}"`);
      return values[value]!;
    },
  };
}

/** "YYYY.MM.DD HH:mm[:ss] (GMT+08:00)" (the zone of the tenant) as a Date. */
function parseExportTime(text: string): Date | undefined {
  const match =
    /^(\d{4})\.(\d{2})\.(\d{2}) (\d{2}):(\d{2})(?::(\d{2}))? \(GMT([+-])(\d{2}):(\d{2})\)$/.exec(
      text,
    );
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s, sign, oh, om] = match;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s ?? "00"}${sign}${oh}:${om}`;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** A cell's text, whatever exceljs made of it (rich text, hyperlink, formula result). */
function cellText(value: CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString();
  if ("richText" in value) return value.richText.map((part) => part.text).join("");
  if ("text" in value && typeof value.text === "string") return value.text;
  if ("result" in value && value.result !== undefined) return cellText(value.result);
  return "";
}

function splitList(text: string, separator: RegExp): string[] {
  return text
    .split(separator)
    .map((item) => item.trim())
    .filter((item) => item !== "");
}
