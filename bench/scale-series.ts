/**
 * The scale series of `npm run bench` (issue 22): how each run's cost grows with the tenant, at
 * 1,000, 3,000 and 10,000 rooms under 100 levels, through the real engine against the emulator.
 *
 * The emulator and the client run at a strong rate-limit scale (a 200 ms write window), so the
 * API's pacing is small next to the engine's own work and what remains is the engine's cost:
 * - the create runs with intermediate checkpoints skipped (a 10,000-room create saving the whole
 *   state twice per room would take hours here); its wall time against its bound shows the
 *   engine's overhead beyond the API;
 * - a 1% edit runs twice on the same stack, once with Pulumi's default checkpoints (before) and
 *   once with them skipped (after, as `feishu-vc up` runs a large stack): the engine's time per
 *   changed resource is (edit wall - no-change wall - edit bound) / changed resources;
 * - no-change up, refresh (calls against 1 + ceil(rooms/100) + ceil(levels/100)), state file
 *   size, and the peak memory of the provider and engine processes;
 * - no-change `feishu-vc up` as users run it: once through the engine (its preview, then the up),
 *   then again, answered without the engine because nothing changed since (ADR 0009).
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { EndpointKey } from "../provider/client";
import { windowsFor } from "../provider/client/rate-limiter";
import { ENGINE_PARALLELISM } from "../provider/cli/stack-session";
import {
  createEngineStack,
  emulatorConfig,
  REPO_ROOT,
  type EngineStack,
} from "../tools/harness/engine-stack";
import { generateLayout, layoutYaml } from "./layout-generator";
import { sampleMemory, type PeakMemory } from "./process-memory";

/** 1 campus and 99 floors. */
const SCALE_LEVELS = 100;
/** Rate-limit scale of the series: a write window of 200 ms (3 s at the real limit / 15 per slot). */
const SCALE_RATE = 300;
/** One write slot at the real limit (20 writes a minute) and the issue's target, 10% of it. */
const REAL_WRITE_SLOT_MS = 3000;
const TARGET_PER_CHANGE_MS = 0.1 * REAL_WRITE_SLOT_MS;

interface Timed {
  wallMs: number;
  /** User + system CPU of the engine's process tree (CLI, language host, program, provider). */
  cpuMs: number;
  /** The machine's 1-minute load average at the end of the phase (2 CPUs, shared). */
  load: number;
  memory: PeakMemory;
  calls: Record<string, number>;
}

interface EditResult extends Timed {
  changed: number;
  /** From the first changed resource's step start to the last one's outputs (engine events). */
  stepSpanMs: number;
  boundMs: number;
  checkpoints: "every step" | "skipped";
}

export interface ScalePoint {
  rooms: number;
  levels: number;
  resources: number;
  create: Timed & { boundMs: number };
  stateFileBytes: number;
  /** With intermediate checkpoints skipped (as `feishu-vc up` runs a large stack). */
  noChange: Timed;
  /** With Pulumi's default checkpoints, when the "before" figures are measured. */
  noChangeDefault?: Timed;
  refresh: Timed & { targetCalls: number };
  /** `feishu-vc up` of the unchanged stack: through the engine (preview + up), then skipped. */
  cliNoChange: { engine: Timed; skipped: Timed };
  edits: EditResult[];
}

const short = (endpoint: string): string =>
  endpoint
    .replace("/open-apis/vc/v1/", "")
    .replace("/open-apis/auth/v3/tenant_access_token/internal", "token");

function boundMs(calls: Partial<Record<EndpointKey, number>>, scale: number): number {
  let bound = 0;
  for (const [endpoint, n] of Object.entries(calls) as [EndpointKey, number][]) {
    for (const window of windowsFor(endpoint, scale)) {
      bound = Math.max(bound, (Math.ceil(n / window.limit) - 1) * window.windowMs);
    }
  }
  return bound;
}

/** Clock ticks a second of /proc's CPU times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * CPU time of this process's ended children and their waited-for descendants (cutime + cstime of
 * /proc/self/stat): an engine operation's whole process tree once the CLI has exited. Unlike wall
 * time, it does not count other jobs' turns on a shared machine.
 */
