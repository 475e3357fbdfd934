/**
 * Peak resident memory of the dynamic-provider processes the engine starts, sampled from /proc
 * (VmHWM is the kernel's own high-water mark, so short peaks between samples are not missed).
 */
import * as fs from "node:fs";

const PROVIDER_MARKER = "dynamic-provider";

function providerPids(): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (cmdline.includes(PROVIDER_MARKER) && cmdline.includes("node")) pids.push(Number(entry));
    } catch {
      // The process ended between listing and reading.
    }
  }
  return pids;
}

function highWaterKb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match === null ? 0 : Number(match[1]);
  } catch {
    return 0;
  }
}

/** Samples until `stop()`; resolves to the highest VmHWM seen, in MB (0 without /proc). */
export function sampleProviderMemory(intervalMs = 200): { stop(): number } {
  let peakKb = 0;
  const sample = (): void => {
    for (const pid of providerPids()) peakKb = Math.max(peakKb, highWaterKb(pid));
  };
  const timer = fs.existsSync("/proc/self/status") ? setInterval(sample, intervalMs) : undefined;
  return {
    stop: () => {
      if (timer !== undefined) {
        sample();
        clearInterval(timer);
      }
      return Math.round(peakKb / 1024);
    },
  };
}
