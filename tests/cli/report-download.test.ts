/**
 * `feishu-vc report` and `feishu-vc download` against the emulator, run as a user would (the
 * built CLI): tables, --json and --csv; real downloads as xlsx, csv and json; progress lines on a
 * non-terminal; and every bad input a one-line error naming the flag, exit 64, with nothing
 * written and no export started.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createClient, readExportRows, type FeishuVcClient } from "../../provider/client";
import { startEmulatorProcess, type EmulatorProcess } from "../../tools/harness/emulator-process";
import { runCli, type CliResult } from "../helpers/cli";

jest.setTimeout(120_000);

const DAY_MS = 86_400_000;
const OFFSET_MS = 8 * 3_600_000;
let emulator: EmulatorProcess;
let client: FeishuVcClient;
let rootLevelId: string;
let roomId: string;
let dir: string;

async function control<T>(method: string, route: string, body?: unknown): Promise<T> {
  const response = await fetch(`${emulator.url}/__emulator/${route}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${route}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** The day `days` ago (negative: ahead) as YYYY-MM-DD in the default zone, +08:00. */
const day = (days: number): string =>
  new Date(Date.now() - days * DAY_MS + OFFSET_MS).toISOString().slice(0, 10);

const cli = (args: string[]): Promise<CliResult> =>
  runCli(args, {
    env: {
      FEISHU_APP_ID: emulator.appId,
      FEISHU_APP_SECRET: emulator.appSecret,
      FEISHU_BASE_URL: emulator.url,
      CI: "",
    },
  });

const ok = (result: CliResult): CliResult => {
  expect({ code: result.code, stderrHasStack: /\n\s+at /.test(result.stderr) }).toEqual({
    code: 0,
    stderrHasStack: false,
  });
  return result;
};

/** Export calls the emulator received (creates, polls, downloads). */
async function exportCalls(): Promise<number> {
  const stats = await emulator.control.stats();
  return Object.entries(stats.calls)
    .filter(([key]) => key.includes("/exports/") || key.includes("/reports/"))
    .reduce((total, [, count]) => total + count, 0);
}

/** A usage error: exit 64, one line on stderr naming `flag`, nothing on stdout, no trace. */
function expectUsageError(result: CliResult, flag: string): void {
  expect(result.stdout).toBe("");
  const lines = result.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(flag);
  expect(result.code).toBe(64);
}

beforeAll(async () => {
  emulator = await startEmulatorProcess({ noRateLimit: true });
  client = createClient({
    appId: emulator.appId,
    appSecret: emulator.appSecret,
    baseUrl: emulator.url,
  });
  rootLevelId = (await client.roomLevels.get("0")).room_level_id;
  for (const name of ["North", "South", "East"]) {
    const room = await client.rooms.create({ name, capacity: 10, room_level_id: rootLevelId });
    roomId ??= room.room_id;
  }
  await control("POST", "history", { days: 30, seed: 3 });
  await control("POST", "exports/config", { delay_ms: 300 });
});

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "feishu-vc-download-cli-"));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

afterAll(async () => {
  await emulator?.stop();
});

describe("report", () => {
  it("prints the daily report as JSON with numbers, as a table with a total, and as CSV", async () => {
    const window = ["--from", day(20), "--to", day(0)];
    const json = JSON.parse(ok(await cli(["report", "daily", ...window, "--json"])).stdout) as {
      totalMeetingCount: number;
      days: { date: string; meetingCount: number }[];
    };
    expect(typeof json.totalMeetingCount).toBe("number");
    expect(json.totalMeetingCount).toBeGreaterThan(0);
    const table = ok(await cli(["report", "daily", ...window])).stdout;
    expect(table).toMatch(/total/);
    expect(table).toContain(String(json.totalMeetingCount));
    const csv = ok(await cli(["report", "daily", ...window, "--csv"]))
      .stdout.trimEnd()
      .split("\n");
    expect(csv[0]).toBe("date,meetings,duration_s,participants");
    expect(csv).toHaveLength(json.days.length + 2);
    expect(csv.at(-1)).toMatch(new RegExp(`^total,${json.totalMeetingCount},`));
  });

  it("lists top users, limited and ordered", async () => {
    const users = JSON.parse(
      ok(
        await cli([
          "report",
          "top-users",
          "--from",
          day(20),
          "--to",
          day(0),
          "--limit",
          "3",
          "--order-by",
          "duration",
          "--json",
        ]),
      ).stdout,
    ) as { meetingDurationMin: number }[];
    expect(users.length).toBeGreaterThan(0);
    expect(users.length).toBeLessThanOrEqual(3);
    const minutes = users.map((user) => user.meetingDurationMin);
    expect(minutes).toEqual([...minutes].sort((a, b) => b - a));
  });

  it("refuses bad flags in one line naming the flag, before any call", async () => {
    const before = await exportCalls();
    const cases: [string[], string][] = [
      [["report", "daily", "--from", day(100), "--to", day(0)], "--from"],
      [["report", "daily", "--from", day(1), "--to", day(5)], "--from"],
      [["report", "daily", "--from", "2026-02-30", "--to", day(0)], "--from"],
      [["report", "daily", "--from", "yesterday", "--to", day(0)], "--from"],
      [["report", "daily", "--to", day(0)], "--from"],
      [["report", "daily", "--from", day(3), "--to", day(0), "--json", "--csv"], "--csv"],
      [["report", "daily", "--from", day(3), "--to", day(0), "--utc-offset", "8"], "--utc-offset"],
      [["report", "top-users", "--from", day(3), "--to", day(0), "--limit", "0"], "--limit"],
      [["report", "top-users", "--from", day(3), "--to", day(0), "--order-by", "x"], "--order-by"],
    ];
    for (const [args, flag] of cases) expectUsageError(await cli(args), flag);
    expect(await exportCalls()).toBe(before);
  });
});

