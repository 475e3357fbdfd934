/**
 * The recording family (reference 3.3): start and stop the recording of a live meeting, read the
 * file once the meeting ended, and share it. Start, stop and set_permission take only a user
 * token (the operator must be the host, or the owner); get takes either.
 */
import type { Requester } from "../requester";
import { checkId, checkIntegerRange, checkMaxItems, refuse, type CallContext } from "./arguments";
import { RATE_TIERS, wire, type ApiFamily, type EndpointTable } from "./endpoint-row";
import type { UserIdQuery } from "./user-ids";

/** A recording file (reference 3.3 get). */
export interface Recording {
  url?: string;
  /** Milliseconds, as a string. */
  duration?: string;
  /** In the SDK only. */
  id?: string;
  meeting_id?: string;
}

/** Who may view a recording. */
export interface RecordingPermissionObject {
  /** Required for types 1 and 2; none for 3 and 4. */
  id?: string;
  /** 1 user, 2 group (open_chat_id), 3 whole tenant, 4 public internet. */
  type: 1 | 2 | 3 | 4;
  /** 1 view. */
  permission: 1;
}

/** Body of `PATCH .../recording/set_permission`. */
export interface RecordingSetPermissionBody {
  permission_objects: RecordingPermissionObject[];
  /** 0 grant (default), 1 revoke. */
  action_type?: 0 | 1;
}

type MeetingPath = { meeting_id: string };

/** Recording endpoints (reference 3.3). */
export const RECORDING_ENDPOINTS = {
  "PATCH /open-apis/vc/v1/meetings/:meeting_id/recording/start": {
    io: wire<{ path: MeetingPath; body: { timezone?: number }; data: Record<string, never> }>(),
    kind: "write",
    // "special" in the reference: the strictest standard tier (see RATE_TIERS.perMinute10).
    limits: RATE_TIERS.perMinute10,
    tokens: ["user"],
    // A replay while recording fails on the meeting's state instead of reporting success.
    idempotent: false,
    action: "start recording",
  },
  "PATCH /open-apis/vc/v1/meetings/:meeting_id/recording/stop": {
    io: wire<{ path: MeetingPath; data: Record<string, never> }>(),
    kind: "write",
    // "special" in the reference: the strictest standard tier (see RATE_TIERS.perMinute10).
    limits: RATE_TIERS.perMinute10,
    tokens: ["user"],
    idempotent: false,
    action: "stop recording",
  },
  "GET /open-apis/vc/v1/meetings/:meeting_id/recording": {
    io: wire<{ path: MeetingPath; data: { recording?: Recording } }>(),
    kind: "read",
    limits: RATE_TIERS.perMinute1000PerSecond50,
    tokens: ["tenant", "user"],
    idempotent: true,
    action: "get recording",
  },
  "PATCH /open-apis/vc/v1/meetings/:meeting_id/recording/set_permission": {
    io: wire<{
      path: MeetingPath;
      query: UserIdQuery;
      body: RecordingSetPermissionBody;
      data: Record<string, never>;
    }>(),
    kind: "write",
    limits: RATE_TIERS.perMinute1000PerSecond50,
    tokens: ["user"],
    // Granting or revoking the same permissions twice leaves the same permissions.
    idempotent: true,
    action: "set recording permission",
  },
} as const satisfies EndpointTable;

/** Time zones `recording/start` accepts (reference 3.3). */
export const RECORDING_TIMEZONE_MIN = -12;
export const RECORDING_TIMEZONE_MAX = 12;

const call = (key: keyof typeof RECORDING_ENDPOINTS): CallContext => ({
  endpoint: key,
  action: RECORDING_ENDPOINTS[key].action,
});

export class RecordingApi {
  constructor(private readonly client: Requester) {}

  /** Starts recording a live meeting, acting as its host (user token only). */
  async start(meetingId: string, userAccessToken: string, timezone?: number): Promise<void> {
    const key = "PATCH /open-apis/vc/v1/meetings/:meeting_id/recording/start";
    checkId(call(key), "meeting_id", meetingId);
    checkIntegerRange(
      call(key),
      "timezone",
      timezone,
      RECORDING_TIMEZONE_MIN,
      RECORDING_TIMEZONE_MAX,
    );
    await this.client.request(key, {
      path: { meeting_id: meetingId },
      body: timezone === undefined ? {} : { timezone },
      userAccessToken,
    });
  }

  /** Stops recording, acting as the meeting's host (user token only). */
  async stop(meetingId: string, userAccessToken: string): Promise<void> {
    const key = "PATCH /open-apis/vc/v1/meetings/:meeting_id/recording/stop";
    checkId(call(key), "meeting_id", meetingId);
    await this.client.request(key, { path: { meeting_id: meetingId }, userAccessToken });
  }

  /**
   * The recording of an ended meeting. While the file is still being made the service answers
   * 400/124002 (`FEISHU_CODES.RECORD_PROCESSING`), an `InvalidRequestError`: try again later.
   */
  async get(meetingId: string, userAccessToken?: string): Promise<Recording> {
    const key = "GET /open-apis/vc/v1/meetings/:meeting_id/recording";
    checkId(call(key), "meeting_id", meetingId);
    const data = await this.client.request(key, {
      path: { meeting_id: meetingId },
      ...(userAccessToken === undefined ? {} : { userAccessToken }),
    });
    return data.recording ?? {};
  }

  /** Grants (or revokes) viewing of the recording, acting as its owner (user token only). */
  async setPermission(
    meetingId: string,
    body: RecordingSetPermissionBody,
    userAccessToken: string,
    query: UserIdQuery = {},
  ): Promise<void> {
    const key = "PATCH /open-apis/vc/v1/meetings/:meeting_id/recording/set_permission";
    const at = call(key);
    checkId(at, "meeting_id", meetingId);
    checkMaxItems(at, "permission_objects", body?.permission_objects, Number.MAX_SAFE_INTEGER, 1);
    body.permission_objects.forEach((object, i) => {
      const needsId = object.type === 1 || object.type === 2;
      if (needsId && (object.id === undefined || object.id === ""))
        refuse(at, `permission_objects[${i}].id`, `is required for type ${object.type}`);
      if (!needsId && object.id !== undefined)
        refuse(at, `permission_objects[${i}].id`, `must be omitted for type ${object.type}`);
    });
    await this.client.request(key, {
      path: { meeting_id: meetingId },
      query,
      body,
      userAccessToken,
    });
  }
}

/** The recording family, as `endpoints.ts` registers it. */
export const RECORDING_FAMILY = {
  endpoints: RECORDING_ENDPOINTS,
  createApi: (requester) => new RecordingApi(requester),
} as const satisfies ApiFamily<typeof RECORDING_ENDPOINTS, RecordingApi>;