function childrenCpuMs(): number {
  const stat = fs.readFileSync("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 16 and 17 of stat(5); the slice starts at field 3.
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / TICKS_PER_SECOND;
}

async function timed(engine: EngineStack, run: () => Promise<unknown>): Promise<Timed> {
  const control = engine.emulator!.control;
  await control.resetStats();
  const sampler = sampleMemory();
  const cpuBefore = childrenCpuMs();
  const start = performance.now();
  await run();
  const wallMs = performance.now() - start;
  const cpuMs = childrenCpuMs() - cpuBefore;
  const load = os.loadavg()[0]!;
  const memory = sampler.stop();
  const stats = await control.stats();
  const calls = Object.fromEntries(Object.entries(stats.calls).filter(([, n]) => n > 0));
  return { wallMs, cpuMs, load, memory, calls };
}

function stackFileBytes(engine: EngineStack): number {
  const backend = (engine.env.PULUMI_BACKEND_URL ?? "").replace(/^file:\/\//, "");
  const stacksDir = path.join(backend, ".pulumi", "stacks");
  const file = fs
    .readdirSync(stacksDir, { recursive: true, encoding: "utf8" })
    .map((name) => path.join(stacksDir, name))
    .find((name) => name.endsWith(`${path.sep}${engine.stackName}.json`));
  if (file === undefined) throw new Error(`no stack file for ${engine.stackName} in ${stacksDir}`);
  return fs.statSync(file).size;
}

const CLI = path.join(REPO_ROOT, "bin", "feishu-vc.js");

/** Runs `feishu-vc up` on the stack and checks that it printed `expected` (else the bench fails). */
function cliUp(engine: EngineStack, expected: RegExp): Promise<void> {
  const args = [CLI, "up", "--stack", engine.stackName, "--cwd", engine.workDir];
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      args,
      { env: { ...process.env, ...engine.workspace.envVars }, maxBuffer: 64 * 2 ** 20 },
      (error, stdout, stderr) => {
        if (error === null && expected.test(stdout)) resolve();
        else reject(new Error(`feishu-vc up printed ${JSON.stringify(stdout)}: ${stderr}`));
      },
    );
  });
}

/** Pulumi's own switch for intermediate checkpoints (only the final state is saved). */
function setCheckpoints(engine: EngineStack, mode: "every step" | "skipped"): void {
  if (mode === "skipped") engine.workspace.envVars.PULUMI_SKIP_CHECKPOINTS = "true";
  else delete engine.workspace.envVars.PULUMI_SKIP_CHECKPOINTS;
}

/**
 * The 1% edit: every room of the first floor (rooms are dealt round-robin over the 99 floors), a
 * floor's worth of rooms declared together, as a floor renovation would change them.
 */
const editedRoom = (index: number): boolean => index % (SCALE_LEVELS - 1) === 0;

