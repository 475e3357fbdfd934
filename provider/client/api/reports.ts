/**
 * The reports family (reference 3.4): meeting statistics of the tenant per day, and its most active
 * users. Tenant token only; the window lies within the last 90 days. Every number is a string on
 * the wire; the typed results carry numbers.
 */
import { missing } from "../outcomes";
import type { Requester } from "../requester";
import { DAY_SECONDS, checkIntegerRange, nowSeconds, refuse, type CallContext } from "./arguments";
import { RATE_TIERS, wire, type ApiFamily, type EndpointTable } from "./endpoint-row";
import type { UserIdType } from "./user-ids";

/**
 * Data residency unit of a multi-residency tenant: 0 mainland China, 1 US, 2 Singapore, 3 Japan
 * (reference 3.4; ignored for other tenants).
 */
export type ReportUnit = 0 | 1 | 2 | 3;

/** Query of `GET /reports/get_daily`. */
export interface DailyReportQuery {
  /** Unix seconds as strings. */
  start_time: string;
  end_time: string;
  unit?: ReportUnit;
}

/** Query of `GET /reports/get_top_user`. */
export interface TopUserQuery extends DailyReportQuery {
  /** At most 100. */
  limit: number;
  /** 1 meeting count, 2 meeting duration; descending. */
  order_by: 1 | 2;
  user_id_type?: UserIdType;
}

/** One day of `get_daily`, numbers as strings (reference 3.4). */
export interface DailyReportWireDay {
  /** Unix seconds of the day's start. */
  date?: string;
  meeting_count?: string;
  /** Seconds. */
  meeting_duration?: string;
  participant_count?: string;
}

/** `data.meeting_report` of `get_daily`, numbers as strings. */
export interface MeetingReportWire {
  total_meeting_count?: string;
  /** Seconds. */
  total_meeting_duration?: string;
  total_participant_count?: string;
  daily_report?: DailyReportWireDay[];
}

/** One user of `get_top_user`, numbers as strings (the SDK types `user_type` as a number). */
export interface TopUserWire {
  id?: string;
  name?: string;
  user_type?: number | string;
  meeting_count?: string;
  /** Minutes. */
  meeting_duration?: string;
}

const SPECIAL = RATE_TIERS.perMinute10;

/** Report endpoints (reference 3.4). */
export const REPORT_ENDPOINTS = {
  "GET /open-apis/vc/v1/reports/get_daily": {
    io: wire<{ query: DailyReportQuery; data: { meeting_report?: MeetingReportWire } }>(),
    kind: "read",
    // "special" (not published): paced at tier 1, 10/min, the stricter guess (RATE_TIERS).
    limits: SPECIAL,
    tokens: ["tenant"],
    idempotent: true,
    action: "get daily meeting report",
  },
  "GET /open-apis/vc/v1/reports/get_top_user": {
    io: wire<{ query: TopUserQuery; data: { top_user_report?: TopUserWire[] } }>(),
    kind: "read",
    // "special" (not published): paced at tier 1, 10/min, the stricter guess (RATE_TIERS).
    limits: SPECIAL,
    tokens: ["tenant"],
    idempotent: true,
    action: "get top users report",
  },
} as const satisfies EndpointTable;

/** The tenant's meetings over a window, in total and per day. */
export interface DailyReport {
  totalMeetingCount: number;
  totalMeetingDurationSec: number;
  totalParticipantCount: number;
  days: DailyReportDay[];
}

/** One day of a {@link DailyReport}. */
export interface DailyReportDay {
  /** Start of the day, as the service counts days. */
  date: Date;
  meetingCount: number;
  meetingDurationSec: number;
  participantCount: number;
}

/** One user of the top-users report. */
export interface TopUser {
  id: string;
  name: string;
  /** As meetings name users: 1 Lark user, 2 Rooms, ... (reference 3.2). */
  userType: number;
  meetingCount: number;
  meetingDurationMin: number;
}

/** A report window: `startTime` before `endTime`, within the last 90 days. */
export interface ReportWindow {
  startTime: Date;
  endTime: Date;
  unit?: ReportUnit;
}

/** Parameters of {@link ReportsApi.getTopUsers}. */
export interface TopUsersParams extends ReportWindow {
  /** 1 to 100. */
  limit: number;
  /** Ranking: by number of meetings or by time in meetings, descending. */
  orderBy: "count" | "duration";
  userIdType?: UserIdType;
}

/** How far back reports reach (reference 3.4: "last 90 days"). */
export const REPORT_HISTORY_DAYS = 90;
/** Most users `get_top_user` returns (reference 3.4). */
export const TOP_USERS_LIMIT_MAX = 100;
/**
 * How far past now a window may end. The reference only says "last 90 days"; one day of slack
 * lets "until the end of today" through in any time zone, and is the emulator's rule too (issue 20).
 */
const REPORT_END_SLACK_SECONDS = DAY_SECONDS;

