/**
 * The exports family (reference 3.5): asynchronous spreadsheet exports of meetings, participants,
 * call quality and room bookings. A create answers a task id; the task is polled until done; its
 * `file_token` downloads the file, which comes as a binary stream, not the JSON envelope. Each
 * endpoint is its own 100/min budget. `export-task.ts` runs the whole flow.
 */
import type { Readable } from "node:stream";
import { missing } from "../outcomes";
import type { Requester } from "../requester";
import { DAY_SECONDS, checkId, nowSeconds, refuse, type CallContext } from "./arguments";
import { RATE_TIERS, wire, type ApiFamily, type EndpointTable } from "./endpoint-row";
import { dateSeconds } from "./reports";
import type { UserIdQuery, UserIdType } from "./user-ids";

/** The four export tasks, by their path segment. */
export type ExportKind =
  "meeting_list" | "participant_list" | "participant_quality_list" | "resource_reservation_list";

/** Body of `POST /exports/meeting_list`; times are unix seconds as strings. */
export interface MeetingListExportBody {
  start_time: string;
  end_time: string;
  /** 1 ongoing, 2 ended (default), 3 upcoming. */
  meeting_status?: 1 | 2 | 3;
  /** At most one of meeting_no, user_id, room_id. */
  meeting_no?: string;
  user_id?: string;
  room_id?: string;
  /** 1 all, 2 video meetings, 3 local screen sharing. */
  meeting_type?: 1 | 2 | 3;
}

/** Body of `POST /exports/participant_list`. */
export interface ParticipantListExportBody {
  meeting_start_time: string;
  /** Now, for an ongoing meeting. */
  meeting_end_time: string;
  meeting_status?: 1 | 2 | 3;
  meeting_no: string;
  user_id?: string;
  room_id?: string;
}

/** Body of `POST /exports/participant_quality_list` (ended meetings only). */
export interface ParticipantQualityListExportBody {
  /** Minute precision. */
  meeting_start_time: string;
  meeting_end_time: string;
  meeting_no: string;
  join_time: string;
  /** Exactly one of user_id, room_id. */
  user_id?: string;
  room_id?: string;
}

/** Body of `POST /exports/resource_reservation_list`. */
export interface ResourceReservationListExportBody {
  room_level_id: string;
  need_topic?: boolean;
  start_time: string;
  end_time: string;
  room_ids?: string[];
  /** true: every room of the level except `room_ids`. */
  is_exclude?: boolean;
}

/** `data` of `GET /exports/:task_id`. */
export interface ExportTaskWire {
  /** 1 processing, 2 failed, 3 done. */
  status?: 1 | 2 | 3;
  url?: string;
  file_token?: string;
  fail_msg?: string;
}

type CreateData = { data: { task_id?: string } };
const EXPORT_RATE = RATE_TIERS.perMinute100;

/**
 * Export endpoints (reference 3.5). Creating a task changes nothing in the tenant, and a replay
 * after a lost answer only starts a second task over the same data: the creates are reads that
 * may be retried.
 */
export const EXPORT_ENDPOINTS = {
  "POST /open-apis/vc/v1/exports/meeting_list": {
    io: wire<{ query: UserIdQuery; body: MeetingListExportBody } & CreateData>(),
    kind: "read",
    limits: EXPORT_RATE,
    tokens: ["tenant", "user"],
    idempotent: true,
    action: "export meeting list",
  },
  "POST /open-apis/vc/v1/exports/participant_list": {
    io: wire<{ query: UserIdQuery; body: ParticipantListExportBody } & CreateData>(),
    kind: "read",
    limits: EXPORT_RATE,
    tokens: ["tenant", "user"],
    idempotent: true,
    action: "export participant list",
  },
  "POST /open-apis/vc/v1/exports/participant_quality_list": {
    io: wire<{ query: UserIdQuery; body: ParticipantQualityListExportBody } & CreateData>(),
    kind: "read",
    limits: EXPORT_RATE,
    tokens: ["tenant", "user"],
    idempotent: true,
    action: "export participant quality",
  },
  "POST /open-apis/vc/v1/exports/resource_reservation_list": {
    io: wire<{ body: ResourceReservationListExportBody } & CreateData>(),
    kind: "read",
    limits: EXPORT_RATE,
    tokens: ["tenant", "user"],
    idempotent: true,
    action: "export room bookings",
  },
  "GET /open-apis/vc/v1/exports/:task_id": {
    io: wire<{ path: { task_id: string }; data: ExportTaskWire }>(),
    kind: "read",
    limits: EXPORT_RATE,
    tokens: ["tenant", "user"],
    idempotent: true,
    action: "get export task",
  },
  "GET /open-apis/vc/v1/exports/download": {
    // The answer is the file itself, read through `requestStream`; `data` is never used.
    io: wire<{ query: { file_token: string }; data: Record<string, never> }>(),
    kind: "read",
    limits: EXPORT_RATE,
    tokens: ["tenant", "user"],
    idempotent: true,
    action: "download export file",
  },
} as const satisfies EndpointTable;

