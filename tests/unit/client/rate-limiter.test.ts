import {
  SlidingWindowBudget,
  windowsFor,
  type Clock,
  type RateWindow,
} from "../../../provider/client/rate-limiter";
import type { EndpointKey } from "../../../provider/client/endpoints";

/** A clock whose sleep advances time instantly, recording every wait. */
function fakeClock(): Clock & { waits: number[]; advance(ms: number): void } {
  let now = 1_000_000;
  const waits: number[] = [];
  return {
    waits,
    advance: (ms) => void (now += ms),
    now: () => now,
    sleep: (ms) => {
      waits.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

/**
 * A budget for `endpoint` on a fake clock: the documented windows unless `windows` is given,
 * and no safety margin unless `marginMs` is given, so waits are exact in the assertions.
 */
function budgetUnderTest(
  endpoint: EndpointKey,
  options: { windows?: RateWindow[]; marginMs?: number } = {},
): { budget: SlidingWindowBudget; clock: ReturnType<typeof fakeClock> } {
  const clock = fakeClock();
  const windows = options.windows ?? windowsFor(endpoint);
  return {
    budget: new SlidingWindowBudget(endpoint, windows, clock, options.marginMs ?? 0),
    clock,
  };
}

describe("rate limiter", () => {
  it("uses the documented windows: writes 20/min, reads 1000/min and 50/s, shortened by the scale", () => {
    expect(windowsFor("POST /open-apis/vc/v1/rooms")).toEqual([{ limit: 20, windowMs: 60_000 }]);
    expect(windowsFor("GET /open-apis/vc/v1/rooms", 60)).toEqual([
      { limit: 1000, windowMs: 1000 },
      { limit: 50, windowMs: 1000 / 60 },
    ]);
  });

  it("lets 20 writes through at once and holds the 21st until the first leaves the window", async () => {
    const { budget, clock } = budgetUnderTest("POST /open-apis/vc/v1/rooms", { marginMs: 25 });
    const start = clock.now();
    for (let i = 0; i < 20; i += 1) (await budget.acquire())();
    expect(clock.now()).toBe(start);
    await budget.acquire();
    expect(clock.now() - start).toBe(60_025);
  });

  it("counts a call from its answer: in flight it holds the window, answered it ages out", async () => {
    const { budget, clock } = budgetUnderTest("PATCH /open-apis/vc/v1/rooms/:room_id", {
      windows: [{ limit: 1, windowMs: 1000 }],
    });
    const start = clock.now();
    const release = await budget.acquire();
    let secondSent = false;
    const second = budget.acquire().then(() => void (secondSent = true));
    // A slow call (a token fetch, a busy event loop): 5 s pass, still unanswered.
    clock.advance(5000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(secondSent).toBe(false);
    release();
    await second;
    // The service may have counted the first call as late as its answer.
    expect(clock.now() - start).toBe(5000 + 1000);
  });

  it("sends 100 writes in the minimum time the limit allows", async () => {
    const { budget, clock } = budgetUnderTest("POST /open-apis/vc/v1/rooms");
    const start = clock.now();
    await Promise.all(
      Array.from({ length: 100 }, () => budget.acquire().then((release) => release())),
    );
    // 100 writes at 20 per minute: the last batch starts after 4 full windows.
    expect(clock.now() - start).toBe(4 * 60_000);
  });

  it("holds every call after the service throttled it, for the time it asked", async () => {
    const { budget, clock } = budgetUnderTest("GET /open-apis/vc/v1/rooms");
    budget.block(5000);
    const waits: string[] = [];
    await budget.acquire((wait) => waits.push(wait.cause));
    expect(clock.waits).toEqual([5000]);
    expect(waits).toEqual(["throttled"]);
  });

  it("serves callers in order", async () => {
    const { budget } = budgetUnderTest("POST /open-apis/vc/v1/rooms", {
      windows: [{ limit: 1, windowMs: 10 }],
    });
    const order: number[] = [];
    await Promise.all(
      [1, 2, 3].map((n) =>
        budget.acquire().then((release) => {
          order.push(n);
          release();
        }),
      ),
    );
    expect(order).toEqual([1, 2, 3]);
  });
});