describe("download", () => {
  const window = (): string[] => ["--from", day(20), "--to", day(0)];

  it("writes the service's xlsx, with progress lines on a non-terminal", async () => {
    const out = path.join(dir, "meetings.xlsx");
    const result = ok(await cli(["download", "meetings", ...window(), "--out", out, "--json"]));
    const summary = JSON.parse(result.stdout) as { file: string; bytes: number; format: string };
    expect(summary).toEqual({ file: out, format: "xlsx", bytes: fs.statSync(out).size });
    expect(result.stderr).toMatch(/waiting for the export task \d+/);
    expect(result.stderr).toMatch(/downloaded, \d+ bytes/);
    expect(fs.readdirSync(dir)).toEqual(["meetings.xlsx"]);
    expect((await readExportRows("meeting_list", out)).length).toBeGreaterThan(0);
  });

  it("converts to CSV and JSON, one record per row of the export", async () => {
    const xlsx = path.join(dir, "m.xlsx");
    ok(await cli(["download", "meetings", ...window(), "--out", xlsx]));
    const rows = await readExportRows("meeting_list", xlsx);
    const csv = path.join(dir, "m.csv");
    ok(await cli(["download", "meetings", ...window(), "--out", csv]));
    const lines = fs.readFileSync(csv, "utf8").trimEnd().split("\n");
    expect(lines[0]!.startsWith("meetingNo,topic,organizer")).toBe(true);
    expect(lines).toHaveLength(rows.length + 1);
    const json = path.join(dir, "bookings.data");
    ok(
      await cli([
        "download",
        "room-bookings",
        "--level-id",
        rootLevelId,
        "--rooms",
        roomId,
        "--from",
        day(20),
        "--to",
        day(-20),
        "--out",
        json,
        "--format",
        "json",
      ]),
    );
    const bookings = JSON.parse(fs.readFileSync(json, "utf8")) as { roomId: string }[];
    const booked = (await control<{ bookings: { start: number }[] }>("GET", `bookings/${roomId}`))
      .bookings;
    const from = Date.parse(`${day(20)}T00:00:00+08:00`) / 1000;
    const to = Date.parse(`${day(-21)}T00:00:00+08:00`) / 1000;
    expect(bookings).toHaveLength(booked.filter((b) => b.start >= from && b.start < to).length);
    expect(bookings.every((b) => b.roomId === roomId)).toBe(true);
  });

  it("overwrites only with --force", async () => {
    const out = path.join(dir, "m.xlsx");
    fs.writeFileSync(out, "keep");
    expectUsageError(await cli(["download", "meetings", ...window(), "--out", out]), "--out");
    expect(fs.readFileSync(out, "utf8")).toBe("keep");
    ok(await cli(["download", "meetings", ...window(), "--out", out, "--force"]));
    expect(fs.readFileSync(out).subarray(0, 2).toString()).toBe("PK");
  });

  it("refuses bad input in one line naming the flag: nothing written, no export started", async () => {
    const before = await exportCalls();
    const out = path.join(dir, "x.xlsx");
    const cases: [string[], string][] = [
      [["download", "meetings", ...window(), "--out", path.join(dir, "no", "x.xlsx")], "--out"],
      [["download", "meetings", ...window()], "--out"],
      [["download", "meetings", "--from", day(95), "--to", day(0), "--out", out], "--from"],
      [["download", "meetings", "--from", day(0), "--to", day(3), "--out", out], "--from"],
      [["download", "meetings", ...window(), "--out", out, "--meeting-no", "12"], "--meeting-no"],
      [
        [
          "download",
          "meetings",
          ...window(),
          "--out",
          out,
          "--meeting-no",
          "123456789",
          "--room-id",
          roomId,
        ],
        "--room-id",
      ],
      [["download", "meetings", ...window(), "--out", out, "--format", "pdf"], "--format"],
      [["download", "meetings", ...window(), "--out", out, "--status", "later"], "--status"],
      [["download", "room-bookings", ...window(), "--out", out], "--level-id"],
      [
        [
          "download",
          "room-bookings",
          ...window(),
          "--out",
          out,
          "--level-id",
          rootLevelId,
          "--exclude",
        ],
        "--rooms",
      ],
      [
        [
          "download",
          "quality",
          ...window(),
          "--out",
          out,
          "--meeting-no",
          "123456789",
          "--join-time",
          day(1),
        ],
        "--user-id",
      ],
      [["download", "participants", ...window(), "--out", out], "--meeting-no"],
    ];
    for (const [args, flag] of cases) expectUsageError(await cli(args), flag);
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(await exportCalls()).toBe(before);
  });

  it("reports a failed task in one line, exit 1, and writes nothing", async () => {
    await control("POST", "exports/config", { fail_next: 1 });
    const result = await cli([
      "download",
      "meetings",
      ...window(),
      "--out",
      path.join(dir, "f.xlsx"),
    ]);
    expect(result.code).toBe(1);
    const errors = result.stderr
      .split("\n")
      .filter((line) => line.startsWith("feishu-vc download"));
    expect(errors.at(-1)).toMatch(/export task \d+ failed/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
