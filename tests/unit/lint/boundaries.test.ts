// The module-boundary rules (.dependency-cruiser.cjs) fire: each probe below is a one-import file
// in a scratch tree shaped like this repo, checked by dependency-cruiser with the repo's rules.
// A rule loosened by mistake (or a pattern that misses a folder index) fails its probe here.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
const CRUISE = path.join(
  REPO_ROOT,
  "node_modules",
  "dependency-cruiser",
  "bin",
  "dependency-cruise.mjs",
);

/** Files the probes import, so every import resolves as it would in the repo. */
const TARGETS: Record<string, string> = {
  "provider/index.ts": "export const entry = 1;",
  "provider/client/index.ts": "export const client = 1;",
  "provider/client/http.ts": "export const http = 1;",
  "provider/resources/index.ts": "export const resources = 1;",
  "provider/layout/index.ts": "export const layout = 1;",
  "provider/cli/main.ts": "export const main = 1;",
  "emulator/index.ts": "export const emulator = 1;",
  "emulator/tenant.ts": "export const tenant = 1;",
  "tests/helpers/cli.ts": "export const cli = 1;",
  "tools/harness/engine-stack.ts": "export const stack = 1;",
};

/** Probe file -> its one import -> the rule it must break (undefined: it must pass). */
const PROBES: [file: string, source: string, rule: string | undefined][] = [
  ["provider/client/p1.ts", 'export * from "../layout";', "client-is-http-only"],
  [
    "provider/client/p2.ts",
    'import type * as p from "@pulumi/pulumi"; export type X = p.ID;',
    "client-is-http-only",
  ],
  ["provider/client/p3.ts", 'export { default } from "axios";', undefined],
  ["provider/resources/p1.ts", 'export * from "../layout";', "resources-over-client"],
  ["provider/resources/p2.ts", 'export * from "../../emulator";', "resources-over-client"],
  ["provider/resources/p3.ts", 'export * from "../client";', undefined],
  ["provider/layout/p1.ts", 'export * from "../client";', "layout-without-http"],
  ["provider/layout/p2.ts", 'export { all } from "@pulumi/pulumi";', "layout-pulumi-types-only"],
  ["provider/layout/p3.ts", 'export * from "../resources";', undefined],
  ["provider/review/p1.ts", 'export * from "../resources";', "review-over-client"],
  ["provider/export/p1.ts", 'export * from "../cli/main";', "export-below-cli"],
  ["provider/cli/p1.ts", 'export * from "../../emulator/tenant";', "cli-uses-emulator-entry"],
  [
    "provider/cli/p2.ts",
    'export * from "../../tools/harness/engine-stack";',
    "cli-uses-emulator-entry",
  ],
  ["provider/cli/p3.ts", 'export * from "../../emulator";', undefined],
  ["provider/p1.ts", 'export * from "./cli/main";', "package-entry-re-exports"],
  ["provider/events/p1.ts", 'export * from "../client";', "events-stand-alone"],
  ["provider/events/p2.ts", 'export * from "node:http";', undefined],
  ["provider/p2.ts", 'export * from "./events/p2";', undefined],
  ["emulator/p1.ts", 'export * from "../provider/client";', "emulator-is-independent"],
  ["emulator/p2.ts", 'export { default } from "axios";', "emulator-is-independent"],
  ["emulator/p3.ts", 'export * from "node:http";', undefined],
  ["provider/resources/p4.ts", 'export { default } from "jest";', "shipped-code-no-dev-deps"],
  ["bench/p1.ts", 'export * from "../tests/helpers/cli";', "only-tests-import-tests"],
  ["bench/p3.ts", 'export * from "../emulator/tenant";', "bench-over-public-pieces"],
  ["bench/p2.ts", 'export * from "../tools/harness/engine-stack";', undefined],
  ["tools/harness/p1.ts", 'export * from "../../provider/client";', "tools-stand-alone"],
  ["examples/p1.ts", 'export * from "../provider/client/http";', "examples-use-the-package"],
  [
    "tests/engine/programs/p/index.js",
    'module.exports = require("../../../../provider/client");',
    "examples-use-the-package",
  ],
  ["scripts/p1.js", 'module.exports = require("yaml");', "scripts-node-only"],
  ["tests/p1.ts", 'export * from "../emulator/tenant";', undefined],
];

interface Violation {
  from: string;
  rule: { name: string };
}

let violations: Violation[];
let scratch: string;

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "boundaries-test-"));
  const write = (file: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(scratch, file)), { recursive: true });
    fs.writeFileSync(path.join(scratch, file), text);
  };
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(scratch, "node_modules"));
  // package.json tells dependencies from devDependencies.
  fs.copyFileSync(path.join(REPO_ROOT, "package.json"), path.join(scratch, "package.json"));
  write(
    "tsconfig.json",
    JSON.stringify({ compilerOptions: { module: "commonjs", allowJs: true } }),
  );
  // The repo's rules; node_modules is a symlink here, kept as `node_modules/...` in paths.
  write(
    "rules.cjs",
    `module.exports = { extends: ${JSON.stringify(path.join(REPO_ROOT, ".dependency-cruiser.cjs"))}, ` +
      "options: { preserveSymlinks: true } };",
  );
  for (const [file, text] of Object.entries(TARGETS)) write(file, text);
  for (const [file, source] of PROBES) write(file, `${source}\n`);
  const report = path.join(scratch, "report.json");
  const result = spawnSync(
    process.execPath,
    [CRUISE, "provider", "emulator", "bench", "tools", "tests", "examples", "scripts"]
      .concat(["--config", path.join(scratch, "rules.cjs")])
      .concat(["--output-type", "json", "--output-to", report]),
    { cwd: scratch, encoding: "utf8" },
  );
  // dependency-cruiser exits with the number of errors: the probes make it non-zero on purpose.
  if (!fs.existsSync(report)) throw new Error(`dependency-cruiser failed: ${result.stderr}`);
  const parsed = JSON.parse(fs.readFileSync(report, "utf8")) as {
    summary: { violations: Violation[] };
  };
  violations = parsed.summary.violations;
}, 60_000);

afterAll(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe("module boundaries", () => {
  it.each(PROBES)("%s (%s) -> %s", (file, _source, rule) => {
    const names = violations.filter((v) => v.from === file).map((v) => v.rule.name);
    if (rule === undefined) expect(names).toEqual([]);
    else expect(names).toContain(rule);
  });

  it("flags nothing but the probes", () => {
    const probeFiles = new Set(PROBES.map(([file]) => file));
    expect(violations.filter((v) => !probeFiles.has(v.from))).toEqual([]);
  });
});
