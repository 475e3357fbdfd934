/**
 * The reservation family (reference 3.1): meeting bridges booked ahead (`reserves`). Wire types,
 * endpoint rows and typed calls. Every endpoint takes a tenant token (then `owner_id` names the
 * owner on apply) or the owner's user token. Reservations cannot be listed, so an ambiguous
 * apply cannot be resolved by reading and is never replayed (ADR 0002).
 */
import { AmbiguousWriteError } from "../errors";
import { isAmbiguousWrite, missing } from "../outcomes";
import type { Requester } from "../requester";
import {
  DAY_SECONDS,
  checkId,
  checkMaxItems,
  nowSeconds,
  refuse,
  unixSeconds,
  type CallContext,
} from "./arguments";
import { RATE_TIERS, wire, type ApiFamily, type EndpointTable } from "./endpoint-row";
import type { Meeting, MeetingGetQuery } from "./meetings";
import type { UserIdQuery } from "./user-ids";

/** Who may check a permission against what (reference 3.1 `permission_checkers`). */
export interface PermissionChecker {
  /** 1 user id, 2 user type, 3 tenant id. */
  check_field: 1 | 2 | 3;
  /** 1 allow-list, 2 deny-list. */
  check_mode: 1 | 2;
  check_list: string[];
}

/** One permission of the meeting and who holds it. */
export interface ActionPermission {
  /** 1 can be host, 2 can invite, 3 can join. */
  permission: 1 | 2 | 3;
  permission_checkers: PermissionChecker[];
}

/** The callee of a 1v1 PSTN call (`meeting_initial_type` 2). */
export interface ReserveCallSetting {
  callee: {
    id?: string;
    /** Only 6 (PSTN) is documented. */
    user_type: 6;
    pstn_sip_info?: { nickname?: string; main_address: string };
  };
}

/** A host assigned ahead. */
export interface AssignHost {
  /** 1 Lark user. */
  user_type?: 1;
  id?: string;
}

/** `meeting_settings` of apply and update (reference 3.1). */
export interface ReserveMeetingSettings {
  topic?: string;
  action_permissions?: ActionPermission[];
  /** 1 group meeting, 2 1v1 PSTN call. */
  meeting_initial_type?: 1 | 2;
  /** Beta; cannot be changed by update. */
  meeting_connect?: boolean;
  call_setting?: ReserveCallSetting;
  /** Default false; a 1v1 call cannot auto-record (123002). */
  auto_record?: boolean;
  /** At most 10 (123003). */
  assign_host_list?: AssignHost[];
  /** Absent = the owner's own setting; empty = no password; else 4–9 digits (123006). */
  password?: string;
}

/** Body of `POST /reserves/apply`. */
export interface ReserveApplyBody {
  /** Unix seconds as a string, at most 30 days ahead; required for group meetings. */
  end_time?: string;
  /** Required with a tenant token, ignored with a user token. */
  owner_id?: string;
  meeting_settings: ReserveMeetingSettings;
}

/**
 * Body of `PUT /reserves/:reserve_id`: every field optional; fields sent empty are cleared,
 * omitted ones kept. `meeting_connect` cannot be updated.
 */
export interface ReserveUpdateBody {
  end_time?: string;
  meeting_settings?: Omit<ReserveMeetingSettings, "meeting_connect">;
}

/** A reservation as the service answers it. */
export interface Reserve {
  id: string;
  /** 9 digits. */
  meeting_no: string;
  password?: string;
  url?: string;
  app_link?: string;
  live_link?: string;
  /** Unix seconds as a string. */
  end_time?: string;
  /** 1 not expired, 2 expired (update and get). */
  expire_status?: 1 | 2;
  /** The owner (get). */
  reserve_user_id?: string;
  meeting_settings?: ReserveMeetingSettings;
}

/** Host ids of the request the service could not use. */
export interface ReserveCorrectionCheckInfo {
  invalid_host_id_list?: string[];
}

/** What apply and update answer. */
export interface ReserveResult {
  reserve: Reserve;
  reserve_correction_check_info?: ReserveCorrectionCheckInfo;
}

type ReserveData = {
  reserve?: Reserve;
  reserve_correction_check_info?: ReserveCorrectionCheckInfo;
};
type ReservePath = { reserve_id: string };

/** Every reservation call: 1000/min & 50/s, tenant or user token (reference 3.1). */
const ROW = { limits: RATE_TIERS.perMinute1000PerSecond50, tokens: ["tenant", "user"] } as const;