export async function scalePoint(
  rooms: number,
  options: { before: boolean; log: (text: string) => void },
): Promise<ScalePoint> {
  let layoutFile = "";
  const writeLayout = (bumped: boolean): void =>
    fs.writeFileSync(
      layoutFile,
      layoutYaml(
        generateLayout(rooms, SCALE_LEVELS, {
          capacityOf: (index) => 4 + (index % 12) + (bumped && editedRoom(index) ? 100 : 0),
        }).layout,
      ),
    );
  const engine = await createEngineStack({
    program: REPO_ROOT,
    emulator: { rateLimitScale: SCALE_RATE },
    env: { PULUMI_PARALLEL: String(ENGINE_PARALLELISM) },
    config: ({ emulator, tempDir }) => {
      layoutFile = path.join(tempDir, "layout.yaml");
      writeLayout(false);
      return { "feishu-vc:layout": layoutFile, ...emulatorConfig(emulator!, SCALE_RATE) };
    },
  });
  const log = (text: string): void => options.log(`scale N=${rooms}: ${text}`);
  try {
    log(
      `create (${rooms} rooms, ${SCALE_LEVELS} levels, scale ${SCALE_RATE}, checkpoints skipped)`,
    );
    setCheckpoints(engine, "skipped");
    const create = await timed(engine, () => engine.up());
    const createBound = boundMs(
      {
        "POST /open-apis/vc/v1/room_levels": SCALE_LEVELS,
        "POST /open-apis/vc/v1/rooms": rooms,
      },
      SCALE_RATE,
    );
    const stateFileBytes = stackFileBytes(engine);

    log("no-change up, checkpoints skipped");
    const noChange = await timed(engine, () => engine.up());
    let noChangeDefault: Timed | undefined;
    if (options.before) {
      log("no-change up, checkpoints every step");
      setCheckpoints(engine, "every step");
      noChangeDefault = await timed(engine, () => engine.up());
    }

    log("refresh");
    setCheckpoints(engine, "skipped");
    const refresh = await timed(engine, () => engine.refresh());

    const changed = Array.from({ length: rooms }, (_, index) => index).filter(editedRoom).length;
    const editBound = boundMs({ "PATCH /open-apis/vc/v1/rooms/:room_id": changed }, SCALE_RATE);
    const edits: EditResult[] = [];
    const edit = async (mode: "every step" | "skipped", bumped: boolean): Promise<void> => {
      log(`1% edit (${changed} rooms), checkpoints ${mode}`);
      setCheckpoints(engine, mode);
      writeLayout(bumped);
      // Arrival times of the update steps' events: the engine's own span for the changed rooms,
      // without program evaluation and process start-up (which a wall-time difference would
      // carry, with the noise of a shared machine).
      let first = Infinity;
      let last = -Infinity;
      const result = await timed(engine, () =>
        engine.stack.up({
          onEvent: (event) => {
            const now = performance.now();
            if (event.resourcePreEvent?.metadata.op === "update") first = Math.min(first, now);
            if (event.resOutputsEvent?.metadata.op === "update") last = Math.max(last, now);
          },
        }),
      );
      edits.push({
        ...result,
        changed,
        boundMs: editBound,
        checkpoints: mode,
        stepSpanMs: last - first,
      });
    };
    let bumped = false;
    if (options.before) await edit("every step", (bumped = !bumped));
    await edit("skipped", (bumped = !bumped));

    log("no-change feishu-vc up, through the engine (preview + up), then skipped");
    setCheckpoints(engine, "every step");
    const cliNoChange = {
      engine: await timed(engine, () => cliUp(engine, /^up: no changes \(succeeded\)\n$/)),
      skipped: await timed(engine, () => cliUp(engine, /^up: no changes \(skipped: /)),
    };
    return {
      rooms,
      levels: SCALE_LEVELS,
      resources: rooms + SCALE_LEVELS,
      create: { ...create, boundMs: createBound },
      stateFileBytes,
      noChange,
      ...(noChangeDefault === undefined ? {} : { noChangeDefault }),
      refresh: {
        ...refresh,
        targetCalls: 1 + Math.ceil(rooms / 100) + Math.ceil(SCALE_LEVELS / 100),
      },
      edits,
      cliNoChange,
    };
  } finally {
    await engine.dispose();
  }
}

/**
 * The engine's own time per changed resource in an edit: the span of the update steps beyond the
 * bound the limits impose on their writes, per changed resource.
 */
function perChangeMs(edit: EditResult): number {
  return Math.max(0, edit.stepSpanMs - edit.boundMs) / edit.changed;
}

/** The same from wall times: the edit beyond a no-change run and the bound (noisier). */
function perChangeFromWallMs(point: ScalePoint, edit: EditResult): number {
  return (edit.wallMs - point.noChange.wallMs - edit.boundMs) / edit.changed;
}

const s = (ms: number): string => (ms / 1000).toFixed(1);
const cpuLoad = (t: Timed): string => `${s(t.cpuMs)} | ${t.load.toFixed(1)}`;
const totalCalls = (calls: Record<string, number>): number =>
  Object.values(calls).reduce((sum, n) => sum + n, 0);
const callList = (calls: Record<string, number>): string =>
  Object.entries(calls)
    .map(([endpoint, n]) => `${short(endpoint)}: ${n}`)
    .join("<br>");

/** Where a least-squares line through (resources, ms) reaches `targetMs`, as a phrase. */
function crossing(points: { x: number; y: number }[], targetMs: number): string {
  if (points.length < 2) return "n/a (one point)";
  const n = points.length;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  const slope =
    points.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0) /
    points.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  const at = mx + (targetMs - my) / slope;
  if (!(slope > 0) || !Number.isFinite(at)) return "never (not growing)";
  const first = points[0]!;
  // A line through points already over the target crosses it below the smallest size measured
  // (at a negative size, even): say what was measured instead.
  if (at < first.x && first.y >= targetMs)
    return `already above at the smallest size measured (${Math.round(first.y)} ms at ${first.x.toLocaleString("en-US")} resources)`;
  return `at ~${Math.round(at).toLocaleString("en-US")} resources`;
}

