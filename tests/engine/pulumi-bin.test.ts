// scripts/pulumi-bin.js: the cached path is printed as the last line of stdout, and a machine
// with neither pulumi nor Go gets told how to get one.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BIN_DIR_ENV, REPO_ROOT } from "../../tools/harness/engine-stack";

const SCRIPT = path.join(REPO_ROOT, "scripts", "pulumi-bin.js");

describe("scripts/pulumi-bin.js", () => {
  it("prints a directory holding the CLI, the language host and the launcher", () => {
    const result = spawnSync(process.execPath, [SCRIPT], { encoding: "utf8" });
    expect(result.status).toBe(0);
    const dir = result.stdout.trim().split("\n").pop()!;
    expect(path.isAbsolute(dir)).toBe(true);
    for (const name of ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"]) {
      expect(fs.statSync(path.join(dir, name)).mode & 0o111).not.toBe(0);
    }
    if (process.env[BIN_DIR_ENV]) expect(dir).toBe(process.env[BIN_DIR_ENV]);
  });

  it("explains how to get the CLI when there is neither pulumi nor Go", () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-bin-test-"));
    try {
      const result = spawnSync(process.execPath, [SCRIPT], {
        encoding: "utf8",
        env: {
          PATH: path.dirname(process.execPath),
          HOME: cache,
          XDG_CACHE_HOME: cache,
          PULUMI_FEISHU_VC_GO: "",
        },
      });
      expect(result.status).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(/install the Pulumi CLI/);
      expect(result.stderr).toMatch(/install Go/);
      expect(fs.readdirSync(cache)).toEqual([]);
    } finally {
      fs.rmSync(cache, { recursive: true, force: true });
    }
  });
});
