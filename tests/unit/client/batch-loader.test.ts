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