export function scaleSection(points: ScalePoint[]): string[] {
  const lines = [
    `## Scale series: ${points.map((p) => p.rooms.toLocaleString("en-US")).join(" / ")} rooms under ${SCALE_LEVELS} levels`,
    "",
    `Emulator and client at rate-limit scale ${SCALE_RATE} (a write window of ${60_000 / SCALE_RATE} ms instead of`,
    "a minute), engine parallelism 256, `file://` backend. What each figure means:",
    "",
    "- **create**: the whole tenant from nothing, intermediate checkpoints skipped",
    "  (`PULUMI_SKIP_CHECKPOINTS`, as `feishu-vc up` runs a large stack); **bound** is what the",
    "  scaled limits allow for its writes. (wall - bound) / resources is the engine's cost per",
    "  created resource beyond the API at this scale, an upper bound (the client also keeps a 25 ms",
    "  margin per window).",
    "- **no-change up**: program evaluation, one step per resource, no API write; with checkpoints",
    "  skipped (after), and with Pulumi's default (before), which still saves the whole state many",
    "  times in a run that changes nothing.",
    "- **no-change `feishu-vc up`**: the command users run, on the unchanged stack (its",
    "  `--checkpoints auto`); first through the engine, its preview (the delete guard) then the up,",
    "  as on a machine that has no record of the last up (a fresh CI runner); then again, answered",
    "  without the engine because layout, config, program and state are what that up left",
    "  (ADR 0009): the state export, the digests and the CLI's start-up.",
    "- **refresh**: every resource read back; calls against the target 1 + ceil(rooms/100) +",
    "  ceil(levels/100) (token, room mgets, level mgets).",
    "- **1% edit**: the capacity of every room of one floor (1.0-1.1% of the rooms), on the same",
    "  stack; once with Pulumi's default checkpoints (two whole-state saves per changed resource:",
    "  **before**) and once with them skipped (**after**). **Engine ms per changed resource** =",
    "  (span from the first update step's start to the last one's outputs, from the engine's",
    "  events, - the edit's bound) / changed rooms; in brackets the same from wall times, (edit",
    "  wall - no-change wall - bound) / changed, which carries the noise of a shared machine.",
    `  The target is < ${TARGET_PER_CHANGE_MS} ms (10% of a ${REAL_WRITE_SLOT_MS / 1000} s write slot at the real limit).`,
    "- **CPU s**: user + system CPU of the operation's whole process tree (CLI, language host,",
    "  program, provider), which other jobs on a shared machine do not inflate as they do wall",
    "  time; **load**: the 1-minute load average at the end of the phase (2 CPUs).",
    "- **peak MB**: VmHWM of the dynamic-provider process and of the `pulumi` CLI (engine) over",
    "  the phase, this run's processes only.",
    "",
  ];
  for (const p of points) {
    lines.push(
      `### N = ${p.rooms.toLocaleString("en-US")} rooms (${p.resources.toLocaleString("en-US")} resources)`,
      "",
      "| phase | wall s | CPU s | load | bound s | API calls | calls by endpoint | provider peak MB | engine peak MB | engine ms per changed resource |",
      "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |",
      `| create (checkpoints skipped) | ${s(p.create.wallMs)} | ${cpuLoad(p.create)} | ${s(p.create.boundMs)} | ${totalCalls(p.create.calls)} | ${callList(p.create.calls)} | ${p.create.memory.providerMb} | ${p.create.memory.engineMb} | ${((p.create.wallMs - p.create.boundMs) / p.resources).toFixed(1)} (upper bound) |`,
      ...(p.noChangeDefault === undefined
        ? []
        : [
            `| no-change up, checkpoints every step | ${s(p.noChangeDefault.wallMs)} | ${cpuLoad(p.noChangeDefault)} | 0.0 | ${totalCalls(p.noChangeDefault.calls)} | ${callList(p.noChangeDefault.calls) || "none"} | ${p.noChangeDefault.memory.providerMb} | ${p.noChangeDefault.memory.engineMb} | |`,
          ]),
      `| no-change up, checkpoints skipped | ${s(p.noChange.wallMs)} | ${cpuLoad(p.noChange)} | 0.0 | ${totalCalls(p.noChange.calls)} | ${callList(p.noChange.calls) || "none"} | ${p.noChange.memory.providerMb} | ${p.noChange.memory.engineMb} | |`,
      `| refresh (target ${p.refresh.targetCalls} calls) | ${s(p.refresh.wallMs)} | ${cpuLoad(p.refresh)} | 0.0 | ${totalCalls(p.refresh.calls)} | ${callList(p.refresh.calls)} | ${p.refresh.memory.providerMb} | ${p.refresh.memory.engineMb} | |`,
      `| no-change \`feishu-vc up\`, engine (preview + up) | ${s(p.cliNoChange.engine.wallMs)} | ${cpuLoad(p.cliNoChange.engine)} | 0.0 | ${totalCalls(p.cliNoChange.engine.calls)} | ${callList(p.cliNoChange.engine.calls) || "none"} | ${p.cliNoChange.engine.memory.providerMb} | ${p.cliNoChange.engine.memory.engineMb} | |`,
      `| no-change \`feishu-vc up\`, skipped (nothing changed since) | ${s(p.cliNoChange.skipped.wallMs)} | ${cpuLoad(p.cliNoChange.skipped)} | 0.0 | ${totalCalls(p.cliNoChange.skipped.calls)} | ${callList(p.cliNoChange.skipped.calls) || "none"} | ${p.cliNoChange.skipped.memory.providerMb} | ${p.cliNoChange.skipped.memory.engineMb} | |`,
      ...p.edits.map(
        (e) =>
          `| 1% edit (${e.changed} rooms), checkpoints ${e.checkpoints} | ${s(e.wallMs)} | ${cpuLoad(e)} | ${s(e.boundMs)} | ${totalCalls(e.calls)} | ${callList(e.calls)} | ${e.memory.providerMb} | ${e.memory.engineMb} | ${perChangeMs(e).toFixed(0)} (from walls: ${perChangeFromWallMs(p, e).toFixed(0)}) |`,
      ),
      "",
      `State file after the create: ${p.stateFileBytes.toLocaleString("en-US")} bytes, ${Math.round(p.stateFileBytes / p.resources).toLocaleString("en-US")} bytes per resource.`,
      "",
    );
  }
  if (points.length >= 2) {
    const first = points[0]!;
    const last = points.at(-1)!;
    const edit = (p: ScalePoint, mode: EditResult["checkpoints"]): EditResult | undefined =>
      p.edits.find((e) => e.checkpoints === mode);
    const row = (what: string, of: (p: ScalePoint) => number | undefined, unit: string): string => {
      const values = points.map(of);
      const a = values[0];
      const b = values.at(-1);
      const factor = a !== undefined && b !== undefined && a > 0 ? (b / a).toFixed(2) : "n/a";
      return `| ${what} | ${values.map((v) => (v === undefined ? "—" : `${v.toFixed(unit === "s" ? 1 : 0)}`)).join(" | ")} | ${factor} |`;
    };
    lines.push(
      `### Growth, ${first.rooms.toLocaleString("en-US")} -> ${last.rooms.toLocaleString("en-US")} rooms (${(last.resources / first.resources).toFixed(1)}x the resources)`,
      "",
      `| figure | ${points.map((p) => `N=${p.rooms}`).join(" | ")} | growth factor |`,
      `| --- | ${points.map(() => "---:").join(" | ")} | ---: |`,
      row("create wall s (checkpoints skipped)", (p) => p.create.wallMs / 1000, "s"),
      row("create wall / bound", (p) => p.create.wallMs / p.create.boundMs, "x"),
      row(
        "no-change up wall s, before (default checkpoints)",
        (p) => p.noChangeDefault && p.noChangeDefault.wallMs / 1000,
        "s",
      ),
      row(
        "no-change up CPU s, before",
        (p) => p.noChangeDefault && p.noChangeDefault.cpuMs / 1000,
        "s",
      ),
      row("no-change up wall s, after (checkpoints skipped)", (p) => p.noChange.wallMs / 1000, "s"),
      row("no-change up CPU s, after (engine process tree)", (p) => p.noChange.cpuMs / 1000, "s"),
      row(
        "no-change `feishu-vc up` wall s, engine (preview + up)",
        (p) => p.cliNoChange.engine.wallMs / 1000,
        "s",
      ),
      row(
        "no-change `feishu-vc up` wall s, skipped (nothing changed since)",
        (p) => p.cliNoChange.skipped.wallMs / 1000,
        "s",
      ),
      row("refresh wall s", (p) => p.refresh.wallMs / 1000, "s"),
      row("refresh CPU s", (p) => p.refresh.cpuMs / 1000, "s"),
      row("refresh calls", (p) => totalCalls(p.refresh.calls), ""),
      row("refresh calls, target", (p) => p.refresh.targetCalls, ""),
      row(
        "1% edit engine ms / changed resource, before (default checkpoints)",
        (p) => {
          const e = edit(p, "every step");
          return e && perChangeMs(e);
        },
        "",
      ),
      row(
        "1% edit engine ms / changed resource, after (checkpoints skipped)",
        (p) => {
          const e = edit(p, "skipped");
          return e && perChangeMs(e);
        },
        "",
      ),
      row("state file MB", (p) => p.stateFileBytes / 2 ** 20, "s"),
      row("state bytes / resource", (p) => p.stateFileBytes / p.resources, ""),
      row(
        "provider peak MB (max over phases)",
        (p) =>
          Math.max(
            p.create.memory.providerMb,
            p.noChange.memory.providerMb,
            p.refresh.memory.providerMb,
            ...p.edits.map((e) => e.memory.providerMb),
          ),
        "",
      ),
      row(
        "engine peak MB (max over phases)",
        (p) =>
          Math.max(
            p.create.memory.engineMb,
            p.noChange.memory.engineMb,
            p.refresh.memory.engineMb,
            ...p.edits.map((e) => e.memory.engineMb),
          ),
        "",
      ),
      "",
    );
    const series = (mode: EditResult["checkpoints"]): { x: number; y: number }[] =>
      points.flatMap((p) => {
        const e = edit(p, mode);
        return e === undefined ? [] : [{ x: p.resources, y: perChangeMs(e) }];
      });
    const before = series("every step");
    const after = series("skipped");
    lines.push(
      "Where the engine's time per changed resource reaches 10% of a write slot at the real limit",
      `(${TARGET_PER_CHANGE_MS} ms) and a whole slot (${REAL_WRITE_SLOT_MS} ms), from a least-squares line through the points above:`,
      "",
      `- before (default checkpoints): ${TARGET_PER_CHANGE_MS} ms ${crossing(before, TARGET_PER_CHANGE_MS)}; ${REAL_WRITE_SLOT_MS} ms ${crossing(before, REAL_WRITE_SLOT_MS)}.`,
      `- after (checkpoints skipped): ${TARGET_PER_CHANGE_MS} ms ${crossing(after, TARGET_PER_CHANGE_MS)}; ${REAL_WRITE_SLOT_MS} ms ${crossing(after, REAL_WRITE_SLOT_MS)}.`,
      "",
    );
  }
  return lines;
}
