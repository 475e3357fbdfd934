/**
 * The one map of endpoints the client speaks: key -> path/query/body and response `data` types
 * (style notes L3, L4, L6), plus the runtime facts the limiter and retry policy need. Keys are
 * the literal `"METHOD /path"` strings also used by the emulator's route table and fault
 * injection, so one grep finds every use.
 */
import type {
  Room,
  RoomCreateBody,
  RoomLevel,
  RoomLevelCreateBody,
  RoomLevelDeleteBody,
  RoomLevelListQuery,
  RoomLevelPatchBody,
  RoomListQuery,
  RoomPatchBody,
  RoomSearchBody,
  ScopeAccessCodeBody,
  ScopeConfig,
  ScopeConfigQuery,
  ScopeConfigView,
  UserIdQuery,
} from "./api/types";

/** An endpoint part that the endpoint does not take. */
type None = never;

/**
 * Request and response types of every endpoint, keyed by endpoint key (reference sections 2.2–2.4).
 * `data` is the payload inside the `{code, msg, data}` envelope, as the wire may send it (arrays
 * optional: the service omits unset fields, reference section 4 item 21).
 */
export interface Endpoints {
  "POST /open-apis/vc/v1/room_levels": {
    path: None;
    query: None;
    body: RoomLevelCreateBody;
    data: { room_level?: RoomLevel };
  };
  "GET /open-apis/vc/v1/room_levels/:room_level_id": {
    path: { room_level_id: string };
    query: None;
    body: None;
    data: { room_level?: RoomLevel };
  };
  "POST /open-apis/vc/v1/room_levels/mget": {
    path: None;
    query: None;
    body: { level_ids: string[] };
    data: { items?: RoomLevel[] };
  };
  "GET /open-apis/vc/v1/room_levels": {
    path: None;
    query: RoomLevelListQuery;
    body: None;
    data: { items?: RoomLevel[]; has_more?: boolean; page_token?: string };
  };
  "PATCH /open-apis/vc/v1/room_levels/:room_level_id": {
    path: { room_level_id: string };
    query: None;
    body: RoomLevelPatchBody;
    data: Record<string, never>;
  };
  "POST /open-apis/vc/v1/room_levels/del": {
    path: None;
    query: None;
    body: RoomLevelDeleteBody;
    data: Record<string, never>;
  };
  "GET /open-apis/vc/v1/room_levels/search": {
    path: None;
    /** Comma-separated `custom_group_id` values (reference 2.2.7). */
    query: { custom_level_ids: string };
    body: None;
    data: { level_ids?: string[] };
  };
  "POST /open-apis/vc/v1/rooms": {
    path: None;
    query: UserIdQuery;
    body: RoomCreateBody;
    data: { room?: Room };
  };
  "GET /open-apis/vc/v1/rooms/:room_id": {
    path: { room_id: string };
    query: UserIdQuery;
    body: None;
    data: { room?: Room };
  };
  "POST /open-apis/vc/v1/rooms/mget": {
    path: None;
    query: UserIdQuery;
    body: { room_ids: string[] };
    data: { items?: Room[] };
  };
  "GET /open-apis/vc/v1/rooms": {
    path: None;
    query: RoomListQuery;
    body: None;
    data: { rooms?: Room[]; has_more?: boolean; page_token?: string };
  };
  "PATCH /open-apis/vc/v1/rooms/:room_id": {
    path: { room_id: string };
    query: UserIdQuery;
    body: RoomPatchBody;
    data: Record<string, never>;
  };
  "DELETE /open-apis/vc/v1/rooms/:room_id": {
    path: { room_id: string };
    query: None;
    body: None;
    data: Record<string, never>;
  };
  "POST /open-apis/vc/v1/rooms/search": {
    path: None;
    query: UserIdQuery;
    body: RoomSearchBody;
    data: { rooms?: Room[]; has_more?: boolean; page_token?: string };
  };
  "POST /open-apis/vc/v1/scope_config": {
    path: None;
    query: UserIdQuery;
    body: ScopeConfig;
    data: Record<string, never>;
  };
  "GET /open-apis/vc/v1/scope_config": {
    path: None;
    query: ScopeConfigQuery;
    body: None;
    data: ScopeConfigView;
  };
  "POST /open-apis/vc/v1/scope_config/access_code": {
    path: None;
    query: None;
    body: ScopeAccessCodeBody;
    data: { access_code?: string };
  };
}

/** A literal endpoint key such as `"POST /open-apis/vc/v1/rooms"`. */
export type EndpointKey = keyof Endpoints;

/** The tenant token endpoint's key; it sits outside {@link Endpoints} (no envelope, no token). */
export const TOKEN_ENDPOINT_KEY = "POST /open-apis/auth/v3/tenant_access_token/internal";
/** Type of {@link TOKEN_ENDPOINT_KEY}. */
export type TokenEndpointKey = typeof TOKEN_ENDPOINT_KEY;

/** Which token an endpoint accepts (reference section 4, item 4). */
export type TokenKind = "tenant" | "user";

type Part<Name extends string, T> = [T] extends [never]
  ? { [P in Name]?: never }
  : Record<string, never> extends T
    ? { [P in Name]?: T }
    : { [P in Name]: T };