/** 1 ongoing, 2 ended (the API's default), 3 upcoming. */
export type MeetingStatusFilter = "ongoing" | "ended" | "upcoming";
const MEETING_STATUS_WIRE = { ongoing: 1, ended: 2, upcoming: 3 } as const;
/** 1 all, 2 video meetings, 3 local screen sharing. */
export type MeetingTypeFilter = "all" | "video" | "screen-share";
const MEETING_TYPE_WIRE = { all: 1, video: 2, "screen-share": 3 } as const;

/** Parameters of {@link ExportsApi.createMeetingList}. */
export interface MeetingListExportParams {
  startTime: Date;
  endTime: Date;
  meetingStatus?: MeetingStatusFilter;
  /** At most one of meetingNo, userId, roomId. */
  meetingNo?: string;
  userId?: string;
  roomId?: string;
  meetingType?: MeetingTypeFilter;
  userIdType?: UserIdType;
}

/** Parameters of {@link ExportsApi.createParticipantList}. */
export interface ParticipantListExportParams {
  meetingStartTime: Date;
  meetingEndTime: Date;
  meetingNo: string;
  meetingStatus?: MeetingStatusFilter;
  /** At most one of userId, roomId. */
  userId?: string;
  roomId?: string;
  userIdType?: UserIdType;
}

/** Parameters of {@link ExportsApi.createParticipantQualityList}. */
export interface ParticipantQualityListExportParams {
  meetingStartTime: Date;
  meetingEndTime: Date;
  meetingNo: string;
  /** When the participant joined. */
  joinTime: Date;
  /** Exactly one of userId, roomId. */
  userId?: string;
  roomId?: string;
  userIdType?: UserIdType;
}

/** Parameters of {@link ExportsApi.createResourceReservationList}. */
export interface ResourceReservationListExportParams {
  roomLevelId: string;
  startTime: Date;
  endTime: Date;
  roomIds?: string[];
  /** true: every room of the level except `roomIds`. */
  isExclude?: boolean;
  /** Include the meeting topics (column 会议主题). */
  needTopic?: boolean;
}

/** An export task's state. */
export interface ExportTask {
  status: "processing" | "failed" | "done";
  /** The file's address (only the app creator may open it); downloads go through `fileToken`. */
  url?: string;
  fileToken?: string;
  /** Why the task failed. */
  failMsg?: string;
}

/**
 * Longest export window. The reference gives none for exports; the rule (90 days, as for
 * reports and meetings) is the stricter choice.
 */
export const EXPORT_WINDOW_MAX_DAYS = 90;
/** A meeting number: 9 digits (reference 1.13, 3.2). */
const MEETING_NO_PATTERN = /^\d{9}$/;
const TASK_STATUS = { 1: "processing", 2: "failed", 3: "done" } as const;

const call = (key: keyof typeof EXPORT_ENDPOINTS): CallContext => ({
  endpoint: key,
  action: EXPORT_ENDPOINTS[key].action,
});

export class ExportsApi {
  constructor(private readonly client: Requester) {}

  /** Starts an export of meetings held in the window; answers the task id. */
  async createMeetingList(params: MeetingListExportParams): Promise<string> {
    const key = "POST /open-apis/vc/v1/exports/meeting_list";
    const at = call(key);
    const [start, end] = exportWindow(at, "start_time", "end_time", params);
    atMostOne(at, params, ["meetingNo", "userId", "roomId"]);
    if (params.meetingNo !== undefined) checkMeetingNo(at, params.meetingNo);
    optionalId(at, "user_id", params.userId);
    optionalId(at, "room_id", params.roomId);
    const status = enumWire(at, "meeting_status", params.meetingStatus, MEETING_STATUS_WIRE);
    const type = enumWire(at, "meeting_type", params.meetingType, MEETING_TYPE_WIRE);
    const data = await this.client.request(key, {
      query: userIdTypeQuery(params.userIdType),
      body: {
        start_time: start,
        end_time: end,
        ...(status === undefined ? {} : { meeting_status: status }),
        ...(params.meetingNo === undefined ? {} : { meeting_no: params.meetingNo }),
        ...(params.userId === undefined ? {} : { user_id: params.userId }),
        ...(params.roomId === undefined ? {} : { room_id: params.roomId }),
        ...(type === undefined ? {} : { meeting_type: type }),
      },
    });
    return taskIdOf(key, data.task_id);
  }

