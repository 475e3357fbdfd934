/**
 * The meeting family (reference 3.2): live and past meetings. Wire types, endpoint rows and typed
 * calls. `invite` and `end` take only a user token (the operator), `kickout` only the tenant
 * token; the others take either, the tenant token unless a user token is given.
 */
import { LIST_BY_NO_PAGE_SIZE_MAX } from "../constants";
import { missing } from "../outcomes";
import { collect, paginate } from "../pagination";
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
import type { UserIdQuery } from "./user-ids";

/** 1 Lark user, 2 Rooms, 3 Docs, 4 neo user, 5 neo guest, 6 PSTN, 7 SIP (reference 3.2). */
export type MeetingUserType = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** A user as meetings name them. */
export interface MeetingUser {
  id?: string;
  user_type?: MeetingUserType;
}

/** A participant of a meeting (`with_participants`). */
export interface MeetingParticipant {
  id?: string;
  /** Unix seconds as strings. */
  first_join_time?: string;
  final_leave_time?: string;
  /** Seconds in the meeting, as a string. */
  in_meeting_duration?: string;
  user_type?: MeetingUserType;
  is_host?: boolean;
  is_cohost?: boolean;
  is_external?: boolean;
  /** 1 calling, 2 in meeting, 3 ringing, 4 left. */
  status?: 1 | 2 | 3 | 4;
}

/** What was used in the meeting (`with_meeting_ability`, tenant token only). */
export interface MeetingAbility {
  use_video?: boolean;
  use_audio?: boolean;
  use_share_screen?: boolean;
  use_follow_screen?: boolean;
  use_recording?: boolean;
  use_pstn?: boolean;
}

/** A meeting (reference 3.2 get). Counts are strings, as the SDK types them. */
export interface Meeting {
  id: string;
  topic?: string;
  url?: string;
  meeting_no?: string;
  password?: string;
  /** Unix seconds as strings. */
  create_time?: string;
  start_time?: string;
  end_time?: string;
  host_user?: MeetingUser;
  meeting_connect?: boolean;
  /** 1 calling, 2 in progress, 3 ended. */
  status?: 1 | 2 | 3;
  /** Peak number of participants. */
  participant_count?: string;
  participant_count_accumulated?: string;
  participants?: MeetingParticipant[];
  ability?: MeetingAbility;
  note_id?: string;
  related_artifacts?: { note_doc_token?: string; verbatim_doc_token?: string };
}

/** Query of `GET /meetings/:meeting_id`. */
export interface MeetingGetQuery extends UserIdQuery {
  with_participants?: boolean;
  /** Tenant token only. */
  with_meeting_ability?: boolean;
  /** In the SDK only. */
  query_mode?: number;
}

/** Query of `GET /meetings/list_by_no`. */
export interface MeetingListByNoQuery {
  /** 9 digits. */
  meeting_no: string;
  /** Unix seconds as strings; the window lies within the last 90 days. */
  start_time: string;
  end_time: string;
  /** At most 50, default 20. */
  page_size?: number;
  page_token?: string;
}

/** One meeting of `list_by_no`. */
export interface MeetingBrief {
  id: string;
  topic?: string;
  url?: string;
  meeting_no?: string;
  password?: string;
  meeting_connect?: boolean;
  note_id?: string;
}

/** One page of `list_by_no`. */
export interface MeetingBriefPage {
  meeting_briefs: MeetingBrief[];
  has_more: boolean;
  page_token?: string;
}

/** 1 ok, 2 failed. */
export interface InviteResult extends MeetingUser {
  status?: 1 | 2;
}

/** 1 ok, 2 failed. */
export interface KickoutResult extends MeetingUser {
  result?: 1 | 2;
}

/** Body of `PATCH /meetings/:meeting_id/set_host`. */
export interface SetHostBody {
  host_user: MeetingUser;
  /** Compare-and-swap: refused with 409/121006 when the host is no longer this user. */
  old_host_user?: MeetingUser;
}

type MeetingPath = { meeting_id: string };
const TIER_4 = RATE_TIERS.perMinute1000PerSecond50;

