/**
 * The package declares `@pulumi/pulumi` as a caret range so npm dedupes it with the user's own
 * copy: a program that installs an SDK of the range and this package's tarball (`npm pack`) has
 * exactly one SDK, and the lowest and the highest SDK of the range run the declaration program
 * through the engine (up, no-change up, preview --refresh with no changes, destroy). The lowest
 * is the range's floor in package.json, the highest the lockfile's version.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  createEngineStack,
  emulatorConfig,
  PROGRAMS_DIR,
  REPO_ROOT,
  type EngineStack,
} from "../../tools/harness/engine-stack";
import { baseDeclaration } from "./programs/declaration/declarations";

const RATE_LIMIT_SCALE = 60;
const readJson = (file: string): Record<string, unknown> =>
  JSON.parse(fs.readFileSync(path.join(REPO_ROOT, file), "utf8")) as Record<string, unknown>;
const range = (readJson("package.json").dependencies as Record<string, string>)["@pulumi/pulumi"]!;
const lowest = /^\^(\d+\.\d+\.\d+)$/.exec(range)?.[1];
const lockedSdk = (readJson("package-lock.json").packages as Record<string, { version?: string }>)[
  "node_modules/@pulumi/pulumi"
];
const highest = lockedSdk?.version ?? "";

let scratch: string;
let tarball: string;
const engines: EngineStack[] = [];

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: "utf8" });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "feishu-vc-sdk-range-"));
  // dist/ is built by `npm test` before the engine project; --ignore-scripts skips `prepare`.
  const packed = run(
    "npm",
    ["pack", "--ignore-scripts", "--silent", "--pack-destination", scratch],
    REPO_ROOT,
  );
  tarball = path.join(scratch, packed.trim().split("\n").pop()!);
});

afterAll(async () => {
  for (const engine of engines) await engine.dispose();
  fs.rmSync(scratch, { recursive: true, force: true });
});

it("declares the SDK as a caret range whose floor is at most the lockfile's version", () => {
  expect(range).toMatch(/^\^3\.\d+\.0$/);
  expect(lowest).toBeDefined();
  const [a, b] = [lowest!, highest].map((v) => v.split(".").map(Number));
  expect(a![0]).toBe(b![0]);
  expect(a![1]! * 1000 + a![2]!).toBeLessThanOrEqual(b![1]! * 1000 + b![2]!);
});

describe.each([
  ["lowest", () => lowest!],
  ["highest", () => highest],
])("the %s SDK of the range", (_label, version) => {
  it("is the one copy in a user's program and runs it through the engine", async () => {
    const sdk = version();
    const program = path.join(scratch, `program-${sdk}`);
    fs.mkdirSync(program);
    for (const file of ["Pulumi.yaml", "index.js"]) {
      fs.copyFileSync(path.join(PROGRAMS_DIR, "declaration", file), path.join(program, file));
    }
    fs.writeFileSync(
      path.join(program, "package.json"),
      JSON.stringify({ name: "rooms", private: true, main: "index.js" }),
    );
    run(
      "npm",
      ["install", "--no-audit", "--no-fund", "--prefer-offline", `@pulumi/pulumi@${sdk}`, tarball],
      program,
    );
    const copies = run("npm", ["ls", "@pulumi/pulumi", "--all", "--parseable"], program)
      .trim()
      .split("\n")
      .filter(Boolean);
    expect(copies).toEqual([
      path.join(fs.realpathSync(program), "node_modules", "@pulumi", "pulumi"),
    ]);
    const installed = JSON.parse(
      fs.readFileSync(path.join(copies[0]!, "package.json"), "utf8"),
    ) as { version: string };
    expect(installed.version).toBe(sdk);

    const engine = await createEngineStack({
      program,
      emulator: { rateLimitScale: RATE_LIMIT_SCALE },
      config: ({ emulator }) => ({
        ...emulatorConfig(emulator!, RATE_LIMIT_SCALE),
        "declaration:spec": JSON.stringify(baseDeclaration),
      }),
    });
    engines.push(engine);
    expect((await engine.up()).summary.result).toBe("succeeded");
    const again = await engine.up();
    expect(again.summary.resourceChanges).toEqual({ same: again.summary.resourceChanges?.same });
    await engine.stack.preview({ refresh: true, expectNoChanges: true });
    expect((await engine.destroy()).summary.result).toBe("succeeded");
  });
});
