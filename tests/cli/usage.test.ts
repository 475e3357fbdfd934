/**
 * `feishu-vc usage --layout` against the emulator, run as a user would: bookings added one by one
 * (`POST /__emulator/bookings`) come back through the resource_reservation_list export, and the
 * report's figures are the ones computed by hand below. Bad flags: one line, exit 64, no file.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createClient, type FeishuVcClient } from "../../provider/client";
import { startEmulatorProcess, type EmulatorProcess } from "../../tools/harness/emulator-process";
import { runCli, type CliResult } from "../helpers/cli";

jest.setTimeout(180_000);

let emulator: EmulatorProcess;
let client: FeishuVcClient;
let dir: string;
let layoutFile: string;
const rooms: Record<string, string> = {};

async function control(pathname: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${emulator.url}/__emulator/${pathname}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`${pathname}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

/** A past week: Monday 2026-11-23 to Monday 2026-11-30, +08:00 (45 working hours a room). */
const at = (local: string): number => Date.parse(`${local}+08:00`) / 1000;

async function book(room: string, start: string, end: string, accepted: number): Promise<void> {
  await control("bookings", {
    room_id: rooms[room],
    start_time: String(at(start)),
    end_time: String(at(end)),
    accepted,
    guests: accepted,
  });
}

const cli = (args: string[]): Promise<CliResult> =>
  runCli(args, {
    env: {
      FEISHU_APP_ID: emulator.appId,
      FEISHU_APP_SECRET: emulator.appSecret,
      FEISHU_BASE_URL: emulator.url,
    },
  });

beforeAll(async () => {
  emulator = await startEmulatorProcess({ noRateLimit: true });
  await control("exports/config", { delay_ms: 0 });
  client = createClient({
    appId: emulator.appId,
    appSecret: emulator.appSecret,
    baseUrl: emulator.url,
  });
  const root = await client.roomLevels.root();
  const hq = await client.roomLevels.create({
    name: "HQ",
    parent_id: root.room_level_id,
    custom_group_id: "hq",
  });
  const floor = await client.roomLevels.create({
    name: "F1",
    parent_id: hq.room_level_id,
    custom_group_id: "hq-f1",
  });
  for (const [key, name, capacity] of [
    ["everest", "Everest", 16],
    ["k2", "K2", 8],
    ["lhotse", "Lhotse", 6],
    ["storage", "Storage", 2],
  ] as const) {
    const room = await client.rooms.create({
      name,
      capacity,
      room_level_id: floor.room_level_id,
      custom_room_id: `hq-f1-${key}`,
    });
    rooms[key] = room.room_id;
  }
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "usage-cli-"));
  layoutFile = path.join(dir, "layout.yaml");
  // Storage is in the tenant but not declared: an unmanaged room.
  fs.writeFileSync(
    layoutFile,
    [
      "version: 1",
      "levels:",
      "  - key: hq",
      "    name: HQ",
      "    levels:",
      "      - key: hq-f1",
      "        name: F1",
      "        rooms:",
      "          - { key: hq-f1-everest, name: Everest, capacity: 16 }",
      "          - { key: hq-f1-k2, name: K2, capacity: 8 }",
      "          - { key: hq-f1-lhotse, name: Lhotse, capacity: 6 }",
      "",
    ].join("\n"),
  );
  // Everest: Mon 10-12 (3 people) and Tue 17-20 (2): 5 h booked, 3 in working hours; peak 3 is
  // under a third of 16 seats. K2: Wed 9-18 with 9 people in 8 seats. Lhotse: never booked.
  await book("everest", "2026-11-23T10:00:00", "2026-11-23T12:00:00", 3);
  await book("everest", "2026-11-24T17:00:00", "2026-11-24T20:00:00", 2);
  await book("k2", "2026-11-25T09:00:00", "2026-11-25T18:00:00", 9);
  await book("storage", "2026-11-26T09:00:00", "2026-11-26T10:00:00", 1);
  // Outside the window: not counted.
  await book("k2", "2026-11-30T09:00:00", "2026-11-30T10:00:00", 4);
});

