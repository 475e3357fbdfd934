import { BatchLoader } from "../../../provider/client/batch-loader";

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