  /** Starts an export of one meeting's participants; answers the task id. */
  async createParticipantList(params: ParticipantListExportParams): Promise<string> {
    const key = "POST /open-apis/vc/v1/exports/participant_list";
    const at = call(key);
    const [start, end] = exportWindow(at, "meeting_start_time", "meeting_end_time", {
      startTime: params?.meetingStartTime,
      endTime: params?.meetingEndTime,
    });
    checkMeetingNo(at, params.meetingNo);
    // "one of user_id / room_id" (reference 3.5) read as an optional filter: at most one.
    atMostOne(at, params, ["userId", "roomId"]);
    optionalId(at, "user_id", params.userId);
    optionalId(at, "room_id", params.roomId);
    const status = enumWire(at, "meeting_status", params.meetingStatus, MEETING_STATUS_WIRE);
    const data = await this.client.request(key, {
      query: userIdTypeQuery(params.userIdType),
      body: {
        meeting_start_time: start,
        meeting_end_time: end,
        meeting_no: params.meetingNo,
        ...(status === undefined ? {} : { meeting_status: status }),
        ...(params.userId === undefined ? {} : { user_id: params.userId }),
        ...(params.roomId === undefined ? {} : { room_id: params.roomId }),
      },
    });
    return taskIdOf(key, data.task_id);
  }

  /** Starts an export of one participant's call quality in an ended meeting; answers the task id. */
  async createParticipantQualityList(params: ParticipantQualityListExportParams): Promise<string> {
    const key = "POST /open-apis/vc/v1/exports/participant_quality_list";
    const at = call(key);
    const [start, end] = exportWindow(at, "meeting_start_time", "meeting_end_time", {
      startTime: params?.meetingStartTime,
      endTime: params?.meetingEndTime,
    });
    checkMeetingNo(at, params.meetingNo);
    const join = dateSeconds(at, "join_time", params.joinTime);
    if ((params.userId === undefined) === (params.roomId === undefined))
      refuse(at, "user_id", "or room_id is required: exactly one of them (reference 3.5)");
    optionalId(at, "user_id", params.userId);
    optionalId(at, "room_id", params.roomId);
    const data = await this.client.request(key, {
      query: userIdTypeQuery(params.userIdType),
      body: {
        meeting_start_time: start,
        meeting_end_time: end,
        meeting_no: params.meetingNo,
        join_time: String(join),
        ...(params.userId === undefined ? {} : { user_id: params.userId }),
        ...(params.roomId === undefined ? {} : { room_id: params.roomId }),
      },
    });
    return taskIdOf(key, data.task_id);
  }

  /**
   * Starts an export of the bookings of a level's rooms (or only `roomIds`, or all but them with
   * `isExclude`); the window may reach up to 90 days into the future. Answers the task id.
   */
  async createResourceReservationList(
    params: ResourceReservationListExportParams,
  ): Promise<string> {
    const key = "POST /open-apis/vc/v1/exports/resource_reservation_list";
    const at = call(key);
    checkId(at, "room_level_id", params?.roomLevelId);
    const [start, end] = exportWindow(at, "start_time", "end_time", params);
    const horizon = nowSeconds(() => this.client.now()) + EXPORT_WINDOW_MAX_DAYS * DAY_SECONDS;
    if (Number(end) > horizon)
      refuse(at, "end_time", `must be at most ${EXPORT_WINDOW_MAX_DAYS} days from now`);
    if (params.roomIds !== undefined) {
      if (!Array.isArray(params.roomIds)) refuse(at, "room_ids", "must be a list");
      params.roomIds.forEach((id, index) => checkId(at, `room_ids[${index}]`, id));
    }
    const data = await this.client.request(key, {
      body: {
        room_level_id: params.roomLevelId,
        start_time: start,
        end_time: end,
        ...(params.needTopic === undefined ? {} : { need_topic: params.needTopic }),
        ...(params.roomIds === undefined ? {} : { room_ids: [...params.roomIds] }),
        ...(params.isExclude === undefined ? {} : { is_exclude: params.isExclude }),
      },
    });
    return taskIdOf(key, data.task_id);
  }

