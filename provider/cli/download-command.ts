/**
 * `feishu-vc download meetings|participants|quality|room-bookings` (reference 3.5, issue 20): runs
 * an export task and writes its file to `--out`, as the service's .xlsx or converted to CSV or
 * JSON from its rows. Bad flags, a missing directory or an existing file (without `--force`) are
 * refused with one line before any call; the file appears only once complete. Progress goes to
 * stderr while the task runs.
 */
import * as path from "node:path";
import type { Command } from "commander";
import {
  EXPORT_WINDOW_MAX_DAYS,
  checkExportOutFile,
  fetchExportRows,
  isArgumentError,
  isExportFileError,
  runExport,
  writeExportFile,
  type ExportRequest,
  type ExportRowOf,
  type FeishuVcClient,
  type MeetingStatusFilter,
} from "../client";
import {
  collect,
  fieldsTable,
  runApiCommand,
  UsageError,
  userIdQuery,
  withApiOptions,
  withUserIdType,
  type ApiOptions,
  type ApiResult,
} from "./api-command";
import { toCsv, type CsvCell } from "./csv-output";
import { DEFAULT_UTC_OFFSET, dateFlag, timeText, utcOffsetMinutes } from "./date-flags";
import { exportProgressDisplay } from "./export-progress";

const FORMATS = ["xlsx", "csv", "json"] as const;
type Format = (typeof FORMATS)[number];

interface DownloadOptions extends ApiOptions {
  from?: string;
  to?: string;
  out?: string;
  format?: string;
  force?: boolean;
  utcOffset: string;
  meetingNo?: string;
  userId?: string;
  roomId?: string;
  status?: string;
  joinTime?: string;
  levelId?: string;
  rooms?: string[];
  exclude?: boolean;
  topics?: boolean;
}

/** Which flag a field refused by the client came from (field names as the API spells them). */
const FLAG_OF_FIELD: Readonly<Record<string, string>> = {
  start_time: "--from",
  end_time: "--to",
  meeting_start_time: "--from",
  meeting_end_time: "--to",
  meeting_no: "--meeting-no",
  user_id: "--user-id",
  room_id: "--room-id",
  meeting_status: "--status",
  join_time: "--join-time",
  room_level_id: "--level-id",
  room_ids: "--rooms",
};

/** The export each sub-command runs, and how its flags make the request. */
interface Subcommand {
  name: string;
  description: string;
  flags: (command: Command) => Command;
  request: (options: DownloadOptions, window: { start: Date; end: Date }) => ExportRequest;
}

const STATUSES = ["ongoing", "ended", "upcoming"] as const;

function statusOf(options: DownloadOptions): { meetingStatus?: MeetingStatusFilter } {
  if (options.status === undefined) return {};
  if (!(STATUSES as readonly string[]).includes(options.status))
    throw new UsageError(`--status must be one of ${STATUSES.join(", ")}, got "${options.status}"`);
  return { meetingStatus: options.status as MeetingStatusFilter };
}

function defined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}

const meetingFilters = (command: Command): Command =>
  command
    .option("--meeting-no <no>", "only this 9-digit meeting number")
    .option("--user-id <id>", "only meetings of this user")
    .option("--room-id <id>", "only meetings in this room")
    .option("--status <status>", `meeting status: ${STATUSES.join(", ")} (default ended)`);

