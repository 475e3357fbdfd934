/**
 * Bookings in the plan (issue #20 item 5), through `feishu-vc plan`, the real engine and the
 * emulator: a layout edit that deletes one room and disables another for a window lists the
 * bookings each would cancel, read from one `resource_reservation_list` export for their level.
 * When the export fails or never finishes, the plan still renders, says why in one line, and
 * exits 0.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { runCli } from "../helpers/cli";
import {
  createEngineStack,
  emulatorConfig,
  REPO_ROOT,
  type EngineStack,
} from "../../tools/harness/engine-stack";

const RATE_LIMIT_SCALE = 60;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const EXPORT_CREATE = "POST /open-apis/vc/v1/exports/resource_reservation_list";

/** Midnight UTC, two days from now: the start of K2's disable window, whole days after it. */
const windowStart = new Date(Math.floor(Date.now() / DAY) * DAY + 2 * DAY);
const atDay = (days: number, hours = 0): Date =>
  new Date(windowStart.getTime() + days * DAY + hours * HOUR);

function layout(options: { everest: boolean; k2Disabled: boolean }): string {
  return [
    "version: 1",
    "levels:",
    "  - key: p-hq",
    "    name: HQ",
    "    protect: false",
    "    levels:",
    "      - key: p-hq-f1",
    "        name: F1",
    "        protect: false",
    "        rooms:",
    ...(options.everest ? ["          - { key: p-everest, name: Everest, capacity: 8 }"] : []),
    "          - key: p-k2",
    "            name: K2",
    "            capacity: 4",
    ...(options.k2Disabled
      ? [
          "            status:",
          "              enabled: false",
          `              disableStartTime: "${atDay(0).toISOString()}"`,
          `              disableEndTime: "${atDay(2).toISOString()}"`,
        ]
      : []),
    "          - { key: p-lhotse, name: Lhotse, capacity: 4 }",
    "",
  ].join("\n");
}

let engine: EngineStack;
let layoutFile: string;

async function emulatorPost(route: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${engine.emulator!.url}/__emulator/${route}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST /__emulator/${route}: HTTP ${response.status} ${text}`);
  return text === "" ? undefined : (JSON.parse(text) as unknown);
}

const unix = (date: Date): string => String(Math.floor(date.getTime() / 1000));

async function book(roomId: string, start: Date, hours = 1): Promise<void> {
  await emulatorPost("bookings", {
    room_id: roomId,
    start_time: unix(start),
    end_time: unix(new Date(start.getTime() + hours * HOUR)),
  });
}

const cli = (...args: string[]) =>
  runCli([...args, "--stack", engine.stackName, "--cwd", engine.workDir], { env: engine.env });

beforeAll(async () => {
  engine = await createEngineStack({
    program: REPO_ROOT,
    emulator: { rateLimitScale: RATE_LIMIT_SCALE },
    config: ({ emulator, tempDir }) => {
      layoutFile = path.join(tempDir, "layout.yaml");
      fs.writeFileSync(layoutFile, layout({ everest: true, k2Disabled: false }));
      return { "feishu-vc:layout": layoutFile, ...emulatorConfig(emulator!, RATE_LIMIT_SCALE) };
    },
  });
  expect((await engine.up()).summary.result).toBe("succeeded");
  const roomId = async (key: string): Promise<string> => {
    const room = (await engine.exportState()).find((r) => r.urn.endsWith(`::room-${key}`));
    return room!.outputs.roomId as string;
  };
  const everest = await roomId("p-everest");
  const k2 = await roomId("p-k2");
  const lhotse = await roomId("p-lhotse");
  // Everest: 14 bookings in the next 30 days, one after them.
  for (let day = 0; day < 14; day += 1) await book(everest, atDay(day, 9));
  await book(everest, atDay(35, 9));
  // K2: three inside its window [day 0, day 2), one across its start, two outside.
  await book(k2, atDay(0, -1), 2);
  await book(k2, atDay(0, 10));
  await book(k2, atDay(1, 15));
  await book(k2, atDay(2, 0));
  await book(k2, atDay(5, 10));
  // Lhotse is booked but not changed: the plan does not look it up.
  await book(lhotse, atDay(1, 9));
  fs.writeFileSync(layoutFile, layout({ everest: false, k2Disabled: true }));
});
afterAll(async () => {
  await engine?.dispose();
});

describe("feishu-vc plan with bookings", () => {
  it("lists the bookings a delete and a disable window would cancel, from one export", async () => {
    await engine.emulator!.control.resetStats();
    const plan = await cli("plan");
    expect(plan.stderr).toBe("");
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain("### 📅 Bookings that would be cancelled");
    expect(plan.stdout).toMatch(
      /^- \*\*Everest\*\*: 14 bookings in the next 30 days would be cancelled \(HQ \/ F1; next .* UTC; deleted by this change\)$/m,
    );
    expect(plan.stdout).toMatch(
      /^- \*\*K2\*\*: 3 bookings in the disable window .* would be cancelled \(HQ \/ F1; next .*; disabled by this change\)$/m,
    );
    expect(plan.stdout).not.toContain("**Lhotse**:");
    // One export task for the level holding both rooms, not one per room.
    expect((await engine.emulator!.control.stats()).calls[EXPORT_CREATE]).toBe(1);

    const json = JSON.parse((await cli("plan", "--json")).stdout) as {
      bookings: { targets: number; rooms: { label: string; count: number }[] };
    };
    expect(json.bookings.targets).toBe(2);
    expect(json.bookings.rooms.map((r) => [r.label, r.count])).toEqual([
      ["Everest", 14],
      ["K2", 3],
    ]);
  });

  it("renders without them, saying why, when the export task fails", async () => {
    await emulatorPost("exports/config", { fail_next: 1 });
    const plan = await cli("plan");
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(
      /^_Bookings of the 2 rooms this change deletes or disables are not shown: the reservation export task failed: .+\._$/m,
    );
    expect(plan.stdout).toContain("### ⚠️ Deletions, replacements and deactivations");
    expect(plan.stdout).not.toContain("### 📅");
  });

  it("gives up on a stuck export after --bookings-timeout and still exits 0", async () => {
    await emulatorPost("exports/config", { delay_ms: 10 * 60_000 });
    const started = Date.now();
    const plan = await cli("plan", "--bookings-timeout", "3");
    await emulatorPost("exports/config", { delay_ms: 1500 });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(
      "are not shown: the reservation export did not finish within 3 s (--bookings-timeout)._",
    );
    // The preview takes a few seconds; the lookup gave up after 3 and did not hold the process.
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it("says so with --no-bookings, and asks the tenant nothing", async () => {
    await engine.emulator!.control.resetStats();
    const plan = await cli("plan", "--no-bookings");
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain("are not shown: not looked up (--no-bookings)._");
    expect((await engine.emulator!.control.stats()).calls[EXPORT_CREATE]).toBeUndefined();
  });
});