/** Meeting endpoints (reference 3.2). */
export const MEETING_ENDPOINTS = {
  "GET /open-apis/vc/v1/meetings/:meeting_id": {
    io: wire<{ path: MeetingPath; query: MeetingGetQuery; data: { meeting?: Meeting } }>(),
    kind: "read",
    limits: TIER_4,
    tokens: ["tenant", "user"],
    idempotent: true,
    action: "get meeting",
  },
  "GET /open-apis/vc/v1/meetings/list_by_no": {
    io: wire<{
      query: MeetingListByNoQuery;
      data: { meeting_briefs?: MeetingBrief[]; has_more?: boolean; page_token?: string };
    }>(),
    kind: "read",
    // Tier 3, not the read tier of the other calls (reference 3.2: 100/min).
    limits: RATE_TIERS.perMinute100,
    tokens: ["tenant", "user"],
    idempotent: true,
    action: "list meetings by number",
  },
  "PATCH /open-apis/vc/v1/meetings/:meeting_id/invite": {
    io: wire<{
      path: MeetingPath;
      query: UserIdQuery;
      body: { invitees: MeetingUser[] };
      data: { invite_results?: InviteResult[] };
    }>(),
    kind: "write",
    limits: TIER_4,
    tokens: ["user"],
    // A replay rings the invitees again.
    idempotent: false,
    action: "invite to meeting",
  },
  "POST /open-apis/vc/v1/meetings/:meeting_id/kickout": {
    io: wire<{
      path: MeetingPath;
      query: UserIdQuery;
      body: { kickout_users: MeetingUser[] };
      data: { kickout_results?: KickoutResult[] };
    }>(),
    kind: "write",
    limits: TIER_4,
    tokens: ["tenant"],
    // A replay after success fails (122004 target not in meeting) instead of reporting success.
    idempotent: false,
    action: "remove from meeting",
  },
  "PATCH /open-apis/vc/v1/meetings/:meeting_id/set_host": {
    io: wire<{
      path: MeetingPath;
      query: UserIdQuery;
      body: SetHostBody;
      data: { host_user?: MeetingUser };
    }>(),
    kind: "write",
    limits: TIER_4,
    tokens: ["tenant", "user"],
    // With `old_host_user`, a replay after success fails the compare-and-swap (409/121006).
    idempotent: false,
    action: "set meeting host",
  },
  "PATCH /open-apis/vc/v1/meetings/:meeting_id/end": {
    io: wire<{ path: MeetingPath; data: Record<string, never> }>(),
    kind: "write",
    limits: TIER_4,
    tokens: ["user"],
    // A replay after success fails (122001 meeting not in the expected state).
    idempotent: false,
    action: "end meeting",
  },
} as const satisfies EndpointTable;

/** Invitees per invite call (reference 3.2). */
const INVITEES_MAX = 10;
/** How far back meetings can be read (reference 3.2: get and list_by_no, 90 days). */
const MEETING_HISTORY_DAYS = 90;
/** A meeting number: 9 digits (reference 1.13, 3.2). */
const MEETING_NO_PATTERN = /^\d{9}$/;

const GET = "GET /open-apis/vc/v1/meetings/:meeting_id";
const LIST_BY_NO = "GET /open-apis/vc/v1/meetings/list_by_no";
const call = (key: keyof typeof MEETING_ENDPOINTS): CallContext => ({
  endpoint: key,
  action: MEETING_ENDPOINTS[key].action,
});

export class MeetingsApi {
  constructor(private readonly client: Requester) {}

  /**
   * A meeting the caller may see (its own, from the last 90 days). Uses the tenant token unless
   * `userAccessToken` is given; `with_meeting_ability` needs the tenant token.
   */
  async get(
    meetingId: string,
    query: MeetingGetQuery = {},
    userAccessToken?: string,
  ): Promise<Meeting> {
    checkId(call(GET), "meeting_id", meetingId);
    if (userAccessToken !== undefined && query.with_meeting_ability === true)
      refuse(call(GET), "with_meeting_ability", "needs the tenant access token, not a user token");
    const data = await this.client.request(GET, {
      path: { meeting_id: meetingId },
      query,
      ...(userAccessToken === undefined ? {} : { userAccessToken }),
    });
    if (data.meeting === undefined) throw missing(GET, call(GET).action, "meeting");
    return data.meeting;
  }

  /** One page of the meetings held under a meeting number in a window of the last 90 days. */
  async listByNo(query: MeetingListByNoQuery, userAccessToken?: string): Promise<MeetingBriefPage> {
    this.checkListByNo(query);
    const data = await this.client.request(LIST_BY_NO, {
      query,
      ...(userAccessToken === undefined ? {} : { userAccessToken }),
    });
    return {
      meeting_briefs: data.meeting_briefs ?? [],
      has_more: data.has_more === true,
      ...(data.page_token === undefined ? {} : { page_token: data.page_token }),
    };
  }