const SUBCOMMANDS: readonly Subcommand[] = [
  {
    name: "meetings",
    description: "meetings held in the window (meeting_list; at most one of the filters)",
    flags: meetingFilters,
    request: (options, window) => ({
      kind: "meeting_list",
      params: {
        startTime: window.start,
        endTime: window.end,
        ...defined({
          meetingNo: options.meetingNo,
          userId: options.userId,
          roomId: options.roomId,
          userIdType: userIdQuery(options).user_id_type,
        }),
        ...statusOf(options),
      },
    }),
  },
  {
    name: "participants",
    description: "participants of a meeting (participant_list; --from/--to: the meeting's times)",
    flags: meetingFilters,
    request: (options, window) => ({
      kind: "participant_list",
      params: {
        meetingStartTime: window.start,
        meetingEndTime: window.end,
        meetingNo: required("--meeting-no", options.meetingNo),
        ...defined({
          userId: options.userId,
          roomId: options.roomId,
          userIdType: userIdQuery(options).user_id_type,
        }),
        ...statusOf(options),
      },
    }),
  },
  {
    name: "quality",
    description:
      "call quality of one participant of an ended meeting (participant_quality_list; exactly one of --user-id, --room-id)",
    flags: (command) =>
      command
        .option("--meeting-no <no>", "the 9-digit meeting number (required)")
        .option("--join-time <time>", "when the participant joined (ISO 8601; required)")
        .option("--user-id <id>", "the participant, a user")
        .option("--room-id <id>", "the participant, a room"),
    request: (options, window) => ({
      kind: "participant_quality_list",
      params: {
        meetingStartTime: window.start,
        meetingEndTime: window.end,
        meetingNo: required("--meeting-no", options.meetingNo),
        joinTime: dateFlag(
          "--join-time",
          options.joinTime,
          "start",
          utcOffsetMinutes("--utc-offset", options.utcOffset),
        ),
        ...defined({
          userId: options.userId,
          roomId: options.roomId,
          userIdType: userIdQuery(options).user_id_type,
        }),
      },
    }),
  },
  {
    name: "room-bookings",
    description: `bookings of a level's rooms (resource_reservation_list; up to ${EXPORT_WINDOW_MAX_DAYS} days ahead)`,
    flags: (command) =>
      command
        .option("--level-id <id>", "the room level whose rooms to export (required)")
        .option("--rooms <ids>", "only these rooms (comma-separated, or repeat the flag)", collect)
        .option("--exclude", "every room of the level except --rooms")
        .option("--topics", "include the meeting topics"),
    request: (options, window) => {
      const rooms = options.rooms
        ?.flatMap((value) => value.split(","))
        .map((id) => id.trim())
        .filter((id) => id !== "");
      if (options.exclude === true && (rooms === undefined || rooms.length === 0))
        throw new UsageError("--exclude needs --rooms: the rooms to leave out");
      return {
        kind: "resource_reservation_list",
        params: {
          roomLevelId: required("--level-id", options.levelId),
          startTime: window.start,
          endTime: window.end,
          ...(rooms === undefined ? {} : { roomIds: rooms }),
          ...(options.exclude === true ? { isExclude: true } : {}),
          ...(options.topics === true ? { needTopic: true } : {}),
        },
      };
    },
  },
];

function required(flag: string, value: string | undefined): string {
  if (value === undefined || value === "") throw new UsageError(`${flag} is required`);
  return value;
}

/** `--format`, else the extension of `--out`, else xlsx. */
function formatOf(options: DownloadOptions, out: string): Format {
  if (options.format !== undefined) {
    if (!(FORMATS as readonly string[]).includes(options.format))
      throw new UsageError(
        `--format must be one of ${FORMATS.join(", ")}, got "${options.format}"`,
      );
    return options.format as Format;
  }
  const extension = path.extname(out).slice(1).toLowerCase();
  return (FORMATS as readonly string[]).includes(extension) ? (extension as Format) : "xlsx";
}

export function registerDownloadCommand(
  program: Command,
  setExitCode: (code: number) => void,
): void {
  const download = program
    .command("download")
    .description(
      "export meetings, participants, call quality or room bookings to a file (exports API)",
    );
  for (const sub of SUBCOMMANDS) {
    const command = sub
      .flags(download.command(sub.name).description(sub.description))
      .option("--from <date>", "window start: a day (YYYY-MM-DD) or ISO 8601 with a zone; required")
      .option("--to <date>", "window end: a day, whole (YYYY-MM-DD), or ISO 8601; required")
      .option("--out <file>", "the file to write (its directory must exist); required")
      .option(
        "--format <format>",
        `${FORMATS.join(", ")} (default: from --out's extension, else xlsx)`,
      )
      .option("--force", "overwrite --out if it exists")
      .option(
        "--utc-offset <offset>",
        "time zone of YYYY-MM-DD dates and CSV times",
        DEFAULT_UTC_OFFSET,
      );
    withUserIdType(withApiOptions(command, "none")).action((options: DownloadOptions) =>
      runApiCommand(`download ${sub.name}`, options, setExitCode, (client) =>
        runDownload(client, sub, options),
      ),
    );
  }
}