  /** A task's state: processing, failed (with `failMsg`) or done (with `fileToken`). */
  async getTask(taskId: string): Promise<ExportTask> {
    const key = "GET /open-apis/vc/v1/exports/:task_id";
    checkId(call(key), "task_id", taskId);
    const data = await this.client.request(key, { path: { task_id: taskId } });
    const status = data.status === undefined ? undefined : TASK_STATUS[data.status];
    if (status === undefined) throw missing(key, call(key).action, "known status");
    return {
      status,
      ...(data.url === undefined || data.url === "" ? {} : { url: data.url }),
      ...(data.file_token === undefined || data.file_token === ""
        ? {}
        : { fileToken: data.file_token }),
      ...(data.fail_msg === undefined || data.fail_msg === "" ? {} : { failMsg: data.fail_msg }),
    };
  }

  /**
   * The file of a done task, as an unread stream (an .xlsx). A failure before the first byte is
   * retried like any read; a connection dropped mid-file errors the stream.
   */
  async download(fileToken: string): Promise<Readable> {
    const key = "GET /open-apis/vc/v1/exports/download";
    checkId(call(key), "file_token", fileToken);
    return await this.client.requestStream(key, { query: { file_token: fileToken } });
  }
}

/** start before end, at most 90 days apart; answers both as unix-seconds strings. */
function exportWindow(
  at: CallContext,
  startField: string,
  endField: string,
  window: { startTime: Date | undefined; endTime: Date | undefined },
): [string, string] {
  const start = dateSeconds(at, startField, window?.startTime);
  const end = dateSeconds(at, endField, window?.endTime);
  if (start >= end) refuse(at, startField, `must be before ${endField}`);
  if (end - start > EXPORT_WINDOW_MAX_DAYS * DAY_SECONDS)
    refuse(at, startField, `to ${endField} must span at most ${EXPORT_WINDOW_MAX_DAYS} days`);
  return [String(start), String(end)];
}

const WIRE_NAMES = { meetingNo: "meeting_no", userId: "user_id", roomId: "room_id" } as const;

function atMostOne<P extends Partial<Record<keyof typeof WIRE_NAMES, string>>>(
  at: CallContext,
  params: P,
  names: readonly (keyof typeof WIRE_NAMES)[],
): void {
  const given = names.filter((name) => params[name] !== undefined);
  if (given.length > 1)
    refuse(
      at,
      WIRE_NAMES[given[1]!],
      `cannot be combined with ${WIRE_NAMES[given[0]!]}: at most one of ${names.map((name) => WIRE_NAMES[name]).join(", ")}`,
    );
}

function checkMeetingNo(at: CallContext, value: string): void {
  if (typeof value !== "string" || !MEETING_NO_PATTERN.test(value))
    refuse(at, "meeting_no", `must be 9 digits, got "${String(value)}"`);
}

function optionalId(at: CallContext, field: string, value: string | undefined): void {
  if (value !== undefined) checkId(at, field, value);
}

function enumWire<Name extends string, Wire>(
  at: CallContext,
  field: string,
  value: Name | undefined,
  table: Readonly<Record<Name, Wire>>,
): Wire | undefined {
  if (value === undefined) return undefined;
  if (!Object.hasOwn(table, value))
    refuse(at, field, `must be one of ${Object.keys(table).join(", ")}, got "${String(value)}"`);
  return table[value];
}

function userIdTypeQuery(type: UserIdType | undefined): UserIdQuery {
  return type === undefined ? {} : { user_id_type: type };
}

function taskIdOf(key: keyof typeof EXPORT_ENDPOINTS, taskId: string | undefined): string {
  if (taskId === undefined || taskId === "") throw missing(key, call(key).action, "task_id");
  return taskId;
}

/** The exports family, as `endpoints.ts` registers it. */
export const EXPORTS_FAMILY = {
  endpoints: EXPORT_ENDPOINTS,
  createApi: (requester) => new ExportsApi(requester),
} as const satisfies ApiFamily<typeof EXPORT_ENDPOINTS, ExportsApi>;
