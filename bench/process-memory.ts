/**
 * Peak resident memory of the processes the engine starts for this bench, sampled from /proc
 * (VmHWM is the kernel's own high-water mark, so short peaks between samples are not missed).
 * Only descendants of this process count: other engine runs on a shared machine are not ours.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The dynamic-provider process (pulumi-resource-pulumi-nodejs runs Node on it). */
const isProvider = (argv: readonly string[]): boolean =>
  argv.some((arg) => arg.includes("dynamic-provider")) && argv.some((arg) => arg.includes("node"));

/** The Pulumi CLI running the operation: the engine, its snapshot manager and the backend. */
const isEngine = (argv: readonly string[]): boolean => path.basename(argv[0] ?? "") === "pulumi";

function argvOf(pid: string): string[] | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
  } catch {
    return undefined; // the process ended between listing and reading
  }
}

function parentOf(pid: string): string | undefined {
  try {
    // Field 4 of /proc/<pid>/stat, after the command name in parentheses (which may hold spaces).
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1];
  } catch {
    return undefined;
  }
}

/** Pids of this process's descendants whose command line matches. */
function descendantPids(match: (argv: readonly string[]) => boolean): string[] {
  const entries = fs.readdirSync("/proc").filter((entry) => /^\d+$/.test(entry));
  const parents = new Map(entries.map((pid) => [pid, parentOf(pid)]));
  const self = String(process.pid);
  const ours = (pid: string): boolean => {
    for (let at = parents.get(pid), hops = 0; at !== undefined && hops < 32; hops += 1) {
      if (at === self) return true;
      at = parents.get(at);
    }
    return false;
  };
  return entries.filter((pid) => {
    if (!ours(pid)) return false;
    const argv = argvOf(pid);
    return argv !== undefined && match(argv);
  });
}

function highWaterKb(pid: string): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match === null ? 0 : Number(match[1]);
  } catch {
    return 0;
  }
}

export interface PeakMemory {
  /** The dynamic-provider process, MB. */
  providerMb: number;
  /** The Pulumi CLI (engine), MB. */
  engineMb: number;
}

/** Samples until `stop()`; resolves to the highest VmHWM seen per role, in MB (0 without /proc). */
export function sampleMemory(intervalMs = 200): { stop(): PeakMemory } {
  const peakKb = { provider: 0, engine: 0 };
  const sample = (): void => {
    for (const pid of descendantPids(isProvider))
      peakKb.provider = Math.max(peakKb.provider, highWaterKb(pid));
    for (const pid of descendantPids(isEngine))
      peakKb.engine = Math.max(peakKb.engine, highWaterKb(pid));
  };
  const timer = fs.existsSync("/proc/self/status") ? setInterval(sample, intervalMs) : undefined;
  return {
    stop: () => {
      if (timer !== undefined) {
        sample();
        clearInterval(timer);
      }
      return {
        providerMb: Math.round(peakKb.provider / 1024),
        engineMb: Math.round(peakKb.engine / 1024),
      };
    },
  };
}

/** The provider's peak only (the rate-limit series). */
export function sampleProviderMemory(intervalMs = 200): { stop(): number } {
  const sampler = sampleMemory(intervalMs);
  return { stop: () => sampler.stop().providerMb };
}
