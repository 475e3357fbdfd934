/**
 * The delete guard and level protection (issue #18 item 4), through `feishu-vc up`/`plan`, the
 * real engine and the emulator: a layout edit that removes a building with more rooms than the
 * budget is refused before anything changes (the tenant is the same before and after) and its
 * destructive steps are printed; `plan` shows the count against the budget; `--allow-deletes`
 * applies it. A protected level is never deleted, and the message says how to unprotect it. A
 * hostile layout file stops `up` before the engine starts, with no stack trace and no API call.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { runCli } from "../helpers/cli";
import type { EmulatorControl } from "../../tools/harness/emulator-process";
import {
  createEngineStack,
  emulatorConfig,
  REPO_ROOT,
  type EngineStack,
} from "../../tools/harness/engine-stack";

const RATE_LIMIT_SCALE = 60;

const room = (key: string): string => `          - { key: ${key}, name: ${key}, capacity: 4 }`;

/** HQ (protected, the default) with one floor of 2 rooms; the Annex (unprotected) with 6 rooms. */
function layout(options: { annex: boolean; hqFloor: boolean }): string {
  return [
    "version: 1",
    "levels:",
    "  - key: g-hq",
    "    name: HQ",
    ...(options.hqFloor
      ? [
          "    levels:",
          "      - key: g-hq-f1",
          "        name: F1",
          "        rooms:",
          room("g-r1"),
          room("g-r2"),
        ]
      : []),
    ...(options.annex
      ? [
          "  - key: g-annex",
          "    name: Annex",
          "    protect: false",
          "    levels:",
          "      - key: g-annex-f1",
          "        name: Annex F1",
          "        protect: false",
          "        rooms:",
          ...["g-a1", "g-a2", "g-a3", "g-a4", "g-a5", "g-a6"].map(room),
        ]
      : []),
    "",
  ].join("\n");
}

let engine: EngineStack;
let layoutFile: string;
let control: EmulatorControl;

beforeAll(async () => {
  engine = await createEngineStack({
    program: REPO_ROOT,
    emulator: { rateLimitScale: RATE_LIMIT_SCALE },
    config: ({ emulator, tempDir }) => {
      layoutFile = path.join(tempDir, "layout.yaml");
      fs.writeFileSync(layoutFile, layout({ annex: true, hqFloor: true }));
      return {
        "feishu-vc:layout": layoutFile,
        ...emulatorConfig(emulator!, RATE_LIMIT_SCALE),
      };
    },
  });
  control = engine.emulator!.control;
  const first = await engine.up();
  expect(first.summary.result).toBe("succeeded");
});
afterAll(async () => {
  await engine?.dispose();
});

const cli = (...args: string[]) =>
  runCli([...args, "--stack", engine.stackName, "--cwd", engine.workDir], { env: engine.env });

/** The tenant (emulator state) and the stack's resources, to compare before and after. */
async function snapshot(): Promise<{ tenant: unknown; urns: string[] }> {
  const state = await engine.exportState();
  return { tenant: await control.state(), urns: state.map((r) => r.urn).sort() };
}

describe("the delete guard", () => {
  it("refuses an up that removes a building of 6 rooms (8 deletes > 5) and changes nothing", async () => {
    fs.writeFileSync(layoutFile, layout({ annex: false, hqFloor: true }));
    const before = await snapshot();
    const result = await cli("up");
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines[0]).toBe(
      "[feishu-vc] up refused: 8 destructive steps (budget 5, default); nothing was changed.",
    );
    expect(lines.slice(1, -1).sort()).toEqual(
      [
        '  delete RoomLevel "Annex" (level-g-annex)',
        '  delete RoomLevel "Annex F1" (level-g-annex-f1) in Annex',
        ...["g-a1", "g-a2", "g-a3", "g-a4", "g-a5", "g-a6"].map(
          (key) => `  delete Room "${key}" (room-${key}) in Annex / Annex F1`,
        ),
      ].sort(),
    );
    expect(lines.at(-1)).toMatch(/--allow-deletes/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(await snapshot()).toEqual(before);
  });

  it("`plan` shows the count against the budget, from the flag or the stack config", async () => {
    const plan = await cli("plan");
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(
      "**Destructive steps (deletes, replaces, deactivations): 8, over the budget of 5 (default):** `feishu-vc up` refuses them without `--allow-deletes`.",
    );
    await engine.stack.setConfig("feishu-vc:maxDeletes", { value: "10" });
    const json = await cli("plan", "--json");
    expect((JSON.parse(json.stdout) as { destructive: unknown }).destructive).toEqual({
      count: 8,
      budget: { max: 10, source: "feishu-vc:maxDeletes" },
      overBudget: false,
    });
    const flagged = await cli("plan", "--max-deletes", "3");
    expect(flagged.stdout).toContain("8, over the budget of 3 (--max-deletes)");
    await engine.stack.removeConfig("feishu-vc:maxDeletes");
  });

  it("applies the same edit with --allow-deletes", async () => {
    const result = await cli("up", "--allow-deletes");
    expect(result.stderr).not.toMatch(/refused/);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("up: delete 8 (succeeded)\n");
    const urns = (await engine.exportState()).map((r) => r.urn);
    expect(urns.filter((urn) => urn.includes("g-a"))).toEqual([]);
  });
});

