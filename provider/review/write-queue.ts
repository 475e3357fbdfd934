/**
 * Progress of a long `up` from the engine's events: how many resource steps are done, how many
 * writes are waiting for the API's budget, and when they will be through at the documented rate.
 * Each write API has its own budget (20 per minute), so the estimate is the slowest endpoint's.
 * Pure: the CLI feeds it events and renders what it returns.
 */
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { MINUTE_MS, WRITE_LIMIT_PER_MINUTE } from "../client";

const TYPE_PREFIX = "pulumi-nodejs:dynamic/feishu-vc:";

/** The write endpoints a step spends, by kind and operation (none for reads). */
function endpointOf(kind: string, op: string): string[] {
  const table: Record<string, Record<string, string>> = {
    RoomLevel: {
      create: "room_levels create",
      update: "room_levels patch",
      delete: "room_levels del",
    },
    Room: { create: "rooms create", update: "rooms patch", delete: "rooms delete" },
    Reservation: {
      create: "reserves apply",
      update: "reserves update",
      delete: "reserves delete",
    },
    ScopeConfig: {
      create: "scope_config set",
      update: "scope_config set",
      delete: "scope_config set",
    },
  };
  const ops =
    op === "replace" || op === "create-replacement"
      ? ["create"]
      : op === "delete-replaced"
        ? ["delete"]
        : [op];
  return ops.map((o) => table[kind]?.[o]).filter((e): e is string => e !== undefined);
}

export interface WriteQueueSnapshot {
  /** Resource steps finished (or failed). */
  done: number;
  /** Resource steps started so far. */
  started: number;
  /** Writes started but not finished, by endpoint. */
  queued: Record<string, number>;
  /** When the queued writes will be through at the documented rate, in ms from now. */
  etaMs: number;
}

export class WriteQueue {
  private readonly inFlight = new Map<string, string[]>();
  private readonly queuedBy: Record<string, number> = {};
  private done = 0;
  private started = 0;

  /** @param rateLimitScale the emulator's window scale (1 against the real service). */
  constructor(private readonly rateLimitScale = 1) {}

  observe(event: EngineEvent): void {
    const pre = event.resourcePreEvent?.metadata;
    if (
      pre !== undefined &&
      pre.type.startsWith(TYPE_PREFIX) &&
      pre.op !== "same" &&
      pre.op !== "read" &&
      pre.op !== "refresh"
    ) {
      const endpoints = endpointOf(pre.type.slice(TYPE_PREFIX.length), pre.op);
      this.started += 1;
      this.inFlight.set(`${pre.urn}/${pre.op}`, endpoints);
      for (const endpoint of endpoints)
        this.queuedBy[endpoint] = (this.queuedBy[endpoint] ?? 0) + 1;
      return;
    }
    const finished = event.resOutputsEvent?.metadata ?? event.resOpFailedEvent?.metadata;
    if (finished === undefined) return;
    const key = `${finished.urn}/${finished.op}`;
    const endpoints = this.inFlight.get(key);
    if (endpoints === undefined) return;
    this.inFlight.delete(key);
    this.done += 1;
    for (const endpoint of endpoints)
      this.queuedBy[endpoint] = Math.max(0, (this.queuedBy[endpoint] ?? 0) - 1);
  }

  snapshot(): WriteQueueSnapshot {
    const windowMs = MINUTE_MS / this.rateLimitScale;
    const queued = Object.fromEntries(Object.entries(this.queuedBy).filter(([, n]) => n > 0));
    // The current window may already be spent, so n writes need ceil(n / 20) more windows at most.
    const etaMs = Math.max(
      0,
      ...Object.values(queued).map((n) => Math.ceil(n / WRITE_LIMIT_PER_MINUTE) * windowMs),
    );
    return { done: this.done, started: this.started, queued, etaMs };
  }
}

/** `480 writes queued (rooms create 470, scope_config set 10), through in ~24 min` */
export function describeQueue(snapshot: WriteQueueSnapshot): string {
  const entries = Object.entries(snapshot.queued);
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return "no writes queued";
  const detail = entries.map(([endpoint, n]) => `${endpoint} ${n}`).join(", ");
  return `${total} writes queued (${detail}), through in ~${formatDuration(snapshot.etaMs)}`;
}

export function formatDuration(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 90) return `${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  return minutes < 90 ? `${minutes} min` : `${(minutes / 60).toFixed(1)} h`;
}
