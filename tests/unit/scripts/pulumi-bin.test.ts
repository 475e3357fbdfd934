// scripts/pulumi-bin.js, hermetically: which `pulumi` on PATH it accepts, with fake CLIs in a temp
// dir, an empty cache and no Go, so nothing is built or downloaded.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const SCRIPT = path.resolve(__dirname, "..", "..", "..", "scripts", "pulumi-bin.js");
const PLUGINS = ["pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"];

let scratch: string;
beforeEach(() => {
  scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-bin-test-")));
});
afterEach(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** A directory with a fake `pulumi` printing `version`, and the named plugins beside it. */
function fakeCli(version: string, plugins: readonly string[] = PLUGINS): string {
  const dir = path.join(scratch, `cli-${version}`);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, "pulumi"), `#!/bin/sh\necho ${version}\n`, { mode: 0o755 });
  for (const name of plugins)
    fs.writeFileSync(path.join(dir, name), "#!/bin/sh\n", { mode: 0o755 });
  return dir;
}

/** Runs the script with only `pathDirs` (and node's own) on PATH, an empty cache and no Go. */
function run(pathDirs: readonly string[]): {
  status: number | null;
  stdout: string;
  stderr: string;
} {
  const cache = path.join(scratch, "cache");
  fs.mkdirSync(cache, { recursive: true });
  const result = spawnSync(process.execPath, [SCRIPT], {
    encoding: "utf8",
    env: {
      PATH: [...pathDirs, path.dirname(process.execPath)].join(path.delimiter),
      HOME: cache,
      XDG_CACHE_HOME: cache,
      PULUMI_FEISHU_VC_GO: "",
    },
  });
  expect(fs.readdirSync(cache)).toEqual([]);
  return result;
}

describe("scripts/pulumi-bin.js on PATH", () => {
  it("uses a newer v3 pulumi on PATH with both plugins beside it, building nothing", () => {
    const dir = fakeCli("v3.999.0");
    const result = run([dir]);
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split("\n").pop()).toBe(dir);
  });

  it.each(["v3.1.0", "v4.0.0", "not-a-version"])("ignores a pulumi that prints %s", (version) => {
    const result = run([fakeCli(version)]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(
      new RegExp(`ignoring .*pulumi \\(version ${version}; need v3\\.\\d+\\.\\d+ or a newer v3\\)`),
    );
  });

  it.each(PLUGINS)("ignores a pulumi without %s beside it", (missing) => {
    const dir = fakeCli(
      "v3.999.0",
      PLUGINS.filter((name) => name !== missing),
    );
    const result = run([dir]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`: ${missing} not beside it in ${dir}`);
  });

  it("explains how to get the CLI when there is neither pulumi nor Go", () => {
    const result = run([]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/install the Pulumi CLI/);
    expect(result.stderr).toMatch(/install Go/);
  });
});
