/**
 * What `feishu-vc up` does before the engine when the last run of the stack was interrupted
 * (a cancelled CI job, kill -9): it clears a stale backend lock when it is safe, and clears the
 * operations the killed run left pending in the state, so that a plain re-run converges (ADR 0008).
 *
 * Locks: only `file://` backends are inspected (the lock files Pulumi writes under
 * `.pulumi/locks/`, JSON with the holder's pid, user, host and start time). Pulumi Cloud manages
 * its own leases; other DIY backends fall back to the engine's message, explained.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type { Deployment, LocalWorkspace, Stack } from "@pulumi/pulumi/automation";

/** One lock file of the stack, as the Pulumi CLI writes it. */
export interface StackLock {
  file: string;
  pid: number;
  username: string;
  hostname: string;
  takenAt: Date;
}

/** Whether the process holding a lock still runs, as far as this host can tell. */
export type HolderStatus = "gone" | "running" | "unknown";

/** The directory of a `file://` backend URL, or `undefined` for any other backend. */
export function fileBackendDir(backendUrl: string): string | undefined {
  if (!backendUrl.startsWith("file://")) return undefined;
  const bare = backendUrl.replace(/\?.*$/, "");
  if (bare.startsWith("file://~")) return path.join(os.homedir(), bare.slice("file://~".length));
  return fileURLToPath(bare);
}

/**
 * The lock files of `project`/`stack` under a file backend: `.pulumi/locks/<org>/<project>/<stack>/`
 * (project-scoped layout) or `.pulumi/locks/<stack>/` (the legacy layout).
 */
export function readStackLocks(backendDir: string, project: string, stack: string): StackLock[] {
  const stackName = stack.split("/").at(-1) ?? stack;
  const locksDir = path.join(backendDir, ".pulumi", "locks");
  const candidates = [path.join(locksDir, stackName)];
  if (fs.existsSync(locksDir)) {
    for (const org of fs.readdirSync(locksDir)) {
      candidates.push(path.join(locksDir, org, project, stackName));
    }
  }
  const locks: StackLock[] = [];
  for (const dir of candidates) {
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) continue;
    for (const name of fs.readdirSync(dir)) {
      const file = path.join(dir, name);
      if (!name.endsWith(".json") || !fs.statSync(file).isFile()) continue;
      locks.push(parseLock(file));
    }
  }
  return locks;
}

function parseLock(file: string): StackLock {
  let content: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
    if (typeof parsed === "object" && parsed !== null) content = parsed as Record<string, unknown>;
  } catch {
    // An unreadable lock (cut short by the kill) still locks; it reads as an unknown holder.
  }
  const text = (value: unknown): string => (typeof value === "string" ? value : "?");
  const takenAt = new Date(text(content.timestamp));
  return {
    file,
    pid: typeof content.pid === "number" ? content.pid : -1,
    username: text(content.username),
    hostname: text(content.hostname),
    takenAt: Number.isNaN(takenAt.getTime()) ? new Date(fs.statSync(file).mtimeMs) : takenAt,
  };
}

/**
 * Gone only when the holder was on this host and its pid is no longer a `pulumi` process (absent,
 * or reused by another program); another host's process cannot be seen from here.
 */
export function holderStatus(lock: StackLock, hostname = os.hostname()): HolderStatus {
  if (lock.hostname !== hostname || lock.pid <= 0) return "unknown";
  try {
    process.kill(lock.pid, 0);
  } catch (error) {
    // EPERM: the pid exists but belongs to another user, so it may be the holder.
    return (error as NodeJS.ErrnoException).code === "ESRCH" ? "gone" : "running";
  }
  try {
    // The executable itself (argv[0], NUL-separated), not the whole command line: a node process
    // whose path or arguments merely mention "pulumi" (our own tool cache) is not the CLI.
    const executable = fs.readFileSync(`/proc/${lock.pid}/cmdline`, "utf8").split("\0")[0] ?? "";
    return path.basename(executable) === "pulumi" ? "running" : "gone";
  } catch {
    return "running";
  }
}