async function runDownload(
  client: FeishuVcClient,
  sub: Subcommand,
  options: DownloadOptions,
): Promise<ApiResult> {
  const out = required("--out", options.out);
  const force = options.force === true;
  const offset = utcOffsetMinutes("--utc-offset", options.utcOffset);
  const window = {
    start: dateFlag("--from", options.from, "start", offset),
    end: dateFlag("--to", options.to, "end", offset),
  };
  const format = formatOf(options, out);
  const request = sub.request(options, window);
  try {
    checkExportOutFile(out, force);
  } catch (error) {
    if (isExportFileError(error)) throw new UsageError(`--out: ${error.message}`);
    throw error;
  }
  const display = exportProgressDisplay(`feishu-vc download ${sub.name}`);
  try {
    if (format === "xlsx") {
      const { file, bytes } = await runExport(client, request, {
        outFile: out,
        force,
        onProgress: (progress) => display.onProgress(progress),
      });
      const summary = { file, format, bytes };
      return { table: fieldsTable(summary), json: summary };
    }
    const rows = await fetchExportRows(client, request, {
      onProgress: (progress) => display.onProgress(progress),
    });
    const text =
      format === "json"
        ? `${JSON.stringify(rows, null, 2)}\n`
        : await rowsCsv(request.kind, rows, offset);
    const { file, bytes } = await writeExportFile(out, text, { force });
    const summary = { file, format, rows: rows.length, bytes };
    return { table: fieldsTable(summary), json: summary };
  } catch (error) {
    if (isArgumentError(error) && FLAG_OF_FIELD[baseField(error.field)] !== undefined)
      throw new UsageError(`${FLAG_OF_FIELD[baseField(error.field)]}: ${error.message}`);
    throw error;
  } finally {
    display.stop();
  }
}

/** `room_ids[2]` -> `room_ids`. */
const baseField = (field: string): string => field.replace(/\[\d+\]$/, "");

/** Column order of each kind's CSV: the row type's fields. */
const CSV_COLUMNS: { readonly [K in ExportRequest["kind"]]: readonly (keyof ExportRowOf<K>)[] } = {
  meeting_list: [
    "meetingNo",
    "topic",
    "organizer",
    "organizerUserId",
    "start",
    "end",
    "durationSec",
    "participants",
    "roomNames",
    "roomIds",
  ],
  participant_list: [
    "name",
    "userId",
    "userType",
    "roomId",
    "joinTime",
    "leaveTime",
    "durationSec",
    "leaveReason",
  ],
  participant_quality_list: [
    "time",
    "participant",
    "latencyMs",
    "jitterMs",
    "packetLossPercent",
    "audioKbps",
    "videoKbps",
  ],
  resource_reservation_list: [
    "roomId",
    "roomName",
    "topic",
    "reserver",
    "reserverUserId",
    "department",
    "guests",
    "accepted",
    "start",
    "end",
    "status",
    "checkedIn",
    "releasedEarly",
  ],
};

/** The rows as CSV: times in the `--utc-offset` zone, lists joined with commas. */
async function rowsCsv(
  kind: ExportRequest["kind"],
  rows: readonly object[],
  offset: number,
): Promise<string> {
  const columns = CSV_COLUMNS[kind] as readonly string[];
  const cell = (value: unknown): CsvCell => {
    if (value === undefined || value === null) return "";
    if (value instanceof Date) return timeText(value, offset);
    if (Array.isArray(value)) return value.join(",");
    if (typeof value === "number" || typeof value === "boolean" || typeof value === "string")
      return value;
    return JSON.stringify(value);
  };
  return await toCsv(
    columns,
    rows.map((row) => columns.map((column) => cell((row as Record<string, unknown>)[column]))),
  );
}