/** Reservation endpoints (reference 3.1). */
export const RESERVATION_ENDPOINTS = {
  "POST /open-apis/vc/v1/reserves/apply": {
    io: wire<{ query: UserIdQuery; body: ReserveApplyBody; data: ReserveData }>(),
    ...ROW,
    kind: "write",
    idempotent: false,
    action: "apply for a reservation",
  },
  "PUT /open-apis/vc/v1/reserves/:reserve_id": {
    io: wire<{
      path: ReservePath;
      query: UserIdQuery;
      body: ReserveUpdateBody;
      data: ReserveData;
    }>(),
    ...ROW,
    kind: "write",
    // Sends the whole desired value of each field it names: a replay leaves the same state.
    idempotent: true,
    action: "update reservation",
  },
  "DELETE /open-apis/vc/v1/reserves/:reserve_id": {
    io: wire<{ path: ReservePath; data: Record<string, never> }>(),
    ...ROW,
    kind: "write",
    idempotent: true,
    action: "delete reservation",
  },
  "GET /open-apis/vc/v1/reserves/:reserve_id": {
    io: wire<{ path: ReservePath; query: UserIdQuery; data: { reserve?: Reserve } }>(),
    ...ROW,
    kind: "read",
    idempotent: true,
    action: "get reservation",
  },
  "GET /open-apis/vc/v1/reserves/:reserve_id/get_active_meeting": {
    io: wire<{
      path: ReservePath;
      query: Pick<MeetingGetQuery, "with_participants" | "user_id_type">;
      data: { meeting?: Meeting };
    }>(),
    ...ROW,
    kind: "read",
    idempotent: true,
    action: "get the active meeting of a reservation",
  },
} as const satisfies EndpointTable;

/** Reservations can be booked at most this far ahead (reference 3.1). */
export const RESERVE_MAX_DAYS_AHEAD = 30;
/** Assigned hosts per reservation (reference 3.1, 123003). */
export const ASSIGN_HOSTS_MAX = 10;
/** A meeting password: empty (none) or 4–9 digits (reference 3.1, 123006). */
const PASSWORD_PATTERN = /^(|\d{4,9})$/;

const APPLY = "POST /open-apis/vc/v1/reserves/apply";
const UPDATE = "PUT /open-apis/vc/v1/reserves/:reserve_id";
const GET = "GET /open-apis/vc/v1/reserves/:reserve_id";
const call = (key: keyof typeof RESERVATION_ENDPOINTS): CallContext => ({
  endpoint: key,
  action: RESERVATION_ENDPOINTS[key].action,
});

/** A user token, when the caller acts as a user (else the tenant token is used). */
export interface AsUser {
  userAccessToken?: string;
}

export class ReservationsApi {
  constructor(private readonly client: Requester) {}

  /**
   * Books a meeting bridge. With the tenant token `owner_id` is required; with a user token the
   * user owns it. An ambiguous outcome (answer lost, or an internal error after sending) is not
   * replayed: it fails with an `AmbiguousWriteError` naming owner, topic and end time.
   */
  async apply(body: ReserveApplyBody, options: UserIdQuery & AsUser = {}): Promise<ReserveResult> {
    const { userAccessToken, ...query } = options;
    this.checkApply(body, userAccessToken);
    try {
      const data = await this.client.request(APPLY, {
        query,
        body,
        ...(userAccessToken === undefined ? {} : { userAccessToken }),
      });
      return result(APPLY, data);
    } catch (error) {
      if (!isAmbiguousWrite(error)) throw error;
      const owner =
        userAccessToken === undefined ? `owner ${body.owner_id ?? "?"}` : "owner: the token's user";
      const topic = body.meeting_settings.topic;
      const end =
        body.end_time === undefined
          ? "no end time"
          : `end time ${new Date(Number(body.end_time) * 1000).toISOString()}`;
      throw new AmbiguousWriteError(
        APPLY,
        `A reservation (${owner}, topic ${topic === undefined ? "none" : JSON.stringify(topic)}, ${end})`,
        "Reservations cannot be listed through the API: ask the owner to check their reserved meetings, delete a duplicate if there is one, then run again.",
        error,
      );
    }
  }

  /** Changes a reservation; fields sent empty are cleared, omitted ones kept. */
  async update(
    reserveId: string,
    body: ReserveUpdateBody,
    options: UserIdQuery & AsUser = {},
  ): Promise<ReserveResult> {
    const { userAccessToken, ...query } = options;
    checkId(call(UPDATE), "reserve_id", reserveId);
    if (body.end_time !== undefined) this.checkEndTime(call(UPDATE), body.end_time);
    if (body.meeting_settings !== undefined) checkSettings(call(UPDATE), body.meeting_settings);
    const data = await this.client.request(UPDATE, {
      path: { reserve_id: reserveId },
      query,
      body,
      ...(userAccessToken === undefined ? {} : { userAccessToken }),
    });
    return result(UPDATE, data);
  }