/**
 * Parameters of {@link FeishuVcClient.request}: `path`, `query` and `body` as the endpoint takes
 * them (required when the part has required fields, forbidden when the endpoint has no such part),
 * plus `userAccessToken` on user-token endpoints.
 */
export type EndpointParams<K extends EndpointKey> = Part<"path", Endpoints[K]["path"]> &
  Part<"query", Endpoints[K]["query"]> &
  Part<"body", Endpoints[K]["body"]> &
  (K extends "POST /open-apis/vc/v1/rooms/search"
    ? { userAccessToken: string }
    : { userAccessToken?: never });

/** The `data` payload an endpoint answers with. */
export type EndpointData<K extends EndpointKey> = Endpoints[K]["data"];

/** HTTP methods used by the endpoints. */
export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

/** Runtime facts about one endpoint. */
export interface EndpointMeta {
  /** `read` endpoints share the 1000/min & 50/s budget, `write` ones 20/min (reference 1.9). */
  kind: "read" | "write";
  /**
   * Whether replaying the call cannot change the outcome: reads, PATCH/DELETE of a known id,
   * `room_levels/del`, and `scope_config` set (it sets values). Creates are not (ADR 0002).
   */
  idempotent: boolean;
  token: TokenKind;
  /** What the call does, for messages ("create room"). */
  action: string;
}

/** Runtime table of every endpoint; `satisfies` makes a missing key a compile error. */
export const ENDPOINTS = {
  "POST /open-apis/vc/v1/room_levels": {
    kind: "write",
    idempotent: false,
    token: "tenant",
    action: "create room level",
  },
  "GET /open-apis/vc/v1/room_levels/:room_level_id": {
    kind: "read",
    idempotent: true,
    token: "tenant",
    action: "get room level",
  },
  "POST /open-apis/vc/v1/room_levels/mget": {
    kind: "read",
    idempotent: true,
    token: "tenant",
    action: "batch-get room levels",
  },
  "GET /open-apis/vc/v1/room_levels": {
    kind: "read",
    idempotent: true,
    token: "tenant",
    action: "list room levels",
  },
  "PATCH /open-apis/vc/v1/room_levels/:room_level_id": {
    kind: "write",
    idempotent: true,
    token: "tenant",
    action: "update room level",
  },
  "POST /open-apis/vc/v1/room_levels/del": {
    kind: "write",
    idempotent: true,
    token: "tenant",
    action: "delete room level",
  },
  "GET /open-apis/vc/v1/room_levels/search": {
    kind: "read",
    idempotent: true,
    token: "tenant",
    action: "search room levels by custom id",
  },
  "POST /open-apis/vc/v1/rooms": {
    kind: "write",
    idempotent: false,
    token: "tenant",
    action: "create room",
  },
  "GET /open-apis/vc/v1/rooms/:room_id": {
    kind: "read",
    idempotent: true,
    token: "tenant",
    action: "get room",
  },
  "POST /open-apis/vc/v1/rooms/mget": {
    kind: "read",
    idempotent: true,
    token: "tenant",
    action: "batch-get rooms",
  },
  "GET /open-apis/vc/v1/rooms": {
    kind: "read",
    idempotent: true,
    token: "tenant",
    action: "list rooms",
  },
  "PATCH /open-apis/vc/v1/rooms/:room_id": {
    kind: "write",
    idempotent: true,
    token: "tenant",
    action: "update room",
  },
  "DELETE /open-apis/vc/v1/rooms/:room_id": {
    kind: "write",
    idempotent: true,
    token: "tenant",
    action: "delete room",
  },
  "POST /open-apis/vc/v1/rooms/search": {
    kind: "read",
    idempotent: true,
    token: "user",
    action: "search rooms",
  },
  "POST /open-apis/vc/v1/scope_config": {
    kind: "write",
    idempotent: true,
    token: "tenant",
    action: "set scope configuration",
  },
  "GET /open-apis/vc/v1/scope_config": {
    kind: "read",
    idempotent: true,
    token: "tenant",
    action: "get scope configuration",
  },
  // SDK-only endpoint with no documented limit (reference 2.4.3): budgeted as a write, and not
  // idempotent because every call issues a new code.
  "POST /open-apis/vc/v1/scope_config/access_code": {
    kind: "write",
    idempotent: false,
    token: "tenant",
    action: "create scope access code",
  },
} as const satisfies Record<EndpointKey, EndpointMeta>;

/** Every endpoint key, in table order. */
export const ENDPOINT_KEYS = Object.keys(ENDPOINTS) as EndpointKey[];

/** Splits an endpoint key into its method and path template. */
export function splitEndpointKey(key: EndpointKey | TokenEndpointKey): {
  method: HttpMethod;
  pathTemplate: string;
} {
  const space = key.indexOf(" ");
  return { method: key.slice(0, space) as HttpMethod, pathTemplate: key.slice(space + 1) };
}

/** Looks up an endpoint's runtime facts. */
export function endpointMeta(key: EndpointKey): EndpointMeta {
  return ENDPOINTS[key];
}