const DAILY = "GET /open-apis/vc/v1/reports/get_daily";
const TOP_USER = "GET /open-apis/vc/v1/reports/get_top_user";
const call = (key: keyof typeof REPORT_ENDPOINTS): CallContext => ({
  endpoint: key,
  action: REPORT_ENDPOINTS[key].action,
});

export class ReportsApi {
  constructor(private readonly client: Requester) {}

  /** Meetings, time in meetings and participants of the tenant, in total and per day. */
  async getDaily(window: ReportWindow): Promise<DailyReport> {
    const query = this.windowQuery(call(DAILY), window);
    const data = await this.client.request(DAILY, { query });
    const report = data.meeting_report;
    if (report === undefined) throw missing(DAILY, call(DAILY).action, "meeting_report");
    const number = (value: string | undefined, field: string): number =>
      wireNumber(DAILY, field, value);
    return {
      totalMeetingCount: number(report.total_meeting_count, "total_meeting_count"),
      totalMeetingDurationSec: number(report.total_meeting_duration, "total_meeting_duration"),
      totalParticipantCount: number(report.total_participant_count, "total_participant_count"),
      days: (report.daily_report ?? []).map((day) => ({
        date: new Date(number(day.date, "daily_report.date") * 1000),
        meetingCount: number(day.meeting_count, "daily_report.meeting_count"),
        meetingDurationSec: number(day.meeting_duration, "daily_report.meeting_duration"),
        participantCount: number(day.participant_count, "daily_report.participant_count"),
      })),
    };
  }

  /**
   * The most active users over the window. The list may hold rooms: with `userIdType: "user_id"`
   * the service then refuses (400/122359), so prefer open ids.
   */
  async getTopUsers(params: TopUsersParams): Promise<TopUser[]> {
    const at = call(TOP_USER);
    const window = this.windowQuery(at, params);
    if (params.limit === undefined) refuse(at, "limit", "is required");
    checkIntegerRange(at, "limit", params.limit, 1, TOP_USERS_LIMIT_MAX);
    if (params.orderBy !== "count" && params.orderBy !== "duration")
      refuse(at, "order_by", `must be "count" or "duration", got "${String(params.orderBy)}"`);
    const data = await this.client.request(TOP_USER, {
      query: {
        ...window,
        limit: params.limit,
        order_by: params.orderBy === "count" ? 1 : 2,
        ...(params.userIdType === undefined ? {} : { user_id_type: params.userIdType }),
      },
    });
    return (data.top_user_report ?? []).map((user) => ({
      id: user.id ?? "",
      name: user.name ?? "",
      userType: wireNumber(TOP_USER, "user_type", user.user_type),
      meetingCount: wireNumber(TOP_USER, "meeting_count", user.meeting_count),
      meetingDurationMin: wireNumber(TOP_USER, "meeting_duration", user.meeting_duration),
    }));
  }

  /** start before end, start within the last 90 days, end at most a day past now. */
  private windowQuery(at: CallContext, window: ReportWindow): DailyReportQuery {
    const start = dateSeconds(at, "start_time", window?.startTime);
    const end = dateSeconds(at, "end_time", window?.endTime);
    if (start >= end) refuse(at, "start_time", "must be before end_time");
    const now = nowSeconds(() => this.client.now());
    if (start < now - REPORT_HISTORY_DAYS * DAY_SECONDS)
      refuse(at, "start_time", `must be within the last ${REPORT_HISTORY_DAYS} days`);
    if (end > now + REPORT_END_SLACK_SECONDS)
      refuse(at, "end_time", "must not be more than a day in the future");
    checkIntegerRange(at, "unit", window.unit, 0, 3);
    return {
      start_time: String(start),
      end_time: String(end),
      ...(window.unit === undefined ? {} : { unit: window.unit }),
    };
  }
}

/** A `Date` argument as unix seconds; refused when it is not a valid date. */
export function dateSeconds(at: CallContext, field: string, value: Date | undefined): number {
  if (!(value instanceof Date) || Number.isNaN(value.getTime()))
    refuse(at, field, `must be a valid Date, got ${String(value)}`);
  return Math.floor(value.getTime() / 1000);
}

/** A number the wire sends as a string (or a number); anything else is an unreadable answer. */
function wireNumber(endpoint: string, field: string, value: string | number | undefined): number {
  const number = typeof value === "number" ? value : value === undefined ? NaN : Number(value);
  if (typeof value === "string" && value.trim() === "") return wireNumberFailure(endpoint, field);
  if (!Number.isFinite(number)) return wireNumberFailure(endpoint, field);
  return number;
}

function wireNumberFailure(endpoint: string, field: string): never {
  const action = endpoint === DAILY ? call(DAILY).action : call(TOP_USER).action;
  throw missing(endpoint, action, `number in ${field}`);
}

/** The reports family, as `endpoints.ts` registers it. */
export const REPORTS_FAMILY = {
  endpoints: REPORT_ENDPOINTS,
  createApi: (requester) => new ReportsApi(requester),
} as const satisfies ApiFamily<typeof REPORT_ENDPOINTS, ReportsApi>;