  /** Every meeting under a meeting number in the window, page by page (50 per page). */
  iterateByNo(
    query: Omit<MeetingListByNoQuery, "page_size" | "page_token">,
    userAccessToken?: string,
  ): AsyncGenerator<MeetingBrief, void, undefined> {
    // Checked now, not at the first page, so bad input fails where the caller made it.
    this.checkListByNo(query);
    return paginate(LIST_BY_NO, async (pageToken) => {
      const page = await this.listByNo(
        {
          ...query,
          page_size: LIST_BY_NO_PAGE_SIZE_MAX,
          ...(pageToken === undefined ? {} : { page_token: pageToken }),
        },
        userAccessToken,
      );
      return {
        items: page.meeting_briefs,
        hasMore: page.has_more,
        ...(page.page_token === undefined ? {} : { pageToken: page.page_token }),
      };
    });
  }

  async listAllByNo(
    query: Omit<MeetingListByNoQuery, "page_size" | "page_token">,
    userAccessToken?: string,
  ): Promise<MeetingBrief[]> {
    return await collect(this.iterateByNo(query, userAccessToken));
  }

  /** Invites up to 10 users, acting as the user of `userAccessToken` (user token only). */
  async invite(
    meetingId: string,
    invitees: MeetingUser[],
    userAccessToken: string,
    query: UserIdQuery = {},
  ): Promise<InviteResult[]> {
    const key = "PATCH /open-apis/vc/v1/meetings/:meeting_id/invite";
    checkId(call(key), "meeting_id", meetingId);
    checkMaxItems(call(key), "invitees", invitees, INVITEES_MAX, 1);
    const data = await this.client.request(key, {
      path: { meeting_id: meetingId },
      query,
      body: { invitees },
      userAccessToken,
    });
    return data.invite_results ?? [];
  }

  /** Removes participants (tenant token only). */
  async kickout(
    meetingId: string,
    users: MeetingUser[],
    query: UserIdQuery = {},
  ): Promise<KickoutResult[]> {
    const key = "POST /open-apis/vc/v1/meetings/:meeting_id/kickout";
    checkId(call(key), "meeting_id", meetingId);
    checkMaxItems(call(key), "kickout_users", users, Number.MAX_SAFE_INTEGER, 1);
    const data = await this.client.request(key, {
      path: { meeting_id: meetingId },
      query,
      body: { kickout_users: users },
    });
    return data.kickout_results ?? [];
  }

  /**
   * Moves the host role. With `old_host_user` the service refuses (409/121006) when the host has
   * changed meanwhile; read the meeting and decide again.
   */
  async setHost(
    meetingId: string,
    body: SetHostBody,
    options: UserIdQuery & { userAccessToken?: string } = {},
  ): Promise<MeetingUser> {
    const key = "PATCH /open-apis/vc/v1/meetings/:meeting_id/set_host";
    const { userAccessToken, ...query } = options;
    checkId(call(key), "meeting_id", meetingId);
    if (body?.host_user?.id === undefined || body.host_user.id === "")
      refuse(call(key), "host_user.id", "is required");
    const data = await this.client.request(key, {
      path: { meeting_id: meetingId },
      query,
      body,
      ...(userAccessToken === undefined ? {} : { userAccessToken }),
    });
    if (data.host_user === undefined) throw missing(key, call(key).action, "host_user");
    return data.host_user;
  }

  /** Ends a meeting, acting as its current host (user token only). */
  async end(meetingId: string, userAccessToken: string): Promise<void> {
    const key = "PATCH /open-apis/vc/v1/meetings/:meeting_id/end";
    checkId(call(key), "meeting_id", meetingId);
    await this.client.request(key, { path: { meeting_id: meetingId }, userAccessToken });
  }

  /** meeting_no is 9 digits; start before end; the window within the last 90 days. */
  private checkListByNo(query: Omit<MeetingListByNoQuery, "page_size" | "page_token">): void {
    const at = call(LIST_BY_NO);
    if (typeof query?.meeting_no !== "string" || !MEETING_NO_PATTERN.test(query.meeting_no))
      refuse(at, "meeting_no", `must be 9 digits, got "${String(query?.meeting_no)}"`);
    const start = unixSeconds(at, "start_time", query.start_time);
    const end = unixSeconds(at, "end_time", query.end_time);
    if (start >= end) refuse(at, "start_time", "must be before end_time");
    const oldest = nowSeconds(() => this.client.now()) - MEETING_HISTORY_DAYS * DAY_SECONDS;
    if (start < oldest)
      refuse(at, "start_time", `must be within the last ${MEETING_HISTORY_DAYS} days`);
  }
}

/** The meetings family, as `endpoints.ts` registers it. */
export const MEETINGS_FAMILY = {
  endpoints: MEETING_ENDPOINTS,
  createApi: (requester) => new MeetingsApi(requester),
} as const satisfies ApiFamily<typeof MEETING_ENDPOINTS, MeetingsApi>;