/** `2m 05s`, `1h 03m`, `12s`: how long ago a lock was taken. */
export function describeAge(since: Date, now: Date = new Date()): string {
  const seconds = Math.max(0, Math.round((now.getTime() - since.getTime()) / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, "0")}m`;
}

function describeHolder(lock: StackLock, now: Date): string {
  return (
    `pulumi (pid ${lock.pid}, user ${lock.username}) on host ${lock.hostname}, ` +
    `since ${lock.takenAt.toISOString()} (${describeAge(lock.takenAt, now)} ago)`
  );
}

/** Thrown when the stack is locked and `up` must not proceed; the message says what to do. */
export class StackLockedError extends Error {
  override readonly name = "StackLockedError";
}

/**
 * Clears the stack's stale locks and returns one line per cleared lock. Throws
 * {@link StackLockedError} when a holder still runs on this host, or runs elsewhere as far as
 * this host can tell (then `--force-unlock` clears it).
 */
export function clearStaleLocks(
  locks: readonly StackLock[],
  options: { stackName: string; forceUnlock: boolean; now?: Date; hostname?: string },
): string[] {
  const now = options.now ?? new Date();
  const report: string[] = [];
  for (const lock of locks) {
    const status = holderStatus(lock, options.hostname);
    if (status === "running") {
      throw new StackLockedError(
        `[feishu-vc] stack "${options.stackName}" is being updated by another run: ${describeHolder(lock, now)}. ` +
          "Nothing was changed; run again when that run has finished.",
      );
    }
    if (status === "unknown" && !options.forceUnlock) {
      throw new StackLockedError(
        [
          `[feishu-vc] stack "${options.stackName}" is locked by ${describeHolder(lock, now)}; this host cannot tell whether that run still goes on. Nothing was changed.`,
          "If no other run of this stack is going on (e.g. its CI job was cancelled or killed), clear the lock and run again with:",
          `  feishu-vc up --stack ${options.stackName} --force-unlock`,
        ].join("\n"),
      );
    }
    fs.rmSync(lock.file, { force: true });
    report.push(
      `[feishu-vc] cleared a stale lock of stack "${options.stackName}": taken by ${describeHolder(lock, now)}; ` +
        (status === "gone" ? "that process is gone." : "cleared on --force-unlock."),
    );
  }
  return report;
}

/** One operation the interrupted run left pending in the state. */
export interface PendingOperation {
  type: string;
  urn: string;
  customId?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The pending operations of an exported deployment (`pending_operations` of the checkpoint). */
export function pendingOperations(deployment: Deployment): PendingOperation[] {
  const body = deployment.deployment as unknown;
  const ops = isRecord(body) ? body.pending_operations : undefined;
  if (!Array.isArray(ops)) return [];
  return ops.filter(isRecord).map((op) => {
    const resource = isRecord(op.resource) ? op.resource : {};
    const inputs = isRecord(resource.inputs) ? resource.inputs : {};
    const customId = inputs.customRoomId ?? inputs.customGroupId;
    return {
      type: typeof op.type === "string" ? op.type : "?",
      urn: typeof resource.urn === "string" ? resource.urn : "?",
      ...(typeof customId === "string" ? { customId } : {}),
    };
  });
}

/** The deployment without its pending operations. */
export function withoutPendingOperations(deployment: Deployment): Deployment {
  const body = deployment.deployment as unknown;
  if (!isRecord(body)) return deployment;
  return { ...deployment, deployment: { ...body, pending_operations: [] } };
}

function parsesAsJson(file: string): boolean {
  try {
    JSON.parse(fs.readFileSync(file, "utf8"));
    return true;
  } catch {
    return false;
  }
}

/**
 * A checkpoint cut short by the kill (an empty or partial `<stack>.json`; the CLI then fails with
 * "failed to load checkpoint") is put back from the `.bak` copy the CLI writes before each save:
 * the state one step earlier, whose missing step the provider recognises (ADR 0008).
 */
export function repairCheckpoint(
  backendDir: string,
  project: string,
  stack: string,
): string | undefined {
  const stackName = stack.split("/").at(-1) ?? stack;
  const stacksDir = path.join(backendDir, ".pulumi", "stacks");
  const candidates = [path.join(stacksDir, `${stackName}.json`)];
  if (fs.existsSync(stacksDir)) {
    for (const org of fs.readdirSync(stacksDir)) {
      candidates.push(path.join(stacksDir, org, project, `${stackName}.json`));
    }
  }
  const file = candidates.find((candidate) => fs.existsSync(candidate));
  if (file === undefined || parsesAsJson(file)) return undefined;
  const backup = `${file}.bak`;
  if (!fs.existsSync(backup) || !parsesAsJson(backup)) {
    throw new Error(
      `[feishu-vc] the state of stack "${stack}" was cut short by an interrupted run and has no usable backup; ` +
        `restore an earlier checkpoint from ${path.join(backendDir, ".pulumi", "history")} with \`pulumi stack import\`.`,
    );
  }
  fs.copyFileSync(backup, file);
  return `[feishu-vc] the state of stack "${stack}" was cut short by an interrupted run; restored the copy saved one step earlier.`;
}

