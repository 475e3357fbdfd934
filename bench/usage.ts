/**
 * Benchmark of `feishu-vc usage`: a year of seeded history (`POST /__emulator/history`) for 1,000
 * rooms (2 buildings x 5 floors x 100 rooms), reported through the built CLI as a user runs it.
 * Records the API calls the export route makes (the emulator's count, by endpoint), wall time and
 * the CLI process's peak memory, next to the calls per-room reads would need: the synchronous
 * `GET /resource_reservation_list` takes a room list but pages at most 100 rows, so reading room
 * by room costs at least one call per room and 90-day window (a lower bound, computed, not run).
 * `bench/run.ts` calls {@link benchUsage} and puts its lines in bench/results.md.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createClient } from "../provider/client";
import { exportWindows } from "../provider/usage/fetch";
import { startEmulatorProcess } from "../tools/harness/emulator-process";
import { REPO_ROOT } from "../tools/harness/engine-stack";

export interface UsageBenchResult {
  rooms: number;
  days: number;
  bookings: number;
  exports: number;
  exportRouteCalls: number;
  callsByEndpoint: Record<string, number>;
  perRoomCallsAtLeast: number;
  wallMs: number;
  peakRssMb: number;
}

const BUILDINGS = 2;
const FLOORS = 5;
/** The export endpoints' limit (reference 3.5), and the data-query endpoints'. */
const CALLS_PER_MINUTE = 100;

const short = (endpoint: string): string => endpoint.replace("/open-apis/vc/v1/", "");

/** Runs the CLI, sampling its kernel high-water mark of resident memory until it exits. */
function runMeasured(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; wallMs: number; peakKb: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [path.join(REPO_ROOT, "bin", "feishu-vc.js"), ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let peakKb = 0;
    let stderr = "";
    const sample = (): void => {
      try {
        const status = fs.readFileSync(`/proc/${child.pid}/status`, "utf8");
        peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0));
      } catch {
        // Exited between samples: VmHWM only grows, the last sample stands.
      }
    };
    const timer = setInterval(sample, 20);
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("exit", (code) => {
      clearInterval(timer);
      resolve({ code, wallMs: Date.now() - started, peakKb, stderr });
    });
  });
}