afterAll(async () => {
  await emulator?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

interface RoomJson {
  name: string;
  bookings: number;
  bookedHours: number;
  bookedWorkingHours: number;
  utilization: number;
  peakAttendance?: number;
  typicalAttendance?: number;
  flags: string[];
}
interface ReportJson {
  workingHoursInWindow: number;
  totals: { rooms: number; bookings: number; bookedHours: number; utilization: number };
  levels: { name: string; levels: { name: string; rooms: RoomJson[] }[] }[];
  neverBooked: RoomJson[];
  unmanaged: RoomJson[];
}

const WINDOW = ["--from", "2026-11-23", "--to", "2026-11-29"];

describe("feishu-vc usage", () => {
  it("reports the hand-computed figures as JSON", async () => {
    const result = await cli(["usage", "--layout", layoutFile, ...WINDOW, "--format", "json"]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as ReportJson;
    expect(report.workingHoursInWindow).toBe(45);
    const floor = report.levels[0]!.levels[0]!;
    expect(floor.name).toBe("F1");
    const byName = Object.fromEntries(floor.rooms.map((room) => [room.name, room]));
    expect(floor.rooms.map((room) => room.name)).toEqual(["Lhotse", "Everest", "K2"]);
    expect(byName.Everest).toMatchObject({
      bookings: 2,
      bookedHours: 5,
      bookedWorkingHours: 3,
      peakAttendance: 3,
      typicalAttendance: 2.5,
      flags: ["oversized"],
    });
    expect(byName.K2).toMatchObject({
      bookings: 1,
      bookedHours: 9,
      utilization: 0.2,
      peakAttendance: 9,
      flags: ["undersized"],
    });
    expect(byName.Lhotse).toMatchObject({ bookings: 0, flags: ["never-booked"] });
    expect(report.totals).toMatchObject({ rooms: 3, bookings: 3, bookedHours: 14 });
    expect(report.totals.utilization).toBeCloseTo(12 / 135, 10);
    expect(report.neverBooked.map((room) => room.name)).toEqual(["Lhotse"]);
    expect(report.unmanaged).toMatchObject([{ name: "Storage", bookings: 1, bookedHours: 1 }]);
  });

  it("writes Markdown to --out", async () => {
    const out = path.join(dir, "usage.md");
    const result = await cli(["usage", "--layout", layoutFile, ...WINDOW, "--out", out]);
    expect(result.code).toBe(0);
    const markdown = fs.readFileSync(out, "utf8");
    expect(markdown).toContain("### HQ / F1");
    expect(markdown).toMatch(/\| K2 +\| +8 \| +1 \| +9 \| +20\.0% \| +9 \/ 9 \| too small +\|/);
    expect(result.stderr).toContain("usage: 3 rooms, 3 bookings, 1 export(s)");
  });

  it.each([
    [["--from", "2026-11-29", "--to", "2026-11-23"], "--from"],
    [["--working-hours", "18:00-09:00"], "--working-hours"],
    [["--time-zone", "Mars/Base"], "--time-zone"],
    [["--format", "pdf"], "--format"],
    [["--out", "/nonexistent-dir/usage.md"], "--out"],
  ])("refuses %j with one line naming %s, before any call", async (args, flag) => {
    const result = await cli(["usage", "--layout", layoutFile, ...args]);
    expect(result.code).toBe(64);
    expect(result.stdout).toBe("");
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain(flag);
  });

  it("refuses to overwrite --out without --force", async () => {
    const out = path.join(dir, "exists.md");
    fs.writeFileSync(out, "keep");
    const result = await cli(["usage", "--layout", layoutFile, ...WINDOW, "--out", out]);
    expect(result.code).toBe(64);
    expect(result.stderr).toMatch(/--out: .*exists; pass --force/);
    expect(fs.readFileSync(out, "utf8")).toBe("keep");
  });
});
