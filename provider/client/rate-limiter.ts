/**
 * Client-side pacing at the service's documented limits (reference 1.9): each endpoint is its own
 * budget ("per API, per app, per tenant"), writes 20 per minute, reads 1000 per minute and 50 per
 * second. Sliding windows, the stricter reading of the reference (section 4 item 3), so a call the
 * limiter lets through is one the service accepts. A 429 from the service (another client using
 * the same app, or clock skew) blocks the endpoint's budget for the time the service asked for.
 *
 * A client has its own limiter unless it is made with `shareProcessState`: then it shares one per
 * (base URL, app id, scale) with every such client of the process, so every resource of a provider
 * process draws from the same budget.
 */
import type { RateWindow } from "./api/endpoint-row";
import type { EndpointKey } from "./endpoints";
import { endpointRow } from "./endpoints";
import { RATE_LIMIT_SAFETY_MARGIN_MS } from "./constants";

export type { RateWindow } from "./api/endpoint-row";

/** Time source of the limiter; injected so tests run in milliseconds. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * The documented windows of an endpoint (its row's `limits`), each shortened by `scale` (for
 * emulators run faster).
 */
export function windowsFor(key: EndpointKey, scale = 1): RateWindow[] {
  return endpointRow(key).limits.map((w) => ({ limit: w.limit, windowMs: w.windowMs / scale }));
}

/** A wait the limiter imposed, reported through the client's `onRateLimit` option. */
export interface RateLimitWait {
  endpoint: EndpointKey;
  waitMs: number;
  /** Calls of this endpoint queued behind this one. */
  queued: number;
  /** "pacing": our own budget; "throttled": the service answered 429. */
  cause: "pacing" | "throttled";
}

/** Marks a call acquired from a budget as answered; its slot then ages out of the windows. */
export type ReleaseSlot = () => void;

/**
 * One endpoint's budget: a FIFO of callers and the times of recent calls.
 *
 * The service counts a call when it arrives, which the client cannot see: it lies somewhere
 * between sending and the answer. A slot therefore counts from the answer, not from the send: a
 * call is in every window while in flight, and leaves them `windowMs` after its answer. Counting
 * from the send let a call that was slow on the way (a token fetch, a busy event loop) land in
 * the same server window as one sent a full window later, which the service rejects with a 429.
 * The price is one round trip per window.
 */
export class SlidingWindowBudget {
  /** Answer time of each recent call; `Infinity` while the call is in flight. */
  private readonly slots: { at: number }[] = [];
  private blockedUntil = 0;
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;
  /** Wakes callers waiting for an in-flight call to be answered. */
  private answered: { promise: Promise<void>; resolve: () => void } | undefined;

  constructor(
    readonly endpoint: EndpointKey,
    private readonly windows: readonly RateWindow[],
    private readonly clock: Clock,
    private readonly marginMs = RATE_LIMIT_SAFETY_MARGIN_MS,
  ) {}

  /** Calls queued for a slot right now. */
  get queued(): number {
    return this.waiting;
  }

  /**
   * Resolves when a call may be sent, and counts it as in flight. Callers are served in order.
   * The caller must call the returned function once the call is answered (or failed).
   */
  acquire(onWait?: (wait: RateLimitWait) => void): Promise<ReleaseSlot> {
    this.waiting += 1;
    const turn = this.tail.then(() => this.takeSlot(onWait));
    this.tail = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  /** The service throttled us: send nothing more on this endpoint for `ms`. */
  block(ms: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, this.clock.now() + ms);
  }

  /**
   * Milliseconds until a call could be sent at `now` (0 = now); `Infinity` when that depends on
   * a call still in flight.
   */
  delayAt(now: number): number {
    let delay = Math.max(0, this.blockedUntil - now);
    for (const { limit, windowMs } of this.windows) {
      const inWindow = this.slots
        .map((slot) => slot.at)
        .filter((at) => at > now - windowMs)
        .sort((a, b) => a - b);
      if (inWindow.length >= limit) {
        const frees = inWindow[inWindow.length - limit]! + windowMs + this.marginMs;
        delay = Math.max(delay, frees - now);
      }
    }
    return delay;
  }

  private async takeSlot(onWait?: (wait: RateLimitWait) => void): Promise<ReleaseSlot> {
    try {
      for (;;) {
        const now = this.clock.now();
        const delay = this.delayAt(now);
        if (delay <= 0) {
          this.prune(now);
          const slot = { at: Infinity };
          this.slots.push(slot);
          return () => this.release(slot);
        }
        if (delay === Infinity) {
          await this.nextAnswer();
          continue;
        }
        onWait?.({
          endpoint: this.endpoint,
          waitMs: delay,
          queued: this.waiting - 1,
          cause: this.blockedUntil > now ? "throttled" : "pacing",
        });
        await this.clock.sleep(delay);
      }
    } finally {
      this.waiting -= 1;
    }
  }

  private release(slot: { at: number }): void {
    if (slot.at !== Infinity) return;
    slot.at = this.clock.now();
    const answered = this.answered;
    this.answered = undefined;
    answered?.resolve();
  }

  private nextAnswer(): Promise<void> {
    if (this.answered === undefined) {
      let resolve: () => void = () => undefined;
      const promise = new Promise<void>((r) => (resolve = r));
      this.answered = { promise, resolve };
    }
    return this.answered.promise;
  }

  private prune(now: number): void {
    const longest = Math.max(...this.windows.map((w) => w.windowMs));
    for (let i = this.slots.length - 1; i >= 0; i -= 1)
      if (this.slots[i]!.at <= now - longest) this.slots.splice(i, 1);
  }
}

/** The budgets of every endpoint of one app. */
export class RateLimiter {
  private readonly budgets = new Map<EndpointKey, SlidingWindowBudget>();
  constructor(
    private readonly scale: number,
    private readonly clock: Clock = realClock,
  ) {}

  budget(key: EndpointKey): SlidingWindowBudget {
    let budget = this.budgets.get(key);
    if (budget === undefined) {
      budget = new SlidingWindowBudget(key, windowsFor(key, this.scale), this.clock);
      this.budgets.set(key, budget);
    }
    return budget;
  }

  /** Calls queued across all write endpoints, for progress output. */
  queuedWrites(): number {
    let total = 0;
    for (const [key, budget] of this.budgets)
      if (endpointRow(key).kind === "write") total += budget.queued;
    return total;
  }
}

const shared = new Map<string, RateLimiter>();

/**
 * The process-wide limiter of one app at one base URL (clients made with `shareProcessState`).
 * The first client's clock drives it.
 */
export function sharedRateLimiter(
  baseUrl: string,
  appId: string,
  scale: number,
  clock: Clock = realClock,
): RateLimiter {
  const key = `${baseUrl}\u0000${appId}\u0000${scale}`;
  let limiter = shared.get(key);
  if (limiter === undefined) {
    limiter = new RateLimiter(scale, clock);
    shared.set(key, limiter);
  }
  return limiter;
}
