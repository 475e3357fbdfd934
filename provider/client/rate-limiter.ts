/**
 * Client-side pacing at the service's documented limits (reference 1.9): each endpoint is its own
 * budget ("per API, per app, per tenant"), writes 20 per minute, reads 1000 per minute and 50 per
 * second. Sliding windows, the stricter reading of the reference (section 4 item 3), so a call the
 * limiter lets through is one the service accepts. A 429 from the service (another client using
 * the same app, or clock skew) blocks the endpoint's budget for the time the service asked for.
 *
 * Limiters are shared process-wide per (base URL, app id, scale): every resource of a provider
 * process, and every client made for the same app, draws from the same budget.
 */
import type { EndpointKey } from "./endpoints";
import { endpointMeta } from "./endpoints";
import {
  MINUTE_MS,
  RATE_LIMIT_SAFETY_MARGIN_MS,
  READ_LIMIT_PER_MINUTE,
  READ_LIMIT_PER_SECOND,
  SECOND_MS,
  WRITE_LIMIT_PER_MINUTE,
} from "./constants";

/** A budget of `limit` calls in any `windowMs` span. */
export interface RateWindow {
  limit: number;
  windowMs: number;
}

/** Time source of the limiter; injected so tests run in milliseconds. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** The documented windows of an endpoint, each shortened by `scale` (for emulators run faster). */
export function windowsFor(key: EndpointKey, scale = 1): RateWindow[] {
  const windows =
    endpointMeta(key).kind === "write"
      ? [{ limit: WRITE_LIMIT_PER_MINUTE, windowMs: MINUTE_MS }]
      : [
          { limit: READ_LIMIT_PER_MINUTE, windowMs: MINUTE_MS },
          { limit: READ_LIMIT_PER_SECOND, windowMs: SECOND_MS },
        ];
  return windows.map((w) => ({ limit: w.limit, windowMs: w.windowMs / scale }));
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

/** One endpoint's budget: a FIFO of callers and the send times of recent calls. */
export class SlidingWindowBudget {
  private readonly sent: number[] = [];
  private blockedUntil = 0;
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;

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

  /** Resolves when a call may be sent, and counts it as sent. Callers are served in order. */
  acquire(onWait?: (wait: RateLimitWait) => void): Promise<void> {
    this.waiting += 1;
    const turn = this.tail.then(() => this.takeSlot(onWait));
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  /** The service throttled us: send nothing more on this endpoint for `ms`. */
  block(ms: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, this.clock.now() + ms);
  }

  /** Milliseconds until a call could be sent at `now` (0 = now). */
  delayAt(now: number): number {
    let delay = Math.max(0, this.blockedUntil - now);
    for (const { limit, windowMs } of this.windows) {
      const inWindow = this.sent.filter((t) => t > now - windowMs);
      if (inWindow.length >= limit) {
        const frees = inWindow[inWindow.length - limit]! + windowMs + this.marginMs;
        delay = Math.max(delay, frees - now);
      }
    }
    return delay;
  }

  private async takeSlot(onWait?: (wait: RateLimitWait) => void): Promise<void> {
    try {
      for (;;) {
        const now = this.clock.now();
        const delay = this.delayAt(now);
        if (delay <= 0) {
          this.sent.push(now);
          this.prune(now);
          return;
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

  private prune(now: number): void {
    const longest = Math.max(...this.windows.map((w) => w.windowMs));
    while (this.sent.length > 0 && this.sent[0]! <= now - longest) this.sent.shift();
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
      if (endpointMeta(key).kind === "write") total += budget.queued;
    return total;
  }
}

const shared = new Map<string, RateLimiter>();

/** The process-wide limiter of one app at one base URL. */
export function sharedRateLimiter(baseUrl: string, appId: string, scale: number): RateLimiter {
  const key = `${baseUrl}\u0000${appId}\u0000${scale}`;
  let limiter = shared.get(key);
  if (limiter === undefined) {
    limiter = new RateLimiter(scale);
    shared.set(key, limiter);
  }
  return limiter;
}
