import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { ConfigMap, Deployment } from "@pulumi/pulumi/automation";
import {
  UpRecords,
  isLayoutProgram,
  stateDigest,
  upInputsDigest,
  upRecordsDir,
  type UpInputs,
} from "../../../provider/cli/unchanged-up";

let dir: string;
let inputs: UpInputs;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "unchanged-up-"));
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: p\nruntime: nodejs\nmain: program.js\n");
  fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config:\n  feishu-vc:adopt: false\n");
  fs.writeFileSync(path.join(dir, "campus.yaml"), "version: 1\nlevels: []\n");
  const config: ConfigMap = {
    "feishu-vc:layout": { value: "campus.yaml" },
    "feishu-vc:appSecret": { value: "s3cret-value", secret: true },
  };
  inputs = { workDir: dir, stackName: "dev", config, pulumiVersion: "3.276.0", env: {} };
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("the inputs digest of an up", () => {
  it("is stable for the same inputs and never contains a secret", () => {
    const digest = upInputsDigest(inputs);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(upInputsDigest({ ...inputs })).toBe(digest);
    expect(digest).not.toContain("s3cret");
  });

  it("changes with the layout's bytes, the config, the stack file, the CLI and the env fallbacks", () => {
    const digest = upInputsDigest(inputs);
    const changed: (() => string | undefined)[] = [
      () => {
        fs.appendFileSync(path.join(dir, "campus.yaml"), "# a comment\n");
        return upInputsDigest(inputs);
      },
      () =>
        upInputsDigest({
          ...inputs,
          config: { ...inputs.config, "feishu-vc:appSecret": { value: "other", secret: true } },
        }),
      () => {
        fs.appendFileSync(path.join(dir, "Pulumi.dev.yaml"), "  feishu-vc:maxDeletes: 3\n");
        return upInputsDigest(inputs);
      },
      () => upInputsDigest({ ...inputs, pulumiVersion: "3.277.0" }),
      () => upInputsDigest({ ...inputs, env: { FEISHU_BASE_URL: "https://other.example" } }),
    ];
    const seen = new Set([digest]);
    for (const change of changed) {
      const next = change();
      expect(next).toBeDefined();
      expect(seen.has(next)).toBe(false);
      seen.add(next);
    }
  });

  it("uses layout.yaml when the config names no layout, and is undefined when it cannot be read", () => {
    const withoutLayout = Object.fromEntries(
      Object.entries(inputs.config).filter(([key]) => key !== "feishu-vc:layout"),
    );
    expect(upInputsDigest({ ...inputs, config: withoutLayout })).toBeUndefined();
    fs.copyFileSync(path.join(dir, "campus.yaml"), path.join(dir, "layout.yaml"));
    expect(upInputsDigest({ ...inputs, config: withoutLayout })).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("isLayoutProgram", () => {
  it("is false for a program that is not this package's layout program", () => {
    expect(isLayoutProgram(dir)).toBe(false);
    expect(isLayoutProgram(path.join(dir, "missing"))).toBe(false);
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: p\nruntime: python\n");
    expect(isLayoutProgram(dir)).toBe(false);
  });
});

describe("the records of succeeded ups", () => {
  const deployment = (time: string): Deployment => ({
    version: 3,
    deployment: { manifest: { time }, resources: [] },
  });

  it("finds an up by the state it left and the inputs it ran with, and only then", () => {
    const records = new UpRecords(path.join(dir, "records"));
    const state = stateDigest(deployment("2026-12-04T10:00:00Z"));
    expect(records.find(state, "inputs-a")).toBeUndefined();
    records.remember(state, "inputs-a", "dev", new Date("2026-12-04T10:00:01Z"));
    expect(records.find(state, "inputs-a")).toEqual({
      inputs: "inputs-a",
      stack: "dev",
      at: "2026-12-04T10:00:01.000Z",
    });
    expect(records.find(state, "inputs-b")).toBeUndefined();
    expect(records.find(stateDigest(deployment("2026-12-04T10:05:00Z")), "inputs-a")).toBe(
      undefined,
    );
  });

  it("prunes records older than 30 days when it writes", () => {
    const recordsDir = path.join(dir, "records");
    const records = new UpRecords(recordsDir);
    records.remember("old", "i", "dev");
    const longAgo = new Date(Date.now() - 31 * 24 * 3600 * 1000);
    fs.utimesSync(path.join(recordsDir, "old.json"), longAgo, longAgo);
    records.remember("new", "i", "dev");
    expect(fs.readdirSync(recordsDir).sort()).toEqual(["new.json"]);
  });

  it("never fails an up when the records cannot be written (the engine just runs next time)", () => {
    const blocked = path.join(dir, "a-file");
    fs.writeFileSync(blocked, "");
    const records = new UpRecords(path.join(blocked, "records"));
    expect(() => records.remember("s", "i", "dev")).not.toThrow();
    expect(records.find("s", "i")).toBeUndefined();
  });

  it("are kept under the override, else the user's cache directory", () => {
    expect(upRecordsDir({ FEISHU_VC_UP_RECORDS_DIR: "/x/records" })).toBe("/x/records");
    expect(upRecordsDir({ XDG_CACHE_HOME: "/cache" })).toBe(
      path.join("/cache", "pulumi-feishu-vc", "up-records"),
    );
  });
});
