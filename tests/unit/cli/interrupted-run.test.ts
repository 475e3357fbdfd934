/**
 * Recovery from an interrupted run, offline: the file backend's lock files as the Pulumi CLI
 * writes them, whether their holder is gone, and the pending operations of a checkpoint.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Deployment } from "@pulumi/pulumi/automation";
import {
  StackLockedError,
  clearStaleLocks,
  describeAge,
  fileBackendDir,
  holderStatus,
  pendingOperations,
  readStackLocks,
  repairCheckpoint,
  withoutPendingOperations,
  type StackLock,
} from "../../../provider/cli/interrupted-run";

let backend: string;
beforeEach(() => {
  backend = fs.mkdtempSync(path.join(os.tmpdir(), "feishu-vc-locks-"));
});
afterEach(() => fs.rmSync(backend, { recursive: true, force: true }));

function writeLock(dir: string, content: Record<string, unknown>): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${Math.random().toString(16).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify(content));
  return file;
}

/** A pid that certainly belongs to no process: one that just exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ["-e", "console.log(process.pid)"], { encoding: "utf8" })
    .stdout.trim()
    .split("\n")
    .map(Number)[0]!;
}

const lock = (over: Partial<StackLock>): StackLock => ({
  file: path.join(backend, "x.json"),
  pid: deadPid(),
  username: "ci",
  hostname: os.hostname(),
  takenAt: new Date(Date.now() - 125_000),
  ...over,
});

it("finds the stack's lock files in the project-scoped and legacy layouts, and only them", () => {
  const locks = path.join(backend, ".pulumi", "locks");
  const scoped = writeLock(path.join(locks, "organization", "office", "prod"), {
    pid: 42,
    username: "ci",
    hostname: "runner-1",
    timestamp: "2026-12-01T10:00:00.5+08:00",
  });
  const legacy = writeLock(path.join(locks, "prod"), { pid: 7 });
  writeLock(path.join(locks, "organization", "office", "staging"), { pid: 9 });
  writeLock(path.join(locks, "organization", "other-project", "prod"), { pid: 10 });
  const found = readStackLocks(backend, "office", "prod");
  expect(found.map((l) => l.file).sort()).toEqual([scoped, legacy].sort());
  expect(found.find((l) => l.file === scoped)).toMatchObject({
    pid: 42,
    username: "ci",
    hostname: "runner-1",
    takenAt: new Date("2026-12-01T02:00:00.500Z"),
  });
  expect(readStackLocks(backend, "office", "organization/office/staging")).toHaveLength(1);
  expect(readStackLocks(path.join(backend, "nothing"), "office", "prod")).toEqual([]);
});

it("reads file backend URLs, and nothing else, as a directory", () => {
  expect(fileBackendDir(`file://${backend}`)).toBe(backend);
  expect(fileBackendDir(`file://${backend}?no_tmp_dir=true`)).toBe(backend);
  expect(fileBackendDir("file://~/state")).toBe(path.join(os.homedir(), "state"));
  expect(fileBackendDir("https://api.pulumi.com")).toBeUndefined();
  expect(fileBackendDir("s3://bucket")).toBeUndefined();
});

it("tells a gone holder on this host from a running one and from another host's", () => {
  expect(holderStatus(lock({}))).toBe("gone");
  expect(holderStatus(lock({ pid: process.pid }))).toBe(
    // jest runs in node, not pulumi: a live pid that is not a pulumi process was reused.
    fs.existsSync("/proc/self/cmdline") ? "gone" : "running",
  );
  expect(holderStatus(lock({ hostname: "another-runner" }))).toBe("unknown");
  expect(holderStatus(lock({ pid: -1 }))).toBe("unknown");
});

it("clears a lock whose holder is gone, saying how old it was", () => {
  const file = writeLock(backend, {});
  const report = clearStaleLocks([lock({ file })], { stackName: "prod", forceUnlock: false });
  expect(report).toEqual([
    expect.stringMatching(/stale lock.*\(2m 0[45]s ago\); that process is gone/),
  ]);
  expect(fs.existsSync(file)).toBe(false);
});

it("refuses another host's lock with the one command that clears it, and clears it on --force-unlock", () => {
  const file = writeLock(backend, {});
  const other = lock({ file, hostname: "another-runner" });
  const refuse = (): string[] =>
    clearStaleLocks([other], { stackName: "prod", forceUnlock: false });
  expect(refuse).toThrow(StackLockedError);
  expect(refuse).toThrow(
    /another-runner.*2m 0[45]s ago[\s\S]*feishu-vc up --stack prod --force-unlock/,
  );
  expect(fs.existsSync(file)).toBe(true);
  expect(clearStaleLocks([other], { stackName: "prod", forceUnlock: true })).toEqual([
    expect.stringMatching(/cleared on --force-unlock/),
  ]);
  expect(fs.existsSync(file)).toBe(false);
});

it("never clears the lock of a run still going on this host, even with --force-unlock", () => {
  const file = writeLock(backend, {});
  // A live process whose executable is called pulumi (argv[0]) stands for the holder.
  const holder = spawn(process.execPath, ["-e", "setTimeout(() => {}, 20000)"], {
    argv0: "pulumi",
  });
  try {
    expect(() =>
      clearStaleLocks([lock({ file, pid: holder.pid! })], { stackName: "prod", forceUnlock: true }),
    ).toThrow(/being updated by another run: pulumi \(pid \d+, user ci\)/);
    expect(fs.existsSync(file)).toBe(true);
  } finally {
    holder.kill("SIGKILL");
  }
});

it("formats ages in the largest useful units", () => {
  const now = new Date("2026-12-01T00:00:00Z");
  const ago = (s: number): Date => new Date(now.getTime() - s * 1000);
  expect(describeAge(ago(12), now)).toBe("12s");
  expect(describeAge(ago(125), now)).toBe("2m 05s");
  expect(describeAge(ago(3780), now)).toBe("1h 03m");
});

it("lists and removes the pending operations of a checkpoint, keeping everything else", () => {
  const deployment: Deployment = {
    version: 3,
    deployment: {
      resources: [{ urn: "urn:a" }],
      pending_operations: [
        {
          type: "creating",
          resource: {
            urn: "urn:pulumi:s::p::pulumi-nodejs:dynamic/feishu-vc:Room::room-a",
            inputs: { customRoomId: "a" },
          },
        },
        { type: "updating", resource: { urn: "urn:pulumi:s::p::x::level-b", inputs: {} } },
      ],
    },
  };
  expect(pendingOperations(deployment)).toEqual([
    {
      type: "creating",
      urn: "urn:pulumi:s::p::pulumi-nodejs:dynamic/feishu-vc:Room::room-a",
      customId: "a",
    },
    { type: "updating", urn: "urn:pulumi:s::p::x::level-b" },
  ]);
  const cleaned = withoutPendingOperations(deployment);
  expect(pendingOperations(cleaned)).toEqual([]);
  expect((cleaned.deployment as { resources: unknown }).resources).toEqual([{ urn: "urn:a" }]);
  expect(pendingOperations({ version: 3, deployment: { resources: [] } })).toEqual([]);
});

it("puts back a checkpoint cut short by a kill from its .bak copy, and leaves a sound one alone", () => {
  const dir = path.join(backend, ".pulumi", "stacks", "organization", "office");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "prod.json");
  fs.writeFileSync(file, '{"version": 3, "checkpoint": {}}');
  expect(repairCheckpoint(backend, "office", "prod")).toBeUndefined();
  fs.writeFileSync(`${file}.bak`, '{"version": 3, "checkpoint": {"latest": {}}}');
  fs.writeFileSync(file, "");
  expect(repairCheckpoint(backend, "office", "prod")).toMatch(/cut short.*restored/);
  expect(fs.readFileSync(file, "utf8")).toBe('{"version": 3, "checkpoint": {"latest": {}}}');
  fs.writeFileSync(file, '{"version": 3, "chec');
  fs.writeFileSync(`${file}.bak`, "");
  expect(() => repairCheckpoint(backend, "office", "prod")).toThrow(/no usable backup.*history/);
  expect(repairCheckpoint(backend, "office", "staging")).toBeUndefined();
});