/**
 * Before `up`, on the workspace (no stack selected yet: selecting loads the checkpoint): for a
 * `file://` backend, clears the stack's stale locks and repairs a checkpoint cut short by a kill.
 * Returns report lines; throws {@link StackLockedError} when the stack is locked by a live run.
 */
export async function recoverBackend(
  workspace: LocalWorkspace,
  stackName: string,
  options: { forceUnlock: boolean },
): Promise<string[]> {
  const backendDir = fileBackendDir((await workspace.whoAmI()).url ?? "");
  if (backendDir === undefined) return [];
  const project = (await workspace.projectSettings()).name;
  const locks = readStackLocks(backendDir, project, stackName);
  const report = clearStaleLocks(locks, { stackName, forceUnlock: options.forceUnlock });
  const repaired = repairCheckpoint(backendDir, project, stackName);
  return repaired === undefined ? report : [...report, repaired];
}

/**
 * Clears the operations an interrupted run left pending in the state: the run's creates are
 * recognised by custom id and taken into the state by the provider (ADR 0008); updates and
 * deletes are simply done again. Returns report lines.
 */
export async function clearPendingOperations(
  stack: Stack,
  deployment?: Deployment,
): Promise<string[]> {
  deployment ??= await stack.exportStack();
  const pending = pendingOperations(deployment);
  if (pending.length === 0) return [];
  // Another run may have started since the lock check: import only over the very state read
  // (importing takes the lock, so a run holding it makes this fail instead).
  const again = await stack.exportStack();
  if (JSON.stringify(again) !== JSON.stringify(deployment)) {
    throw new StackLockedError(
      `[feishu-vc] stack "${stack.name}" changed while this run was starting: another run is going on. Nothing was changed; run again when it has finished.`,
    );
  }
  await explainLockError(stack.importStack(withoutPendingOperations(deployment)), stack.name);
  return [
    `[feishu-vc] the last run of stack "${stack.name}" was interrupted with ${pending.length} operation(s) in flight; cleared from the state:`,
    ...pending.map(
      (op) =>
        `  ${op.type} ${op.urn.split("::").at(-1) ?? op.urn}` +
        (op.customId === undefined ? "" : ` (custom id "${op.customId}")`),
    ),
    "  An object such a create made is found by its custom id and taken into the state by this run; an update or delete is done again.",
  ];
}

const ENGINE_LOCKED = /the stack is currently locked/;

/**
 * Runs an engine operation; when the engine refuses because another run took the lock meanwhile
 * (two runs started together), says so in one line instead of the engine's whole output.
 */
export async function explainLockError<T>(operation: Promise<T>, stackName: string): Promise<T> {
  try {
    return await operation;
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    if (!ENGINE_LOCKED.test(text)) throw error;
    const holder = /created by (\S+) \(pid (\d+)\) at (\S+)/.exec(text);
    throw new StackLockedError(
      `[feishu-vc] stack "${stackName}" is being updated by another run` +
        (holder === null ? "" : ` (${holder[1]}, pid ${holder[2]}, since ${holder[3]})`) +
        ". Nothing was changed by this run; run again when that run has finished.",
    );
  }
}