export async function benchUsage(
  options: { rooms?: number; days?: number } = {},
): Promise<{ result: UsageBenchResult; markdown: string[] }> {
  const roomsPerFloor = Math.ceil((options.rooms ?? 1000) / (BUILDINGS * FLOORS));
  const days = options.days ?? 365;
  const emulator = await startEmulatorProcess({ noRateLimit: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-usage-"));
  try {
    // The emulator's export delay is set to 0: the figures are our work, not a simulated wait.
    await fetch(`${emulator.url}/__emulator/exports/config`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ delay_ms: 0 }),
    });
    // Setup only: the client's pacing scaled away (the emulator enforces no limit here).
    const client = createClient({
      appId: emulator.appId,
      appSecret: emulator.appSecret,
      baseUrl: emulator.url,
      rateLimitScale: 1000,
    });
    const root = await client.roomLevels.root();
    const yaml = ["version: 1", "levels:"];
    let rooms = 0;
    for (let b = 1; b <= BUILDINGS; b++) {
      const building = await client.roomLevels.create({
        name: `Building ${b}`,
        parent_id: root.room_level_id,
        custom_group_id: `b${b}`,
      });
      yaml.push(`  - key: b${b}`, `    name: Building ${b}`, "    levels:");
      for (let f = 1; f <= FLOORS; f++) {
        const floor = await client.roomLevels.create({
          name: `F${f}`,
          parent_id: building.room_level_id,
          custom_group_id: `b${b}-f${f}`,
        });
        yaml.push(`      - key: b${b}-f${f}`, `        name: F${f}`, "        rooms:");
        const keys = Array.from({ length: roomsPerFloor }, (_, r) => `b${b}-f${f}-r${r + 1}`);
        const capacities = keys.map((_, r) => 4 + ((r * 7) % 17));
        await Promise.all(
          keys.map((key, r) =>
            client.rooms.create({
              name: `Room ${key}`,
              capacity: capacities[r]!,
              room_level_id: floor.room_level_id,
              custom_room_id: key,
            }),
          ),
        );
        keys.forEach((key, r) =>
          yaml.push(`          - { key: ${key}, name: Room ${key}, capacity: ${capacities[r]} }`),
        );
        rooms += keys.length;
      }
    }
    const layoutFile = path.join(dir, "layout.yaml");
    fs.writeFileSync(layoutFile, `${yaml.join("\n")}\n`);
    const seeded = (await (
      await fetch(`${emulator.url}/__emulator/history`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ days, seed: 2026 }),
      })
    ).json()) as { bookings: number; meetings: number };

    const to = new Date();
    const from = new Date(to.getTime() - days * 86_400_000);
    await emulator.control.resetStats();
    const run = await runMeasured(
      [
        "usage",
        "--layout",
        layoutFile,
        "--from",
        from.toISOString(),
        "--to",
        to.toISOString(),
        "--format",
        "html",
        "--out",
        path.join(dir, "usage.html"),
      ],
      {
        FEISHU_APP_ID: emulator.appId,
        FEISHU_APP_SECRET: emulator.appSecret,
        FEISHU_BASE_URL: emulator.url,
      },
    );
    if (run.code !== 0) throw new Error(`bench usage: the CLI failed: ${run.stderr.trim()}`);
    const stats = await emulator.control.stats();
    const windows = exportWindows(from, to).length;
    const callsByEndpoint = Object.fromEntries(
      Object.entries(stats.calls).map(([endpoint, count]) => [short(endpoint), count]),
    );
    const exportCalls = Object.entries(stats.calls)
      .filter(([endpoint]) => endpoint.includes("/exports"))
      .reduce((sum, [, count]) => sum + count, 0);
    const result: UsageBenchResult = {
      rooms,
      days,
      bookings: seeded.bookings,
      exports: BUILDINGS * windows,
      exportRouteCalls: stats.total,
      callsByEndpoint,
      perRoomCallsAtLeast: rooms * windows,
      wallMs: run.wallMs,
      peakRssMb: Math.round(run.peakKb / 102.4) / 10,
    };
    const minutes = (calls: number): string => (calls / CALLS_PER_MINUTE).toFixed(1);
    // Starts with an empty line: bench/run.ts appends these lines to results.md as they are.
    const markdown = [
      "",
      `### Room usage: ${rooms} rooms, ${days} days of history`,
      "",
      `\`feishu-vc usage --layout ... --format html\` over ${days} days: ${result.bookings} seeded bookings, ` +
        `${BUILDINGS} top-level levels x ${windows} windows of at most 90 days = ${result.exports} export tasks. ` +
        "The emulator's export delay is 0 and its rate limits are off; the minutes column is the floor the " +
        `API's ${CALLS_PER_MINUTE}/min limit puts on each route.`,
      "",
      "| Route | API calls | Of which exports | Wall time | Peak RSS (CLI) | At 100/min, at least |",
      "| :-- | --: | --: | --: | --: | --: |",
      `| export route (measured) | ${stats.total} | ${exportCalls} | ${(run.wallMs / 1000).toFixed(1)} s | ${result.peakRssMb} MB | ${minutes(exportCalls)} min |`,
      `| per-room reads (lower bound, computed) | >= ${result.perRoomCallsAtLeast} | – | – | – | ${minutes(result.perRoomCallsAtLeast)} min |`,
      "",
      `Calls by endpoint (export route): ${Object.entries(callsByEndpoint)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([endpoint, count]) => `${endpoint} ${count}`)
        .join(", ")}.`,
      "",
    ];
    return { result, markdown };
  } finally {
    await emulator.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
