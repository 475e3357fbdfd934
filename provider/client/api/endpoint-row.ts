/**
 * What one endpoint row of a family table says (style notes L3, L6): its wire types (a phantom,
 * read only by the compiler), its kind, its documented rate limits, the tokens it accepts, whether
 * replaying it is safe, and what it does in words. Each family module holds one table of these
 * rows; `endpoints.ts` assembles the families, and every type of `request()` is derived from them.
 */
import {
  MINUTE_MS,
  READ_LIMIT_PER_MINUTE,
  READ_LIMIT_PER_SECOND,
  SECOND_MS,
  WRITE_LIMIT_PER_MINUTE,
} from "../constants";
import type { Requester } from "../requester";

/** Which token an endpoint accepts (reference 1.5, section 3 "Token" columns: T, U). */
export type TokenKind = "tenant" | "user";

/** A budget of `limit` calls in any `windowMs` span. */
export interface RateWindow {
  readonly limit: number;
  readonly windowMs: number;
}

/**
 * The documented rate-limit tiers the VC endpoints use (reference 1.9): each endpoint is its own
 * budget ("per API, per app, per tenant").
 */
export const RATE_TIERS = {
  /**
   * Tier 1: 10 per minute, the strictest standard tier. Used where the reference says "special"
   * (limit not published): pacing at the lowest published tier cannot exceed an unknown one
   * that is at least as generous as any standard tier.
   */
  perMinute10: [{ limit: 10, windowMs: MINUTE_MS }],
  /** Tier 2: 20 per minute (room, level and scope-config writes). */
  perMinute20: [{ limit: WRITE_LIMIT_PER_MINUTE, windowMs: MINUTE_MS }],
  /** Tier 3: 100 per minute (`meetings/list_by_no`). */
  perMinute100: [{ limit: 100, windowMs: MINUTE_MS }],
  /** Tier 4: 1000 per minute and 50 per second (reads, and most meeting/reservation calls). */
  perMinute1000PerSecond50: [
    { limit: READ_LIMIT_PER_MINUTE, windowMs: MINUTE_MS },
    { limit: READ_LIMIT_PER_SECOND, windowMs: SECOND_MS },
  ],
} as const satisfies Record<string, readonly RateWindow[]>;

/** The parts of a request and the `data` of its answer, in the API's own snake_case. */
export interface EndpointIO {
  path?: Record<string, string>;
  query?: object;
  body?: unknown;
  /** The payload inside the `{code, msg, data}` envelope, as the wire may send it. */
  data: object;
}

declare const WIRE_TYPES: unique symbol;

/** Carries an endpoint's wire types to the compiler; empty at run time. */
export interface Wire<IO extends EndpointIO> {
  readonly [WIRE_TYPES]?: IO;
}

/** Declares the wire types of a row: `io: wire<{ body: RoomCreateBody; data: {...} }>()`. */
export function wire<IO extends EndpointIO>(): Wire<IO> {
  return {};
}

/** Runtime facts about one endpoint (plus its wire types, for the compiler). */
export interface EndpointRow<IO extends EndpointIO = EndpointIO> {
  readonly io: Wire<IO>;
  /**
   * `write` calls change the tenant: a lost answer means the call may have been applied, and they
   * count as queued writes in progress output.
   */
  readonly kind: "read" | "write";
  /** Documented rate-limit windows; exceeding either throttles (reference 1.9). */
  readonly limits: readonly RateWindow[];
  /** Tokens the endpoint accepts; with both, the tenant token is used unless a user token is given. */
  readonly tokens: readonly TokenKind[];
  /**
   * Whether replaying the call cannot change the outcome: reads, updates and deletes of a known
   * id, setting values. Creates are not (ADR 0002).
   */
  readonly idempotent: boolean;
  /** What the call does, for messages ("create room"). */
  readonly action: string;
}

/** A family's table: endpoint key -> row. */
export type EndpointTable = Readonly<Record<string, EndpointRow>>;

/** The wire types a row declares. */
export type IoOf<Row> = Row extends { readonly io: Wire<infer IO> } ? IO : never;

/**
 * One API family as `endpoints.ts` registers it: its endpoint table and how to make its API object
 * (`client.rooms`, ...) on top of the client's one typed `request()`.
 */
export interface ApiFamily<Table extends EndpointTable, Api> {
  readonly endpoints: Table;
  readonly createApi: (requester: Requester) => Api;
}
