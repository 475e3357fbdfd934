import {
  RateLimitError,
  ServerError,
  TransportError,
  InvalidRequestError,
} from "../../../provider/client";
import { backoffDelayMs, decideRetry } from "../../../provider/client/retry-policy";

const failure = (code: number, httpStatus: number) => ({
  code,
  msg: "x",
  httpStatus,
  endpoint: "POST /open-apis/vc/v1/rooms",
  action: "create room",
});
const lost = new TransportError(
  "POST /open-apis/vc/v1/rooms",
  "create room",
  "timeout",
  "ETIMEDOUT",
  true,
);
const refused = new TransportError(
  "GET /open-apis/vc/v1/rooms",
  "list rooms",
  "network",
  "ECONNRESET",
  false,
);

describe("retry policy", () => {
  it.each([
    [
      "a throttled create (never applied)",
      new RateLimitError(failure(99991400, 429), 2000),
      false,
      true,
    ],
    ["a throttled read", new RateLimitError(failure(99991400, 429), undefined), true, true],
    ["a server error on an idempotent call", new ServerError(failure(121001, 500)), true, true],
    ["a server error on a create", new ServerError(failure(121001, 500)), false, false],
    ["a lost answer on a create", lost, false, false],
    ["a network error on a read", refused, true, true],
    ["an invalid request", new InvalidRequestError(failure(121003, 400)), true, false],
    ["a plain Error", new Error("boom"), true, false],
  ])("%s: retry=%s", (_name, error, idempotent, expected) => {
    expect(decideRetry({ error, retry: 1, idempotent, maxRetries: 3, random: 0.5 }).retry).toBe(
      expected,
    );
  });

  it("waits the time the service asked for after a 429, plus at most 100 ms of jitter", () => {
    const decision = decideRetry({
      error: new RateLimitError(failure(99991400, 429), 2000),
      retry: 1,
      idempotent: false,
      maxRetries: 3,
      random: 0.5,
    });
    expect(decision).toEqual({ retry: true, delayMs: 2050, reason: "rate-limit" });
  });

  it("gives up on transient errors after maxRetries", () => {
    const error = new ServerError(failure(121001, 500));
    expect(decideRetry({ error, retry: 3, idempotent: true, maxRetries: 3, random: 0 }).retry).toBe(
      true,
    );
    expect(decideRetry({ error, retry: 4, idempotent: true, maxRetries: 3, random: 0 }).retry).toBe(
      false,
    );
  });

  it("backs off exponentially with jitter and a cap", () => {
    expect(backoffDelayMs(1, 0)).toBe(250);
    expect(backoffDelayMs(1, 0.999)).toBeLessThanOrEqual(500);
    expect(backoffDelayMs(3, 0)).toBe(1000);
    expect(backoffDelayMs(20, 1)).toBe(8000);
  });
});
