/**
 * The endpoints the client speaks, assembled from the API families (style notes L3, L4, L6). Each
 * family module under `api/` holds its wire types, its one table of endpoint rows and its API
 * class; this file only registers the families, one line each, and derives from their tables
 * every type `request()` needs. Keys are the literal `"METHOD /path"` strings also used by the
 * emulator's routes and fault injection, so one grep finds every use.
 */
import type { EndpointRow, IoOf, TokenKind } from "./api/endpoint-row";
import { EXPORTS_FAMILY } from "./api/exports";
import { MEETINGS_FAMILY } from "./api/meetings";
import { RECORDING_FAMILY } from "./api/recording";
import { REPORTS_FAMILY } from "./api/reports";
import { RESERVATIONS_FAMILY } from "./api/reservations";
import { ROOM_LEVELS_FAMILY } from "./api/room-levels";
import { ROOMS_FAMILY } from "./api/rooms";
import { SCOPE_CONFIG_FAMILY } from "./api/scope-config";

/** Every API family, by the name of its API object on the client (`client.rooms`). */
export const FAMILIES = {
  roomLevels: ROOM_LEVELS_FAMILY,
  rooms: ROOMS_FAMILY,
  scopeConfig: SCOPE_CONFIG_FAMILY,
  reservations: RESERVATIONS_FAMILY,
  meetings: MEETINGS_FAMILY,
  recording: RECORDING_FAMILY,
  reports: REPORTS_FAMILY,
  exports: EXPORTS_FAMILY,
} as const;

type Families = typeof FAMILIES;
type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (
  i: infer I,
) => void
  ? I
  : never;
type AllEndpoints = UnionToIntersection<Families[keyof Families]["endpoints"]>;

/** A literal endpoint key such as `"POST /open-apis/vc/v1/rooms"`. */
export type EndpointKey = Extract<keyof AllEndpoints, string>;

/** Runtime table of every endpoint of every family. */
export const ENDPOINTS: { readonly [K in EndpointKey]: AllEndpoints[K] & EndpointRow } =
  Object.assign({}, ...Object.values(FAMILIES).map((family) => family.endpoints)) as AllEndpoints;

/** Request and response types of every endpoint, derived from the families' rows. */
export type Endpoints = { [K in EndpointKey]: IoOf<AllEndpoints[K]> };

/** The tenant token endpoint's key; it sits outside the families (no envelope, no token). */
export const TOKEN_ENDPOINT_KEY = "POST /open-apis/auth/v3/tenant_access_token/internal";
/** Type of {@link TOKEN_ENDPOINT_KEY}. */
export type TokenEndpointKey = typeof TOKEN_ENDPOINT_KEY;

type Part<Name extends string, IO> = Name extends keyof IO
  ? Record<string, never> extends IO[Name]
    ? { [P in Name]?: IO[Name] }
    : { [P in Name]: IO[Name] }
  : { [P in Name]?: never };

/** The token kinds endpoint `K` accepts. */
export type TokensOf<K extends EndpointKey> = AllEndpoints[K]["tokens"][number] & TokenKind;

/** User-only endpoints require a user token; endpoints taking both allow one; tenant-only forbid it. */
type TokenPart<K extends EndpointKey> = [TokensOf<K>] extends ["user"]
  ? { userAccessToken: string }
  : "user" extends TokensOf<K>
    ? { userAccessToken?: string }
    : { userAccessToken?: never };

/**
 * Parameters of {@link FeishuVcClient.request}: `path`, `query` and `body` as the endpoint takes
 * them (required when the part has required fields, forbidden when the endpoint has no such part),
 * plus `userAccessToken` where the endpoint accepts user tokens.
 */
export type EndpointParams<K extends EndpointKey> = Part<"path", Endpoints[K]> &
  Part<"query", Endpoints[K]> &
  Part<"body", Endpoints[K]> &
  TokenPart<K>;

/** The `data` payload an endpoint answers with. */
export type EndpointData<K extends EndpointKey> = Endpoints[K]["data"];

/** HTTP methods used by the endpoints. */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Splits an endpoint key into its method and path template. */
export function splitEndpointKey(key: EndpointKey | TokenEndpointKey): {
  method: HttpMethod;
  pathTemplate: string;
} {
  const space = key.indexOf(" ");
  return { method: key.slice(0, space) as HttpMethod, pathTemplate: key.slice(space + 1) };
}

/** Looks up an endpoint's runtime facts. */
export function endpointRow(key: EndpointKey): EndpointRow {
  return ENDPOINTS[key];
}
