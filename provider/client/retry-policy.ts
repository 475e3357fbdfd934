/**
 * When to retry a failed call, and after how long: one pure function, table-tested (style notes
 * L6). Reads and idempotent writes retry on transport errors, server errors and throttling.
 * Creates retry only when the service certainly did not apply them (it throttled them); an
 * ambiguous create is resolved by the caller looking the object up, never by replaying it.
 */
import {
  RATE_LIMIT_MAX_RETRIES,
  RATE_LIMIT_MAX_WAIT_MS,
  RETRY_BASE_DELAY_MS,
  RETRY_MAX_DELAY_MS,
} from "./constants";
import { RateLimitError, ServerError, TransportError } from "./errors";

export interface RetryContext {
  /** The failure of the attempt that just ended. */
  error: unknown;
  /** 1 for the first retry, 2 for the second... */
  retry: number;
  /** Whether replaying the call cannot change its outcome (endpoint table). */
  idempotent: boolean;
  /** Retries allowed for transient failures. */
  maxRetries: number;
  /** A number in [0, 1) for jitter; injected so tests are exact. */
  random: number;
}

export type RetryDecision =
  { retry: false } | { retry: true; delayMs: number; reason: "rate-limit" | "transient" };

/** Exponential backoff with "full jitter" between half and all of the capped delay. */
export function backoffDelayMs(retry: number, random: number): number {
  const capped = Math.min(RETRY_MAX_DELAY_MS, RETRY_BASE_DELAY_MS * 2 ** (retry - 1));
  return Math.round(capped / 2 + (capped / 2) * random);
}

export function decideRetry(context: RetryContext): RetryDecision {
  const { error, retry, idempotent, maxRetries, random } = context;
  if (error instanceof RateLimitError) {
    // Throttled calls were not applied, so even a create may be sent again.
    if (retry > RATE_LIMIT_MAX_RETRIES) return { retry: false };
    const asked = error.resetAfterMs;
    const delayMs =
      asked === undefined
        ? backoffDelayMs(retry, random)
        : Math.min(RATE_LIMIT_MAX_WAIT_MS, asked) + Math.round(100 * random);
    return { retry: true, delayMs, reason: "rate-limit" };
  }
  if (!idempotent || retry > maxRetries) return { retry: false };
  if (error instanceof ServerError)
    return { retry: true, delayMs: backoffDelayMs(retry, random), reason: "transient" };
  if (error instanceof TransportError)
    return { retry: true, delayMs: backoffDelayMs(retry, random), reason: "transient" };
  return { retry: false };
}
