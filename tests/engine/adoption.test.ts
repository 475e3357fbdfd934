/**
 * Adoption on the real engine (issue 4, step 5): objects that already exist in the tenant with the
 * declared custom ids are refused without `adopt`, and taken over, not duplicated, with it.
 */
import type { FeishuVcClient } from "../../provider/client";
import { createClient } from "../../provider/client";
import {
  createEngineStack,
  emulatorConfig,
  type EngineStack,
} from "../../tools/harness/engine-stack";
import type { Declaration } from "./programs/declaration/declarations";

const RATE_LIMIT_SCALE = 60;
let engine: EngineStack;
let client: FeishuVcClient;

const declaration = (adopt: boolean): Declaration => ({
  levels: [
    { key: "adopt-hq", name: "Adopted HQ", customGroupId: "adopt-hq", ...(adopt ? { adopt } : {}) },
  ],
  rooms: [
    {
      key: "adopt-room",
      name: "Adopted room",
      level: "adopt-hq",
      capacity: 5,
      customRoomId: "adopt-room",
      ...(adopt ? { adopt } : {}),
    },
  ],
  configs: [],
});

beforeAll(async () => {
  engine = await createEngineStack({
    program: "declaration",
    emulator: { rateLimitScale: RATE_LIMIT_SCALE },
    config: ({ emulator }) => ({
      ...emulatorConfig(emulator!, RATE_LIMIT_SCALE),
    }),
  });
  client = createClient({
    appId: engine.emulator!.appId,
    appSecret: engine.emulator!.appSecret,
    baseUrl: engine.emulator!.url,
    rateLimitScale: RATE_LIMIT_SCALE,
  });
});

afterAll(async () => {
  await engine?.dispose();
});

it("refuses objects that already exist without adopt, then adopts them in place with adopt", async () => {
  const root = await client.roomLevels.root();
  const level = await client.roomLevels.create({
    name: "Made by hand",
    parent_id: root.room_level_id,
    custom_group_id: "adopt-hq",
  });
  const room = await client.rooms.create({
    name: "Hand room",
    capacity: 3,
    room_level_id: level.room_level_id,
    custom_room_id: "adopt-room",
  });

  await engine.stack.setConfig("declaration:spec", { value: JSON.stringify(declaration(false)) });
  await expect(engine.up()).rejects.toThrow(/customGroupId "adopt-hq" already exists/);
  expect(engine.output).toContain(level.room_level_id);
  // Nothing was changed or duplicated.
  expect((await client.roomLevels.listAll(root.room_level_id)).map((l) => l.name)).toEqual([
    "Made by hand",
  ]);
  expect((await client.rooms.listAll()).map((r) => r.room_id)).toEqual([room.room_id]);

  await engine.stack.setConfig("declaration:spec", { value: JSON.stringify(declaration(true)) });
  const adopted = await engine.up();
  expect(adopted.summary.result).toBe("succeeded");
  expect(adopted.outputs.levelIds?.value).toEqual({ "adopt-hq": level.room_level_id });
  expect(adopted.outputs.roomIds?.value).toEqual({ "adopt-room": room.room_id });
  const levels = await client.roomLevels.listAll(root.room_level_id);
  const rooms = await client.rooms.listAll();
  expect(levels.map((l) => [l.room_level_id, l.name])).toEqual([
    [level.room_level_id, "Adopted HQ"],
  ]);
  expect(rooms.map((r) => [r.room_id, r.name, r.capacity])).toEqual([
    [room.room_id, "Adopted room", 5],
  ]);

  await engine.stack.preview({ expectNoChanges: true });
  await engine.destroy();
  expect(await client.roomLevels.listAll(root.room_level_id)).toEqual([]);
});
