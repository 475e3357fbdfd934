/**
 * Per-endpoint rate limits (reference 1.9): writes 20 per minute, reads 1000 per minute and 50 per
 * second, per API. Reference section 4 item 3: the window algorithm is unknown, so a sliding
 * window (the stricter choice) is used. `scale` shortens every window (fast tests); the counts stay.
 */
import { rateLimited } from "./errors";

export interface Window {
  limit: number;
  windowMs: number;
}

export const WRITE_WINDOWS: readonly Window[] = [{ limit: 20, windowMs: 60_000 }];
/**
 * The read tier, 1000 per minute and 50 per second. Reference 3.1-3.3: most reserve, meeting and
 * recording endpoints, writes included, have this budget too.
 */
export const READ_WINDOWS: readonly Window[] = [
  { limit: 1000, windowMs: 60_000 },
  { limit: 50, windowMs: 1000 },
];

export class RateLimits {
  private readonly accepted = new Map<string, number[]>();

  constructor(
    private scale: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Changes the scale from now on (a benchmark measuring one phase at the real limit). Requests
   * already accepted keep counting, measured against the new windows.
   */
  rescale(scale: number): void {
    this.scale = scale;
  }

  /** Counts a request against its endpoint's windows, or throws the documented 429. */
  admit(endpoint: string, windows: readonly Window[]): void {
    const now = this.now();
    const times = this.accepted.get(endpoint) ?? [];
    // History is kept for the real (unscaled) window too, so a rescale back to 1 still counts
    // what was accepted in the last minute.
    const longest = Math.max(...windows.map((w) => Math.max(w.windowMs, w.windowMs / this.scale)));
    while (times.length > 0 && times[0]! <= now - longest) times.shift();
    for (const { limit, windowMs } of windows) {
      const span = windowMs / this.scale;
      // `times` is in order and may reach back further than this window: count from the end.
      let inWindow = 0;
      while (inWindow < times.length && times[times.length - 1 - inWindow]! > now - span) {
        inWindow += 1;
      }
      if (inWindow >= limit) {
        const freesAt = times[times.length - limit]! + span;
        // Rejected requests do not take a slot; the reset header is whole seconds, at least 1.
        throw rateLimited(limit, Math.max(1, Math.ceil((freesAt - now) / 1000)));
      }
    }
    times.push(now);
    this.accepted.set(endpoint, times);
  }
}

/** Reference 3.2: meetings/list_by_no, 100 per minute. */
export const HUNDRED_PER_MINUTE: readonly Window[] = [{ limit: 100, windowMs: 60_000 }];
