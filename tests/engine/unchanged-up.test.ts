/**
 * Skipping an up that cannot change anything (issue 22, ADR 0009), through `feishu-vc up`, the
 * real engine and the emulator: once an up has succeeded, the same up again is answered without
 * the engine (no API call, the state untouched, no new update in the stack's history), and any
 * change to what the outcome depends on runs the engine again: a layout edit, a config change,
 * a state written by another run (a refresh that recorded a hand change, which the next up then
 * puts back), `--refresh`, `--no-skip-unchanged`. An own program is never skipped.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { createClient } from "../../provider/client";
import { runCli, type CliResult } from "../helpers/cli";
import type { EmulatorControl } from "../../tools/harness/emulator-process";
import {
  createEngineStack,
  emulatorConfig,
  REPO_ROOT,
  type EngineStack,
} from "../../tools/harness/engine-stack";

const RATE_LIMIT_SCALE = 60;
const SKIPPED =
  /^up: no changes \(skipped: layout, config, program and state are as the up of \S+ left them; --no-skip-unchanged runs the engine anyway\)\n$/;

const layout = (capacity: number): string =>
  [
    "version: 1",
    "levels:",
    "  - key: u-hq",
    "    name: HQ",
    "    rooms:",
    `      - { key: u-r1, name: R1, capacity: ${capacity} }`,
    "      - { key: u-r2, name: R2, capacity: 6 }",
    "",
  ].join("\n");

let engine: EngineStack;
let control: EmulatorControl;
let layoutFile: string;

beforeAll(async () => {
  engine = await createEngineStack({
    program: REPO_ROOT,
    emulator: { rateLimitScale: RATE_LIMIT_SCALE },
    config: ({ emulator, tempDir }) => {
      layoutFile = path.join(tempDir, "layout.yaml");
      fs.writeFileSync(layoutFile, layout(4));
      return { "feishu-vc:layout": layoutFile, ...emulatorConfig(emulator!, RATE_LIMIT_SCALE) };
    },
  });
  control = engine.emulator!.control;
});
afterAll(async () => {
  await engine?.dispose();
});

const up = (...extra: string[]): Promise<CliResult> =>
  runCli(["up", "--stack", engine.stackName, "--cwd", engine.workDir, ...extra], {
    env: engine.env,
  });

const updates = async (): Promise<number> => (await engine.stack.history()).length;
const state = async (): Promise<string> => JSON.stringify(await engine.stack.exportStack());

/** Runs an up that must be skipped, and checks that it touched neither tenant nor state. */
async function expectSkipped(...extra: string[]): Promise<void> {
  const [stateBefore, updatesBefore] = [await state(), await updates()];
  await control.resetStats();
  const result = await up(...extra);
  expect(result.stderr).toBe("");
  expect(result.stdout).toMatch(SKIPPED);
  expect(result.code).toBe(0);
  expect((await control.stats()).total).toBe(0);
  expect(await state()).toBe(stateBefore);
  expect(await updates()).toBe(updatesBefore);
}

/** Runs an up that must go through the engine, and returns its summary line. */
async function expectEngineRun(...extra: string[]): Promise<string> {
  const updatesBefore = await updates();
  const result = await up(...extra);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.code).toBe(0);
  expect(await updates()).toBe(updatesBefore + 1);
  return result.stdout;
}

describe("an up that cannot change anything", () => {
  it("runs the engine the first time, then is answered without it", async () => {
    expect(await expectEngineRun()).toBe("up: create 4 (succeeded)\n");
    await expectSkipped();
    await expectSkipped();
  });

  it("still runs the engine with --no-skip-unchanged, which agrees that nothing changes", async () => {
    expect(await expectEngineRun("--no-skip-unchanged")).toBe("up: no changes (succeeded)\n");
    await expectSkipped();
  });

  it("runs the engine after a layout edit, and after a config change", async () => {
    fs.writeFileSync(layoutFile, layout(8));
    expect(await expectEngineRun()).toBe("up: update 1 (succeeded)\n");
    await expectSkipped();
    // A layout that only looks the same (a comment) is still another input: the engine decides.
    fs.writeFileSync(layoutFile, `# reviewed\n${layout(8)}`);
    expect(await expectEngineRun()).toBe("up: no changes (succeeded)\n");
    await engine.stack.setConfig("feishu-vc:maxDeletes", { value: "7" });
    expect(await expectEngineRun()).toBe("up: no changes (succeeded)\n");
    await expectSkipped();
  });

  it("does not read the tenant (as the engine's up does not); --refresh and a refreshed state run it", async () => {
    const emulator = engine.emulator!;
    const client = createClient({
      appId: emulator.appId,
      appSecret: emulator.appSecret,
      baseUrl: emulator.url,
      rateLimitScale: RATE_LIMIT_SCALE,
    });
    const roomId = (await engine.exportState()).find((r) => r.urn.endsWith("::room-u-r2"))!.id!;
    const capacity = async (): Promise<number | undefined> =>
      (await client.rooms.get(roomId)).capacity;
    // A hand change in the admin console: an up without refresh is skipped, as the engine's own
    // up would not see it either; `up --refresh` runs the engine and puts it back.
    await client.rooms.patch(roomId, { capacity: 30 });
    await expectSkipped();
    expect(await capacity()).toBe(30);
    expect(await expectEngineRun("--refresh")).toBe("up: update 1 (succeeded)\n");
    expect(await capacity()).toBe(6);
    await expectSkipped();

    // A refresh run elsewhere (`pulumi refresh`, `feishu-vc drift`) writes the state: the next
    // up is not skipped, and puts the drift the refresh recorded back.
    await client.rooms.patch(roomId, { capacity: 31 });
    await engine.refresh();
    expect(await expectEngineRun()).toBe("up: update 1 (succeeded)\n");
    expect(await capacity()).toBe(6);
    await expectSkipped();
  });

  it("never skips an own program, whose inputs it cannot know", async () => {
    // The same resources, declared by a program of the user's own (it could read the clock).
    const ownDir = path.join(engine.tempDir, "own-program");
    fs.mkdirSync(ownDir);
    fs.writeFileSync(
      path.join(ownDir, "Pulumi.yaml"),
      fs
        .readFileSync(path.join(engine.workDir, "Pulumi.yaml"), "utf8")
        .replace(/^main: .*$/m, "main: index.js"),
    );
    fs.writeFileSync(
      path.join(ownDir, "index.js"),
      `module.exports = require(${JSON.stringify(path.join(REPO_ROOT, "dist", "provider", "program.js"))});\n`,
    );
    fs.copyFileSync(
      path.join(engine.workDir, `Pulumi.${engine.stackName}.yaml`),
      path.join(ownDir, `Pulumi.${engine.stackName}.yaml`),
    );
    const own = (): Promise<CliResult> =>
      runCli(["up", "--stack", engine.stackName, "--cwd", ownDir], { env: engine.env });
    for (let run = 0; run < 2; run++) {
      const updatesBefore = await updates();
      const result = await own();
      expect(result.code).toBe(0);
      expect(result.stdout).toBe("up: no changes (succeeded)\n");
      expect(await updates()).toBe(updatesBefore + 1);
    }
  });
});
