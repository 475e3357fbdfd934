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
  // @ts-expect-error unknown endpoint key
  await client.request("GET /open-apis/vc/v1/nothing", {});
}
