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
