/**
 * `feishu-vc usage --stack`: the managed rooms come from the stack's state (ids, names, levels,
 * capacities, as `up` recorded them), credentials from its config. A room added to a managed
 * level behind the stack's back is reported as unmanaged, with its bookings.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { createClient } from "../../provider/client";
import { runCli } from "../helpers/cli";
import {
  createEngineStack,
  emulatorConfig,
  REPO_ROOT,
  type EngineStack,
} from "../../tools/harness/engine-stack";

const RATE_LIMIT_SCALE = 60;
let engine: EngineStack;

const LAYOUT = `version: 1
levels:
  - key: office
    name: Office
    levels:
      - key: office-f1
        name: F1
        rooms:
          - { key: office-f1-board, name: Board, capacity: 12 }
          - { key: office-f1-pod, name: Pod, capacity: 2 }
`;

beforeAll(async () => {
  engine = await createEngineStack({
    program: REPO_ROOT,
    emulator: { rateLimitScale: RATE_LIMIT_SCALE },
    config: ({ emulator, tempDir }) => {
      const layoutFile = path.join(tempDir, "layout.yaml");
      fs.writeFileSync(layoutFile, LAYOUT);
      return { "feishu-vc:layout": layoutFile, ...emulatorConfig(emulator!, RATE_LIMIT_SCALE) };
    },
  });
  await engine.up();
});

afterAll(async () => {
  await engine?.dispose();
});

it("reports the stack's rooms and an unmanaged one from the tenant", async () => {
  const emulator = engine.emulator!;
  const post = async (pathname: string, body: unknown): Promise<void> => {
    const response = await fetch(`${emulator.url}/__emulator/${pathname}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${pathname}: HTTP ${response.status}`);
  };
  await post("exports/config", { delay_ms: 0 });
  const state = await engine.exportState();
  const room = (name: string): string =>
    state.find((r) => r.type.endsWith(":Room") && r.outputs.name === name)!.id!;
  const floorId = state.find((r) => r.type.endsWith(":RoomLevel") && r.outputs.name === "F1")!.id!;
  const client = createClient({
    appId: emulator.appId,
    appSecret: emulator.appSecret,
    baseUrl: emulator.url,
    rateLimitScale: RATE_LIMIT_SCALE,
  });
  const extra = await client.rooms.create({ name: "Annex", capacity: 6, room_level_id: floorId });
  // Monday 2026-11-23, +08:00: Board 10:00-12:00 with 3 people (2 of 45 working hours).
  const at = (local: string): string => String(Date.parse(`${local}+08:00`) / 1000);
  await post("bookings", {
    room_id: room("Board"),
    start_time: at("2026-11-23T10:00:00"),
    end_time: at("2026-11-23T12:00:00"),
    accepted: 3,
  });
  await post("bookings", {
    room_id: extra.room_id,
    start_time: at("2026-11-24T14:00:00"),
    end_time: at("2026-11-24T15:00:00"),
    accepted: 4,
  });

  const result = await runCli(
    [
      "usage",
      "--stack",
      engine.stackName,
      "--cwd",
      engine.workDir,
      "--from",
      "2026-11-23",
      "--to",
      "2026-11-29",
      "--format",
      "json",
    ],
    { env: engine.env },
  );
  expect(result.code).toBe(0);
  const report = JSON.parse(result.stdout) as {
    levels: { name: string; levels: { name: string; rooms: Record<string, unknown>[] }[] }[];
    unmanaged: Record<string, unknown>[];
  };
  expect(report.levels.map((level) => level.name)).toEqual(["Office"]);
  const floor = report.levels[0]!.levels[0]!;
  expect(floor.name).toBe("F1");
  expect(floor.rooms).toEqual([
    expect.objectContaining({ name: "Pod", capacity: 2, bookings: 0, flags: ["never-booked"] }),
    expect.objectContaining({
      name: "Board",
      capacity: 12,
      bookings: 1,
      bookedHours: 2,
      peakAttendance: 3,
      flags: ["oversized"],
    }),
  ]);
  expect(report.unmanaged).toEqual([
    expect.objectContaining({ name: "Annex", bookings: 1, bookedHours: 1, managed: false }),
  ]);
});
