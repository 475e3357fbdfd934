// scripts/pulumi-bin.js with the real CLI: the directory it prints (last stdout line) holds a
// pulumi at the version pinned in tools/pulumi-cli/go.mod, and a second run reuses it. Which
// pulumi on PATH it accepts is tested hermetically in tests/unit/scripts/pulumi-bin.test.ts.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../../tools/harness/engine-stack";

const SCRIPT = path.join(REPO_ROOT, "scripts", "pulumi-bin.js");

/** The pinned version, read the way a reviewer reads it: the pkg/v3 requirement of go.mod. */
function pinnedVersion(): [number, number, number] {
  const goMod = fs.readFileSync(path.join(REPO_ROOT, "tools", "pulumi-cli", "go.mod"), "utf8");
  const match = /github\.com\/pulumi\/pulumi\/pkg\/v3 v(\d+)\.(\d+)\.(\d+)/.exec(goMod);
  expect(match).not.toBeNull();
  return [Number(match![1]), Number(match![2]), Number(match![3])];
}

function resolveDir(args: string[] = []): { dir: string; stderr: string } {
  const result = spawnSync(process.execPath, [SCRIPT, ...args], { encoding: "utf8" });
  expect(result.status).toBe(0);
  return { dir: result.stdout.trim().split("\n").pop()!, stderr: result.stderr };
}

describe("scripts/pulumi-bin.js", () => {
  it("prints a directory holding the pinned CLI (or a newer v3), the language host and the launcher", () => {
    const { dir } = resolveDir();
    expect(path.isAbsolute(dir)).toBe(true);
    for (const name of ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"]) {
      expect(fs.statSync(path.join(dir, name)).mode & 0o111).not.toBe(0);
    }
    const printed = spawnSync(path.join(dir, "pulumi"), ["version"], {
      encoding: "utf8",
      env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
    }).stdout.trim();
    const version = /^v(\d+)\.(\d+)\.(\d+)/.exec(printed);
    expect(version).not.toBeNull();
    const [major, minor, patch] = version!.slice(1).map(Number) as [number, number, number];
    const [pinMajor, pinMinor, pinPatch] = pinnedVersion();
    expect(major).toBe(pinMajor);
    expect(minor * 1e6 + patch).toBeGreaterThanOrEqual(pinMinor * 1e6 + pinPatch);
  });

  it("caches the CLI it builds at exactly the pinned version and reuses it on the next run", () => {
    const first = resolveDir(["--no-path"]);
    const second = resolveDir(["--no-path"]);
    expect(second.dir).toBe(first.dir);
    expect(second.stderr).not.toMatch(/building/);
    const printed = spawnSync(path.join(second.dir, "pulumi"), ["version"], {
      encoding: "utf8",
      env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
    }).stdout.trim();
    expect(printed).toBe(`v${pinnedVersion().join(".")}`);
  });
});
