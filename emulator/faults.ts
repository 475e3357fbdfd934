/**
 * Fault injection for reliability tests: faults armed for the next N requests of an endpoint
 * (control endpoint), and random faults at a configured rate (flags).
 */
export type FaultKind = "drop-after-commit" | "internal-error" | "rate-limit";
export const FAULT_KINDS: readonly FaultKind[] = [
  "drop-after-commit",
  "internal-error",
  "rate-limit",
];

interface ArmedFault {
  endpoint: string;
  kind: FaultKind;
  remaining: number;
}

/**
 * A seeded source of numbers in [0, 1) (mulberry32), so a random-fault run can be repeated: the
 * same seed gives the same sequence of draws (which request draws which still depends on timing).
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Faults {
  private armed: ArmedFault[] = [];

  constructor(
    private readonly faultRate: number,
    private readonly dropResponseRate: number,
    private readonly random: () => number = Math.random,
  ) {}

  arm(endpoint: string, kind: FaultKind, times: number): void {
    this.armed.push({ endpoint, kind, remaining: times });
  }

  reset(): void {
    this.armed = [];
  }

  /** The fault to apply to this request, if any; consumes one use of an armed fault. */
  next(endpoint: string, isWrite: boolean): FaultKind | undefined {
    const fault = this.armed.find((f) => f.endpoint === endpoint && f.remaining > 0);
    if (fault !== undefined) {
      fault.remaining -= 1;
      this.armed = this.armed.filter((f) => f.remaining > 0);
      return fault.kind;
    }
    if (this.faultRate > 0 && this.random() < this.faultRate) return "internal-error";
    if (isWrite && this.dropResponseRate > 0 && this.random() < this.dropResponseRate)
      return "drop-after-commit";
    return undefined;
  }
}
