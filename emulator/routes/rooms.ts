/** Room endpoints (reference 2.3) over the tenant's {@link RoomStore}. */
import { fieldInvalid } from "../errors";
import { page, pageBody, pageRequest } from "../pagination";
import { checkUserIdType } from "../validate";
import { bodyOf, route, type Route } from "./route";

export const ROOM_ROUTES: Route[] = [
  route("POST /open-apis/vc/v1/rooms", "write", (ctx) => {
    checkUserIdType(ctx.query);
    return ctx.tenant.rooms.create(bodyOf(ctx));
  }),
  route("GET /open-apis/vc/v1/rooms/:room_id", "read", (ctx) => {
    checkUserIdType(ctx.query);
    return { room: ctx.tenant.rooms.view(ctx.tenant.rooms.room(ctx.params.room_id!)) };
  }),
  route("POST /open-apis/vc/v1/rooms/mget", "read", (ctx) => {
    checkUserIdType(ctx.query);
    return ctx.tenant.rooms.mget(bodyOf(ctx));
  }),
  route("GET /open-apis/vc/v1/rooms", "read", (ctx) => {
    checkUserIdType(ctx.query);
    const level = ctx.query.get("room_level_id") ?? "";
    const rooms = ctx.tenant.rooms.list(level);
    return pageBody("rooms", page(rooms, pageRequest(ctx.query), `rooms:${level}`));
  }),
  route("PATCH /open-apis/vc/v1/rooms/:room_id", "write", (ctx) => {
    checkUserIdType(ctx.query);
    ctx.tenant.rooms.patch(ctx.params.room_id!, bodyOf(ctx));
    return {};
  }),
  route("DELETE /open-apis/vc/v1/rooms/:room_id", "write", (ctx) => {
    ctx.tenant.rooms.delete(ctx.params.room_id!);
    return {};
  }),
  route(
    "POST /open-apis/vc/v1/rooms/search",
    "read",
    (ctx) => {
      checkUserIdType(ctx.query);
      const request = bodyOf(ctx);
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
      const found = ctx.tenant.rooms.search(request);
      const pageSize = typeof size === "number" ? size : 10;
      const result = page(
        found,
        { pageSize, ...(token === undefined ? {} : { pageToken: token }) },
        "search",
      );
      return pageBody("rooms", result);
    },
    // Reference section 4 item 4: rooms/search takes user tokens only.
    "user",
  ),
];
