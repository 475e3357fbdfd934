/**
 * Compile-only checks of the typed endpoint table (style notes L6): `tsc --noEmit` fails if a
 * wrong call compiles. Never executed.
 */
import type { FeishuVcClient } from "../../provider/client";

export async function typedCalls(client: FeishuVcClient): Promise<void> {
  const level = await client.request("GET /open-apis/vc/v1/room_levels/:room_level_id", {
    path: { room_level_id: "0" },
  });
  const name: string | undefined = level.room_level?.name;
  void name;
  // @ts-expect-error the path parameter is required
  await client.request("GET /open-apis/vc/v1/room_levels/:room_level_id", {});
  await client.request("POST /open-apis/vc/v1/rooms", {
    // @ts-expect-error capacity must be a number
    body: { name: "A", capacity: "12", room_level_id: "omb_x" },
  });
  // @ts-expect-error rooms/search takes a user token
  await client.request("POST /open-apis/vc/v1/rooms/search", { body: {} });
  await client.request("POST /open-apis/vc/v1/rooms/search", { body: {}, userAccessToken: "u" });
  // @ts-expect-error room endpoints take only the tenant token
  await client.request("GET /open-apis/vc/v1/rooms", { userAccessToken: "u" });
  // @ts-expect-error list endpoints take no body
  await client.request("GET /open-apis/vc/v1/rooms", { body: { room_ids: [] } });
  // @ts-expect-error scope_type is 1 or 2
  await client.scopeConfig.set({ scope_type: 3, scope_id: "omb_x" });
  const path = { meeting_id: "1" };
  await client.request("PATCH /open-apis/vc/v1/meetings/:meeting_id/end", {
    path,
    userAccessToken: "u",
  });
  // @ts-expect-error ending a meeting takes a user token (the host)
  await client.request("PATCH /open-apis/vc/v1/meetings/:meeting_id/end", { path });
  await client.request("POST /open-apis/vc/v1/meetings/:meeting_id/kickout", {
    path,
    body: { kickout_users: [] },
    // @ts-expect-error kickout takes only the tenant token
    userAccessToken: "u",
  });
  // Either token: the tenant one unless a user token is given.
  await client.request("GET /open-apis/vc/v1/meetings/:meeting_id", { path });
  await client.request("GET /open-apis/vc/v1/meetings/:meeting_id", { path, userAccessToken: "u" });
  // @ts-expect-error list_by_no needs meeting_no and a window
  await client.request("GET /open-apis/vc/v1/meetings/list_by_no", { query: {} });
  // @ts-expect-error the password is a string of digits, not a number
  await client.reservations.apply({ owner_id: "ou", meeting_settings: { password: 4711 } });
  // @ts-expect-error meeting_connect cannot be updated
  await client.reservations.update("1", { meeting_settings: { meeting_connect: true } });
  // @ts-expect-error invite takes the user token as an argument
  await client.meetings.invite("1", [{ id: "ou" }]);
  // @ts-expect-error unknown endpoint key
  await client.request("GET /open-apis/vc/v1/nothing", {});
}

/** Reports take only the tenant token; exports take either; typed results carry numbers. */
export async function reportAndExportCalls(client: FeishuVcClient): Promise<void> {
  const query = { start_time: "1", end_time: "2" };
  // @ts-expect-error reports take only the tenant token (reference 3.4)
  await client.request("GET /open-apis/vc/v1/reports/get_daily", { query, userAccessToken: "u" });
  await client.request("GET /open-apis/vc/v1/exports/:task_id", {
    path: { task_id: "7" },
    userAccessToken: "u",
  });
  const daily = await client.reports.getDaily({ startTime: new Date(), endTime: new Date() });
  const count: number = daily.totalMeetingCount;
  void count;
  await client.reports.getTopUsers({
    startTime: new Date(),
    endTime: new Date(),
    limit: 5,
    // @ts-expect-error order_by is count or duration
    orderBy: "name",
  });
  // @ts-expect-error times are Dates, not unix-seconds strings
  await client.exports.createMeetingList({ startTime: "1", endTime: "2" });
}