describe("level protection", () => {
  it("never deletes a protected level; the message says how to unprotect it", async () => {
    fs.writeFileSync(layoutFile, layout({ annex: false, hqFloor: false }));
    const before = await snapshot();
    for (const args of [["up"], ["up", "--allow-deletes"]]) {
      const result = await cli(...args);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /"level-g-hq-f1" would be deleted, and levels are protected; nothing was changed/,
      );
      expect(result.stderr).toContain("`protect: false`");
      expect(result.stderr).toMatch(/pulumi state unprotect 'urn:pulumi:[^']+::level-g-hq-f1'/);
      expect(await snapshot()).toEqual(before);
    }
  });

  it("deletes it once the layout marks it `protect: false` and an up records that", async () => {
    const unprotected = layout({ annex: false, hqFloor: true }).replace(
      "        name: F1\n",
      "        name: F1\n        protect: false\n",
    );
    fs.writeFileSync(layoutFile, unprotected);
    const marked = await cli("up");
    expect(marked.code).toBe(0);
    fs.writeFileSync(layoutFile, layout({ annex: false, hqFloor: false }));
    const removed = await cli("up");
    expect(removed.stderr).not.toMatch(/refused/);
    expect(removed.stdout).toBe("up: delete 3 (succeeded)\n");
  });
});

describe("a hostile layout file", () => {
  it("stops `up` and `plan` before the engine: one line per problem, no stack trace, no API call", async () => {
    fs.writeFileSync(
      layoutFile,
      "version: 1\nlevels: &all\n  - key: g-hq\n    name: HQ\n    levels: *all\n",
    );
    await control.resetStats();
    for (const command of ["up", "plan"]) {
      const result = await cli(command);
      expect(result.code).toBe(1);
      expect(result.stderr).not.toMatch(/^\s+at /m);
      expect(result.stderr.trimEnd().split("\n")).toEqual([
        "[feishu-vc] the layout has 1 problem:",
        expect.stringMatching(
          /^ {2}\S*layout\.yaml:5:13 levels\[0\]\.levels: alias \*all is inside the node it names \(a recursive alias\)$/,
        ),
      ]);
    }
    expect((await control.stats()).total).toBe(0);
  });
});

describe("pulumi destroy of a stack with protected levels", () => {
  it("keeps every protected level and fails naming the unprotect command", async () => {
    fs.writeFileSync(
      layoutFile,
      [
        "version: 1",
        "levels:",
        "  - key: g-hq",
        "    name: HQ",
        "    rooms:",
        "      - { key: g-r9, name: g-r9, capacity: 4 }",
        "",
      ].join("\n"),
    );
    expect((await cli("up")).code).toBe(0);
    const levels = async (): Promise<string[]> =>
      ((await control.state()) as { levels: { room_level_id: string; name: string }[] }).levels.map(
        (l) => `${l.room_level_id} ${l.name}`,
      );
    const levelsBefore = await levels();
    expect(levelsBefore).toContainEqual(expect.stringMatching(/ HQ$/));
    await expect(engine.destroy()).rejects.toThrow(/protect/);
    expect(engine.output).toMatch(/pulumi state unprotect/);
    expect(await levels()).toEqual(levelsBefore);
    const urns = (await engine.exportState()).map((r) => r.urn);
    expect(urns.some((urn) => urn.endsWith("::level-g-hq"))).toBe(true);
    // Rooms are not protected: the Automation API's destroy (no preview) deletes them first.
    expect(urns.some((urn) => urn.endsWith("::room-g-r9"))).toBe(false);
  });
});
