/** Room-level endpoints (reference 2.2) over the tenant's {@link RoomLevelStore}. */
import { fieldInvalid } from "../errors";
import { page, pageBody, pageRequest } from "../pagination";
import { bodyOf, route, type Route } from "./route";

export const ROOM_LEVEL_ROUTES: Route[] = [
  route("POST /open-apis/vc/v1/room_levels", "write", (ctx) =>
    ctx.tenant.levels.create(bodyOf(ctx)),
  ),
  route("GET /open-apis/vc/v1/room_levels/:room_level_id", "read", (ctx) => ({
    room_level: ctx.tenant.levels.view(ctx.tenant.levels.level(ctx.params.room_level_id!, true)),
  })),
  route("POST /open-apis/vc/v1/room_levels/mget", "read", (ctx) =>
    ctx.tenant.levels.mget(bodyOf(ctx)),
  ),
  route("GET /open-apis/vc/v1/room_levels", "read", (ctx) => {
    const parent = ctx.query.get("room_level_id") ?? "";
    const levels = ctx.tenant.levels.children(parent);
    return pageBody("items", page(levels, pageRequest(ctx.query), `levels:${parent}`));
  }),
  route("PATCH /open-apis/vc/v1/room_levels/:room_level_id", "write", (ctx) => {
    ctx.tenant.levels.patch(ctx.params.room_level_id!, bodyOf(ctx));
    return {};
  }),
  route("POST /open-apis/vc/v1/room_levels/del", "write", (ctx) => {
    ctx.tenant.levels.delete(bodyOf(ctx));
    return {};
  }),
  route("GET /open-apis/vc/v1/room_levels/search", "read", (ctx) => {
    const raw = ctx.query.get("custom_level_ids");
    if (raw === null || raw === "") throw fieldInvalid("custom_level_ids", "is required");
    return ctx.tenant.levels.search(raw.split(","));
  }),
];
