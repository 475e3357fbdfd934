/**
 * Every example is exercised: each layout validates through the CLI, the campus layout is
 * previewed through the default program, the TypeScript example (YAML + code) is brought up and
 * stays a no-op, and the CI workflows call only commands and flags the CLI has.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import type { Command } from "commander";
import { buildProgram } from "../../provider/cli/main";
import { runCli } from "../helpers/cli";
import {
  createEngineStack,
  emulatorConfig,
  REPO_ROOT,
  type EngineStack,
} from "../../tools/harness/engine-stack";

const EXAMPLES = path.join(REPO_ROOT, "examples");
const RATE_LIMIT_SCALE = 60;

const changes = (summary: Record<string, number> | undefined): Record<string, number> =>
  Object.fromEntries(Object.entries(summary ?? {}).filter(([op, n]) => op !== "same" && n > 0));

function filesNamed(dir: string, test: (name: string) => boolean): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => test(path.basename(file)))
    .map((file) => path.join(dir, file))
    .sort();
}

describe("examples", () => {
  let engine: EngineStack | undefined;
  const cleanups: (() => void)[] = [];
  afterEach(async () => {
    await engine?.dispose();
    engine = undefined;
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  it("every example layout passes `feishu-vc validate`", async () => {
    const layouts = filesNamed(
      EXAMPLES,
      (name) => name.endsWith(".yaml") && name.includes("layout"),
    );
    expect(layouts.map((file) => path.relative(EXAMPLES, file))).toEqual([
      "campus/layout.yaml",
      "typescript/layout.yaml",
    ]);
    for (const layout of layouts) {
      const result = await runCli(["validate", layout]);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
    }
  });

  it("the campus layout previews through the default program: 2 buildings, 21 rooms", async () => {
    engine = await createEngineStack({
      program: REPO_ROOT,
      emulator: { rateLimitScale: RATE_LIMIT_SCALE },
      config: ({ emulator }) => ({
        "feishu-vc:layout": path.join(EXAMPLES, "campus", "layout.yaml"),
        ...emulatorConfig(emulator!, RATE_LIMIT_SCALE),
      }),
    });
    const preview = await engine.preview();
    // The stack, 9 levels, 21 rooms and 5 scope configs.
    expect(changes(preview.changeSummary)).toEqual({ create: 36 });
  });

  it("the TypeScript example (YAML + generated floor) comes up, then changes nothing", async () => {
    // As after `npm install` in a copy of the example: the package and @pulumi/pulumi are linked
    // into its node_modules (npm links `file:` dependencies the same way).
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "feishu-vc-example-"));
    cleanups.push(() => fs.rmSync(copy, { recursive: true, force: true }));
    fs.cpSync(path.join(EXAMPLES, "typescript"), copy, { recursive: true });
    fs.mkdirSync(path.join(copy, "node_modules"));
    fs.symlinkSync(REPO_ROOT, path.join(copy, "node_modules", "pulumi-feishu-vc"), "dir");
    fs.symlinkSync(
      path.join(REPO_ROOT, "node_modules", "@pulumi"),
      path.join(copy, "node_modules", "@pulumi"),
      "dir",
    );
    engine = await createEngineStack({
      program: copy,
      emulator: { rateLimitScale: RATE_LIMIT_SCALE },
      config: ({ emulator }) => emulatorConfig(emulator!, RATE_LIMIT_SCALE),
      // Type checking is `npm run typecheck`'s job (it covers examples/); ts-node only transpiles.
      env: { PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
    });
    const preview = await engine.preview();
    // Stack + from YAML: 3 levels, 5 rooms, 1 config; from code: 1 level, 6 rooms, 1 config.
    expect(changes(preview.changeSummary)).toEqual({ create: 18 });
    const up = await engine.up();
    expect(changes(up.summary.resourceChanges)).toEqual({ create: 18 });
    expect(up.outputs.fromLayout?.value).toBe(5);
    expect(up.outputs.fromCode?.value).toBe(6);
    expect(changes((await engine.up()).summary.resourceChanges)).toEqual({});
  });

  it("the CI workflows call only `feishu-vc` commands and flags that exist", () => {
    const workflows = filesNamed(path.join(EXAMPLES, "github-actions"), (n) => n.endsWith(".yml"));
    expect(workflows).toHaveLength(3);
    const program = buildProgram();
    const used = new Set<string>();
    for (const file of workflows) {
      const workflow = parse(fs.readFileSync(file, "utf8")) as {
        jobs: Record<string, { steps: { uses?: string; run?: string }[] }>;
      };
      const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
      // The Pulumi CLI comes from the official action in every workflow.
      expect(steps.some((step) => step.uses?.startsWith("pulumi/actions@"))).toBe(true);
      for (const step of steps) {
        for (const match of (step.run ?? "").matchAll(/npx feishu-vc ([^\n>|&]+)/g)) {
          const [name, ...args] = match[1]!.trim().split(/\s+/);
          const command = program.commands.find((c: Command) => c.name() === name);
          expect({ file, name, known: command !== undefined }).toEqual({ file, name, known: true });
          const flags = new Set(command!.options.flatMap((o) => [o.long, o.short]));
          for (const flag of args.filter((arg) => arg.startsWith("-")))
            expect({ file, flag, known: flags.has(flag) }).toEqual({ file, flag, known: true });
          used.add(name!);
        }
      }
    }
    expect([...used].sort()).toEqual(["drift", "plan", "up", "validate"]);
  });
});
