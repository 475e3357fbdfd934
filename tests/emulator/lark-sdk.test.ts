/**
 * Wire compatibility: the official Lark Node SDK, unchanged, drives the emulator. A third
 * implementation of the API agreeing with ours keeps the emulator honest (ADR 0001).
 */
import * as lark from "@larksuiteoapi/node-sdk";
import { startEmulator, type RunningEmulator } from "../../emulator";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ noRateLimit: true });
});
afterAll(async () => {
  await emulator.close();
});

it("serves levels, rooms and scope config to the official SDK", async () => {
  const client = new lark.Client({
    appId: "cli_emulator",
    appSecret: "emulator-secret",
    domain: emulator.url,
    loggerLevel: lark.LoggerLevel.error,
  });
  const root = await client.vc.roomLevel.get({ path: { room_level_id: "0" } });
  expect(root.code).toBe(0);
  const rootId = root.data!.room_level!.room_level_id!;
  const level = await client.vc.roomLevel.create({
    data: { name: "SDK building", parent_id: rootId, custom_group_id: "sdk" },
  });
  const levelId = level.data!.room_level!.room_level_id!;
  expect(level.data!.room_level!.path).toEqual([rootId]);
  const listed = await client.vc.roomLevel.list({
    params: { room_level_id: rootId, page_size: 10 },
  });
  expect(listed.data!.items!.map((l) => l.name)).toEqual(["SDK building"]);
  const room = await client.vc.room.create({
    data: { name: "SDK room", capacity: 6, room_level_id: levelId, device: [{ name: "TV" }] },
  });
  const roomId = room.data!.room!.room_id!;
  const got = await client.vc.room.get({ path: { room_id: roomId } });
  expect(got.data!.room).toMatchObject({ name: "SDK room", capacity: 6, room_level_id: levelId });
  await client.vc.scopeConfig.create({
    data: {
      scope_type: 2,
      scope_id: roomId,
      scope_config: { room_background: "https://example.com/x.png" },
    },
  });
  const config = await client.vc.scopeConfig.get({ params: { scope_type: 2, scope_id: roomId } });
  expect(config.data!.current_config!.scope_config!.room_background).toBe(
    "https://example.com/x.png",
  );
});
