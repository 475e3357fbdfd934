/**
 * The shape of a VC endpoint route: its literal key, budget, the token kinds it accepts and its
 * handler. Each family's routes module builds its rows with {@link route}.
 */
import type { Caller, TokenKinds } from "../auth";
import { fieldInvalid } from "../errors";
import { parseKey, type Keyed } from "../router";
import { READ_WINDOWS, WRITE_WINDOWS, type Window } from "../rate-limit";
import type { Tenant } from "../tenant";
import { requireObject, type Json, type JsonObject } from "../validate";

export interface RequestContext {
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body (`{}` when the request has none). */
  body: Json;
  tenant: Tenant;
  /** Who the token acts as: the app, or a user of the directory. */
  caller: Caller;
}

export interface Route extends Keyed {
  windows: readonly Window[];
  write: boolean;
  token: TokenKinds;
  handler: (ctx: RequestContext) => JsonObject | FileAnswer;
}

/**
 * A binary answer (reference 3.5 `exports/download`): HTTP 200 with the file as the body instead
 * of the JSON envelope. `drop` cuts the connection mid-body (fault injection: a dropped download).
 */
export class FileAnswer {
  constructor(
    readonly bytes: Buffer,
    readonly contentType: string,
    readonly fileName: string,
    readonly drop = false,
  ) {}
}

/** Rate budget of a route: the standard write or read tiers, or explicit windows. */
export type Budget = "read" | "write" | { write: boolean; windows: readonly Window[] };

/** One endpoint row, declared by its literal `"METHOD /open-apis/..."` key. */
export function route(
  key: string,
  budget: Budget,
  handler: Route["handler"],
  token: TokenKinds = "tenant",
): Route {
  const windows =
    budget === "write" ? WRITE_WINDOWS : budget === "read" ? READ_WINDOWS : budget.windows;
  const write = typeof budget === "string" ? budget === "write" : budget.write;
  return { ...parseKey(key), windows, write, token, handler };
}

/** The request body as an object (99992402 otherwise). */
export const bodyOf = (ctx: RequestContext): JsonObject => requireObject(ctx.body, "body");

/** The calling user, on routes that accept user tokens only (the server has checked the kind). */
export function userCaller(ctx: RequestContext): Caller & { kind: "user" } {
  if (ctx.caller.kind !== "user") throw new Error(`${ctx.caller.kind} caller on a user-only route`);
  return ctx.caller;
}

/** A boolean query parameter (`true` / `false`), false when absent. */
export function queryBoolean(query: URLSearchParams, field: string): boolean {
  const raw = query.get(field);
  if (raw === null || raw === "" || raw === "false") return false;
  if (raw === "true") return true;
  throw fieldInvalid(field, "must be true or false", raw);
}