  /** Deletes a reservation; irreversible (its meeting number is released). */
  async delete(reserveId: string, options: AsUser = {}): Promise<void> {
    const key = "DELETE /open-apis/vc/v1/reserves/:reserve_id";
    checkId(call(key), "reserve_id", reserveId);
    await this.client.request(key, {
      path: { reserve_id: reserveId },
      ...(options.userAccessToken === undefined
        ? {}
        : { userAccessToken: options.userAccessToken }),
    });
  }

  async get(reserveId: string, options: UserIdQuery & AsUser = {}): Promise<Reserve> {
    const { userAccessToken, ...query } = options;
    checkId(call(GET), "reserve_id", reserveId);
    const data = await this.client.request(GET, {
      path: { reserve_id: reserveId },
      query,
      ...(userAccessToken === undefined ? {} : { userAccessToken }),
    });
    if (data.reserve === undefined) throw missing(GET, call(GET).action, "reserve");
    return data.reserve;
  }

  /** The reservation's live meeting, or `undefined` when none is in progress. */
  async getActiveMeeting(
    reserveId: string,
    options: Pick<MeetingGetQuery, "with_participants" | "user_id_type"> & AsUser = {},
  ): Promise<Meeting | undefined> {
    const key = "GET /open-apis/vc/v1/reserves/:reserve_id/get_active_meeting";
    const { userAccessToken, ...query } = options;
    checkId(call(key), "reserve_id", reserveId);
    const data = await this.client.request(key, {
      path: { reserve_id: reserveId },
      query,
      ...(userAccessToken === undefined ? {} : { userAccessToken }),
    });
    return data.meeting;
  }

  private checkApply(body: ReserveApplyBody, userAccessToken: string | undefined): void {
    const at = call(APPLY);
    if (typeof body !== "object" || body === null) refuse(at, "body", "is required");
    if (userAccessToken === undefined && (body.owner_id === undefined || body.owner_id === ""))
      refuse(at, "owner_id", "is required with the tenant access token (or pass a user token)");
    if (typeof body.meeting_settings !== "object" || body.meeting_settings === null)
      refuse(at, "meeting_settings", "is required");
    checkSettings(at, body.meeting_settings);
    if (body.end_time !== undefined) this.checkEndTime(at, body.end_time);
    else if (body.meeting_settings.meeting_initial_type !== 2)
      refuse(at, "end_time", "is required for a group meeting");
  }

  /** `end_time` is in the future and at most 30 days ahead (reference 3.1). */
  private checkEndTime(at: CallContext, endTime: string): void {
    const end = unixSeconds(at, "end_time", endTime);
    const now = nowSeconds(() => this.client.now());
    if (end <= now) refuse(at, "end_time", "must be in the future");
    if (end > now + RESERVE_MAX_DAYS_AHEAD * DAY_SECONDS)
      refuse(at, "end_time", `must be at most ${RESERVE_MAX_DAYS_AHEAD} days ahead`);
  }
}

function checkSettings(at: CallContext, settings: ReserveUpdateBody["meeting_settings"]): void {
  if (settings === undefined) return;
  const password = settings.password;
  if (password !== undefined && (typeof password !== "string" || !PASSWORD_PATTERN.test(password)))
    refuse(at, "meeting_settings.password", "must be empty (no password) or 4 to 9 digits");
  checkMaxItems(
    at,
    "meeting_settings.assign_host_list",
    settings.assign_host_list,
    ASSIGN_HOSTS_MAX,
  );
  if (settings.meeting_initial_type === 2 && settings.auto_record === true)
    refuse(
      at,
      "meeting_settings.auto_record",
      "cannot be true for a 1v1 call (meeting_initial_type 2)",
    );
}

function result(key: keyof typeof RESERVATION_ENDPOINTS, data: ReserveData): ReserveResult {
  if (data.reserve === undefined) throw missing(key, RESERVATION_ENDPOINTS[key].action, "reserve");
  return {
    reserve: data.reserve,
    ...(data.reserve_correction_check_info === undefined
      ? {}
      : { reserve_correction_check_info: data.reserve_correction_check_info }),
  };
}

/** The reservations family, as `endpoints.ts` registers it. */
export const RESERVATIONS_FAMILY = {
  endpoints: RESERVATION_ENDPOINTS,
  createApi: (requester) => new ReservationsApi(requester),
} as const satisfies ApiFamily<typeof RESERVATION_ENDPOINTS, ReservationsApi>;
