import { TenantTokenSource } from "../../../provider/client/token-source";

describe("tenant token source", () => {
  it("shares one fetch between concurrent callers and reuses the token until 3 minutes before expiry", async () => {
    let now = 0;
    let fetches = 0;
    const source = new TenantTokenSource(
      () => {
        fetches += 1;
        return Promise.resolve({
          token: `t-token-number-${fetches}-aaaaaaaaaaaa`,
          expireSeconds: 7200,
        });
      },
      () => now,
    );
    const tokens = await Promise.all([source.get(), source.get(), source.get()]);
    expect(new Set(tokens).size).toBe(1);
    expect(fetches).toBe(1);
    now = 7200_000 - 180_001;
    await source.get();
    expect(fetches).toBe(1);
    now = 7200_000 - 180_000;
    expect(await source.get()).toBe("t-token-number-2-aaaaaaaaaaaa");
    expect(fetches).toBe(2);
  });

  it("fetches again after the token is invalidated, but ignores a stale invalidation", async () => {
    let fetches = 0;
    const source = new TenantTokenSource(
      () => Promise.resolve({ token: `t-${++fetches}-bbbbbbbbbbbbbbbbbbbb`, expireSeconds: 7200 }),
      () => 0,
    );
    const first = await source.get();
    source.invalidate(first);
    const second = await source.get();
    expect(second).not.toBe(first);
    source.invalidate(first);
    expect(await source.get()).toBe(second);
  });

  it("does not cache a failed fetch", async () => {
    let calls = 0;
    const source = new TenantTokenSource(
      () => {
        calls += 1;
        return calls === 1
          ? Promise.reject(new Error("down"))
          : Promise.resolve({ token: "t-cccccccccccccccccccc", expireSeconds: 60 });
      },
      () => 0,
    );
    await expect(source.get()).rejects.toThrow("down");
    await expect(source.get()).resolves.toBe("t-cccccccccccccccccccc");
  });
});
