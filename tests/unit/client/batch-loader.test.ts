import { BatchLoader, BulkReads, bulkReadsOf } from "../../../provider/client/batch-loader";

interface Item {
  id: string;
}

function loaderWith(maxBatch: number): { loader: BatchLoader<Item>; batches: string[][] } {
  const batches: string[][] = [];
  const loader = new BatchLoader<Item>({
    loadMany: (ids) => {
      batches.push(ids);
      // The service omits unknown ids and answers in its own order.
      return Promise.resolve(
        ids
          .filter((id) => !id.startsWith("gone"))
          .reverse()
          .map((id) => ({ id })),
      );
    },
    idOf: (item) => item.id,
    maxBatch,
    windowMs: 5,
  });
  return { loader, batches };
}

describe("batch loader", () => {
  it("sends lookups made together as one batch and answers each with its own item", async () => {
    const { loader, batches } = loaderWith(100);
    const results = await Promise.all(["a", "b", "gone-c", "a"].map((id) => loader.load(id)));
    expect(batches).toEqual([["a", "b", "gone-c"]]);
    expect(results).toEqual([{ id: "a" }, { id: "b" }, undefined, { id: "a" }]);
  });

  it("never sends more than the batch size at once", async () => {
    const { loader, batches } = loaderWith(100);
    await Promise.all(Array.from({ length: 250 }, (_, i) => loader.load(`r${i}`)));
    expect(batches.map((b) => b.length)).toEqual([100, 100, 50]);
  });

  it("fails every lookup of a failed batch", async () => {
    const loader = new BatchLoader<Item>({
      loadMany: () => Promise.reject(new Error("down")),
      idOf: (item) => item.id,
      maxBatch: 10,
      windowMs: 1,
    });
    await expect(Promise.all([loader.load("a"), loader.load("b")])).rejects.toThrow("down");
  });
});

describe("batch loader timing", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it("keeps a batch open while lookups keep arriving, up to its longest wait", async () => {
    const batches: string[][] = [];
    const loader = new BatchLoader<Item>({
      loadMany: (ids) => {
        batches.push(ids);
        return Promise.resolve(ids.map((id) => ({ id })));
      },
      idOf: (item) => item.id,
      maxBatch: 100,
      windowMs: 10,
      maxWaitMs: 50,
    });
    const lookups: Promise<Item | undefined>[] = [];
    // One lookup every 5 ms (less than the quiet gap) for 80 ms.
    for (let i = 0; i < 16; i += 1) {
      lookups.push(loader.load(`r${i}`));
      jest.advanceTimersByTime(5);
    }
    jest.advanceTimersByTime(20);
    await Promise.all(lookups);
    // The first batch closed at its longest wait (50 ms: 10 lookups), the rest after a gap.
    expect(batches.map((b) => b.length)).toEqual([10, 6]);
  });
});

describe("batch loader quiet gap under load", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function slowBursts(): { loader: BatchLoader<Item>; batches: string[][] } {
    const batches: string[][] = [];
    const loader = new BatchLoader<Item>({
      loadMany: (ids) => {
        batches.push(ids);
        return Promise.resolve(ids.map((id) => ({ id })));
      },
      idOf: (item) => item.id,
      maxBatch: 100,
      windowMs: 10,
      maxWaitMs: 1000,
    });
    return { loader, batches };
  }

  it("widens the gap when a batch it closed was cut short, so later bursts fill one batch", async () => {
    const { loader, batches } = slowBursts();
    const lookups: Promise<Item | undefined>[] = [];
    // Bursts of 5 lookups 15 ms apart (a loaded engine): longer than the 10 ms gap.
    for (let burst = 0; burst < 8; burst += 1) {
      for (let i = 0; i < 5; i += 1) lookups.push(loader.load(`r${burst}-${i}`));
      jest.advanceTimersByTime(15);
    }
    jest.advanceTimersByTime(200);
    await Promise.all(lookups);
    // The first burst closes on the 10 ms gap; the next arrives 5 ms later, so the gap doubles to
    // 20 ms and every later burst joins one batch.
    expect(batches.map((b) => b.length)).toEqual([5, 35]);
  });

  it("starts over at the configured gap after an idle spell", async () => {
    const { loader, batches } = slowBursts();
    const lookups: Promise<Item | undefined>[] = [];
    for (let burst = 0; burst < 3; burst += 1) {
      lookups.push(loader.load(`a${burst}`));
      jest.advanceTimersByTime(15);
    }
    jest.advanceTimersByTime(1000);
    // Idle: a lone lookup now waits the configured 10 ms again, not the widened gap.
    lookups.push(loader.load("b"));
    jest.advanceTimersByTime(10);
    expect(batches.at(-1)).toEqual(["b"]);
    await Promise.all(lookups);
    expect(batches.map((b) => b.length)).toEqual([1, 2, 1]);
  });
});

describe("batch loader in a bulk read", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function bulkLoaders(): {
    rooms: BatchLoader<Item>;
    levels: BatchLoader<Item>;
    batches: string[][];
  } {
    const batches: string[][] = [];
    const reads = new BulkReads();
    const make = (): BatchLoader<Item> =>
      new BatchLoader<Item>({
        loadMany: (ids) => {
          batches.push(ids);
          return Promise.resolve(ids.map((id) => ({ id })));
        },
        idOf: (item) => item.id,
        maxBatch: 100,
        windowMs: 10,
        bulk: { windowMs: 300, reads },
      });
    return { rooms: make(), levels: make(), batches };
  }

  it("a lone lookup keeps the short gap", () => {
    const { rooms, batches } = bulkLoaders();
    void rooms.load("a");
    jest.advanceTimersByTime(10);
    expect(batches).toEqual([["a"]]);
  });

  it("a quarter of a batch waiting widens the gap, so an engine pause does not cut it short", () => {
    const { rooms, batches } = bulkLoaders();
    for (let i = 0; i < 30; i += 1) void rooms.load(`r${i}`);
    // The engine pauses 200 ms (a loaded machine), far past the 10 ms gap, then goes on.
    jest.advanceTimersByTime(200);
    expect(batches).toEqual([]);
    for (let i = 30; i < 100; i += 1) void rooms.load(`r${i}`);
    expect(batches.map((b) => b.length)).toEqual([100]);
  });

  it("after a full batch of one loader, another loader of the client waits the bulk gap too", () => {
    const { rooms, levels, batches } = bulkLoaders();
    for (let i = 0; i < 100; i += 1) void levels.load(`l${i}`);
    void rooms.load("r0");
    jest.advanceTimersByTime(200);
    expect(batches.map((b) => b.length)).toEqual([100]);
    void rooms.load("r1");
    // The last short batch of the bulk read closes once the bulk gap passes with no lookup.
    jest.advanceTimersByTime(300);
    expect(batches.map((b) => b.length)).toEqual([100, 2]);
    // Long after the bulk read a lone lookup has the short gap again.
    jest.advanceTimersByTime(5000);
    void rooms.load("r2");
    jest.advanceTimersByTime(10);
    expect(batches.map((b) => b.length)).toEqual([100, 2, 1]);
  });

  it("shares one tracker per client", () => {
    const client = {};
    expect(bulkReadsOf(client)).toBe(bulkReadsOf(client));
    expect(bulkReadsOf({})).not.toBe(bulkReadsOf(client));
  });
});
