/**
 * The endpoint table: method, path template, budget and token kind of every VC endpoint the
 * emulator serves, with its handler. Keys are the literal `"METHOD /path"` strings used in stats
 * and fault injection.
 */
import { fieldInvalid } from "./errors";
import { page, pageRequest, type PageResult } from "./pagination";
import { READ_WINDOWS, WRITE_WINDOWS, type Window } from "./rate-limit";
import type { Tenant } from "./tenant";
import {
  checkUserIdType,
  queryInteger,
  requireObject,
  type Json,
  type JsonObject,
} from "./validate";

export interface RequestContext {
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body (`{}` when the request has none). */
  body: Json;
  tenant: Tenant;
}

export interface Route {
  key: string;
  method: string;
  segments: string[];
  windows: readonly Window[];
  write: boolean;
  token: "tenant" | "user";
  handler: (ctx: RequestContext) => JsonObject;
}

const V1 = "/open-apis/vc/v1";

function route(
  method: string,
  path: string,
  kind: "read" | "write",
  handler: Route["handler"],
  token: Route["token"] = "tenant",
): Route {
  return {
    key: `${method} ${V1}${path}`,
    method,
    segments: `${V1}${path}`.split("/").filter((s) => s !== ""),
    windows: kind === "write" ? WRITE_WINDOWS : READ_WINDOWS,
    write: kind === "write",
    token,
    handler,
  };
}

const body = (ctx: RequestContext): JsonObject => requireObject(ctx.body, "body");

/** A page in the wire shape: the array under `arrayKey` (`items`, or `rooms` for room lists). */
function pageBody(arrayKey: string, result: PageResult<JsonObject>): JsonObject {
  return {
    [arrayKey]: result.items,
    has_more: result.hasMore,
    ...(result.pageToken === undefined ? {} : { page_token: result.pageToken }),
  };
}

export const ROUTES: Route[] = [
  // Room levels (reference 2.2).
  route("POST", "/room_levels", "write", (ctx) => ctx.tenant.createLevel(body(ctx))),
  route("GET", "/room_levels/:room_level_id", "read", (ctx) => ({
    room_level: ctx.tenant.levelView(ctx.tenant.level(ctx.params.room_level_id!, true)),
  })),
  route("POST", "/room_levels/mget", "read", (ctx) => ctx.tenant.mgetLevels(body(ctx))),
  route("GET", "/room_levels", "read", (ctx) => {
    const parent = ctx.query.get("room_level_id") ?? "";
    const result = page(ctx.tenant.childLevels(parent), pageRequest(ctx.query), `levels:${parent}`);
    return pageBody("items", result);
  }),
  route("PATCH", "/room_levels/:room_level_id", "write", (ctx) => {
    ctx.tenant.patchLevel(ctx.params.room_level_id!, body(ctx));
    return {};
  }),
  route("POST", "/room_levels/del", "write", (ctx) => {
    ctx.tenant.deleteLevel(body(ctx));
    return {};
  }),
  route("GET", "/room_levels/search", "read", (ctx) => {
    const raw = ctx.query.get("custom_level_ids");
    if (raw === null || raw === "") throw fieldInvalid("custom_level_ids", "is required");
    return ctx.tenant.searchLevels(raw.split(","));
  }),
  // Rooms (reference 2.3).
  route("POST", "/rooms", "write", (ctx) => {
    checkUserIdType(ctx.query);
    return ctx.tenant.createRoom(body(ctx));
  }),
  route("GET", "/rooms/:room_id", "read", (ctx) => {
    checkUserIdType(ctx.query);
    return { room: ctx.tenant.roomView(ctx.tenant.room(ctx.params.room_id!)) };
  }),
  route("POST", "/rooms/mget", "read", (ctx) => {
    checkUserIdType(ctx.query);
    return ctx.tenant.mgetRooms(body(ctx));
  }),
  route("GET", "/rooms", "read", (ctx) => {
    checkUserIdType(ctx.query);
    const level = ctx.query.get("room_level_id") ?? "";
    const result = page(ctx.tenant.listRooms(level), pageRequest(ctx.query), `rooms:${level}`);
    return pageBody("rooms", result);
  }),
  route("PATCH", "/rooms/:room_id", "write", (ctx) => {
    checkUserIdType(ctx.query);
    ctx.tenant.patchRoom(ctx.params.room_id!, body(ctx));
    return {};
  }),
  route("DELETE", "/rooms/:room_id", "write", (ctx) => {
    ctx.tenant.deleteRoom(ctx.params.room_id!);
    return {};
  }),
  route(
    "POST",
    "/rooms/search",
    "read",
    (ctx) => {
      checkUserIdType(ctx.query);
      const request = body(ctx);
      const size = request.page_size;
      if (
        size !== undefined &&
        (typeof size !== "number" || !Number.isInteger(size) || size < 1 || size > 100)
      ) {
        throw fieldInvalid("page_size", "must be an integer between 1 and 100", size);
      }
      const token =
        typeof request.page_token === "string" && request.page_token !== ""
          ? request.page_token
          : undefined;
      const found = ctx.tenant.searchRooms(request);
      const result = page(
        found,
        {
          pageSize: typeof size === "number" ? size : 10,
          ...(token === undefined ? {} : { pageToken: token }),
        },
        "search",
      );
      return pageBody("rooms", result);
    },
    "user",
  ),
  // Room configuration by scope (reference 2.4).
  route("POST", "/scope_config", "write", (ctx) => {
    checkUserIdType(ctx.query);
    ctx.tenant.setScopeConfig(body(ctx));
    return {};
  }),
  route("GET", "/scope_config", "read", (ctx) => {
    checkUserIdType(ctx.query);
    const scopeType = queryInteger(ctx.query, "scope_type");
    if (scopeType === undefined) throw fieldInvalid("scope_type", "is required");
    if (scopeType !== 1 && scopeType !== 2)
      throw fieldInvalid("scope_type", "must be 1 or 2", String(scopeType));
    const scopeId = ctx.query.get("scope_id");
    if (scopeId === null || scopeId === "") throw fieldInvalid("scope_id", "is required");
    return ctx.tenant.getScopeConfig(scopeType, scopeId);
  }),
];

/** Finds the route of a request: the best path match for the method, or why there is none. */
export function matchRoute(
  method: string,
  pathname: string,
): { route: Route; params: Record<string, string> } | "no-path" | "no-method" {
  const segments = pathname.split("/").filter((s) => s !== "");
  let pathMatched = false;
  let best: { route: Route; params: Record<string, string>; statics: number } | undefined;
  for (const candidate of ROUTES) {
    if (candidate.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let statics = 0;
    const matches = candidate.segments.every((part, i) => {
      if (part.startsWith(":")) {
        params[part.slice(1)] = decodeURIComponent(segments[i]!);
        return true;
      }
      statics += 1;
      return part === segments[i];
    });
    if (!matches) continue;
    pathMatched = true;
    if (candidate.method !== method) continue;
    if (best === undefined || statics > best.statics) best = { route: candidate, params, statics };
  }
  if (best !== undefined) return { route: best.route, params: best.params };
  return pathMatched ? "no-method" : "no-path";
}
