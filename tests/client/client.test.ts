/**
 * The client against the emulator process: tokens, pagination, pacing at the rate limit, retries,
 * and creates that are never duplicated when their answer is lost.
 */
import { inspect } from "node:util";
import {
  AuthError,
  InvalidRequestError,
  NotFoundError,
  createClient,
  type Device,
  type FeishuVcClient,
} from "../../provider/client";
import { startEmulatorProcess, type EmulatorProcess } from "../../tools/harness/emulator-process";

const TOKEN_KEY = "POST /open-apis/auth/v3/tenant_access_token/internal";
const CREATE_ROOM = "POST /open-apis/vc/v1/rooms";

let emulator: EmulatorProcess;
let unlimited: EmulatorProcess;

beforeAll(async () => {
  [emulator, unlimited] = await Promise.all([
    startEmulatorProcess({ rateLimitScale: 60 }),
    startEmulatorProcess({ noRateLimit: true }),
  ]);
  // Two emulator processes can take more than the default 5 s to start on a busy machine.
}, 30_000);
afterAll(async () => {
  await Promise.all([emulator.stop(), unlimited.stop()]);
});
beforeEach(async () => {
  await Promise.all([emulator.control.resetFaults(), emulator.control.resetStats()]);
});

/** A client with its own token cache and budgets (clients share them only when asked to). */
function clientFor(
  target: EmulatorProcess,
  extra: Partial<Parameters<typeof createClient>[0]> = {},
): FeishuVcClient {
  return createClient({
    appId: target.appId,
    appSecret: target.appSecret,
    baseUrl: target.url,
    // The unlimited emulator stands for a service without limits: no client-side pacing either.
    ...(target === emulator ? { rateLimitScale: 60 } : { rateLimit: false }),
    clock: { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) },
    ...extra,
  });
}

async function newLevel(
  client: FeishuVcClient,
  name: string,
  customGroupId?: string,
): Promise<string> {
  const root = await client.roomLevels.root();
  const level = await client.roomLevels.create({
    name,
    parent_id: root.room_level_id,
    ...(customGroupId === undefined ? {} : { custom_group_id: customGroupId }),
  });
  return level.room_level_id;
}

describe("client against the emulator", () => {
  it("fetches the tenant token once and reuses it across calls", async () => {
    const client = clientFor(emulator);
    await client.roomLevels.root();
    await client.roomLevels.listAll();
    await client.rooms.listAll();
    expect((await emulator.control.stats()).calls[TOKEN_KEY]).toBe(1);
  });

  it("shares one token between clients only when they ask for process-wide state", async () => {
    const shared = { shareProcessState: true };
    await clientFor(emulator, shared).roomLevels.root();
    await clientFor(emulator, shared).roomLevels.root();
    expect((await emulator.control.stats()).calls[TOKEN_KEY]).toBe(1);
    await clientFor(emulator).roomLevels.root();
    await clientFor(emulator).roomLevels.root();
    expect((await emulator.control.stats()).calls[TOKEN_KEY]).toBe(3);
  });

  it("refreshes an expired token once and retries the call", async () => {
    const client = clientFor(emulator);
    await client.roomLevels.root();
    await emulator.control.expireTokens();
    await expect(client.roomLevels.root()).resolves.toMatchObject({ parent_id: "" });
    expect((await emulator.control.stats()).calls[TOKEN_KEY]).toBe(2);
  });

  it("reports wrong credentials as an AuthError that does not contain the secret", async () => {
    const secret = "definitely-wrong-secret-4711";
    const client = clientFor(emulator, { appSecret: secret });
    const error = await client.roomLevels.root().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe(10014);
    expect(String((error as Error).message)).not.toContain(secret);
    expect(JSON.stringify(error)).not.toContain(secret);
  });

  it("keeps the app secret out of an error whose violations echo it back", async () => {
    const client = clientFor(emulator);
    const level = await newLevel(client, "Echo", "client-echo");
    // The emulator echoes a rejected value in `field_violations[].value` (reference 1.3); the
    // app secret is caught there only by the exact-value layer the client registers it in.
    const error = await client.rooms
      .create({
        name: "Echo",
        capacity: 2,
        room_level_id: level,
        device: emulator.appSecret as unknown as Device[],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    const apiError = error as InvalidRequestError;
    expect(apiError.fieldViolations).toEqual([
      expect.objectContaining({ field: "device", value: "[REDACTED]" }),
    ]);
    for (const printed of [inspect(error, { depth: 10 }), JSON.stringify(error), String(error)])
      expect(printed).not.toContain(emulator.appSecret);
    await client.roomLevels.del(level);
  });

  it("creates, reads, moves, patches and deletes levels and rooms", async () => {
    const client = clientFor(emulator);
    const a = await newLevel(client, "Client A", "client-a");
    const b = await newLevel(client, "Client B", "client-b");
    const room = await client.rooms.create({
      name: "Lhotse",
      capacity: 8,
      room_level_id: a,
      custom_room_id: "client-lhotse",
      device: [{ name: "TV" }],
      room_status: { status: true },
    });
    expect(room.room_id).toMatch(/^omm_[0-9a-f]{32}$/);
    await client.rooms.patch(room.room_id, { room_level_id: b, capacity: 10 });
    const moved = await client.rooms.get(room.room_id);
    expect(moved).toMatchObject({ room_level_id: b, capacity: 10, device: [{ name: "TV" }] });
    expect(moved.path?.at(-1)).toBe(b);
    expect(await client.roomLevels.searchByCustomIds(["client-b", "nope", "client-a"])).toEqual([
      b,
      a,
    ]);
    await client.rooms.delete(room.room_id);
    await expect(client.rooms.get(room.room_id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.rooms.find(room.room_id)).resolves.toBeUndefined();
    await client.roomLevels.del(a);
    await client.roomLevels.del(b);
  });

  it("sets and reads scope configuration", async () => {
    const client = clientFor(emulator);
    const level = await newLevel(client, "Client config", "client-config");
    await client.scopeConfig.set({
      scope_type: 1,
      scope_id: level,
      scope_config: { room_background: "https://example.com/a.png" },
    });
    const view = await client.scopeConfig.get({ scope_type: 1, scope_id: level });
    expect(view.origin_configs?.[0]).toMatchObject({
      scope_id: level,
      scope_config: { room_background: "https://example.com/a.png" },
    });
    await client.roomLevels.del(level);
  });

  it("walks page_token to the end of a list longer than one page", async () => {
    const client = clientFor(unlimited);
    const level = await newLevel(client, "Many rooms");
    await Promise.all(
      Array.from({ length: 130 }, (_, i) =>
        client.rooms.create({ name: `Room ${i}`, capacity: 4, room_level_id: level }),
      ),
    );
    const rooms = await client.rooms.listAll(level);
    expect(rooms).toHaveLength(130);
    expect(new Set(rooms.map((r) => r.room_id)).size).toBe(130);
    expect(client.stats().calls["GET /open-apis/vc/v1/rooms"]).toBe(2);
  });

  it("coalesces concurrent lookups into mget batches of 100, and reads a missing room as absent", async () => {
    const client = clientFor(unlimited);
    const ids = (await client.rooms.listAll()).map((r) => r.room_id);
    expect(ids.length).toBeGreaterThanOrEqual(130);
    const found = await Promise.all(
      [...ids.slice(0, 150), "omm_00000000000000000000000000000000"].map((id) =>
        client.rooms.find(id),
      ),
    );
    expect(found.slice(0, 150).every((room, i) => room?.room_id === ids[i])).toBe(true);
    expect(found[150]).toBeUndefined();
    expect(client.stats().calls["POST /open-apis/vc/v1/rooms/mget"]).toBe(2);
  });

  it("paces writes at the documented limit so the service never throttles it", async () => {
    const client = clientFor(emulator);
    const level = await newLevel(client, "Paced", "client-paced");
    // Earlier tests wrote through other clients; let their writes leave the (1 s) window first.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await emulator.control.resetStats();
    const started = Date.now();
    // 45 creates at 20 per (60 s / 60) need at least two full windows.
    await Promise.all(
      Array.from({ length: 45 }, (_, i) =>
        client.rooms.create({ name: `Paced ${i}`, capacity: 2, room_level_id: level }),
      ),
    );
    const elapsed = Date.now() - started;
    const stats = await emulator.control.stats();
    expect(stats.calls[CREATE_ROOM]).toBe(45);
    expect(stats.rateLimited).toBe(0);
    expect(elapsed).toBeGreaterThanOrEqual(2000);
  });

  it("waits out a 429 from another client of the same app instead of failing", async () => {
    const client = clientFor(emulator);
    const level = await newLevel(client, "Throttled", "client-throttled");
    await emulator.control.injectFault({ endpoint: CREATE_ROOM, kind: "rate-limit", times: 2 });
    const room = await client.rooms.create({
      name: "After 429",
      capacity: 3,
      room_level_id: level,
    });
    expect(room.name).toBe("After 429");
    expect(client.stats().rateLimited).toBe(2);
    expect((await client.rooms.listAll(level)).filter((r) => r.name === "After 429")).toHaveLength(
      1,
    );
  });

  it("does not duplicate a room whose create answer was lost", async () => {
    const client = clientFor(emulator);
    const level = await newLevel(client, "Lost answers", "client-lost");
    await emulator.control.injectFault({
      endpoint: CREATE_ROOM,
      kind: "drop-after-commit",
      times: 1,
    });
    const room = await client.rooms.create({
      name: "Dropped",
      capacity: 3,
      room_level_id: level,
      custom_room_id: "client-dropped",
    });
    const inLevel = await client.rooms.listAll(level);
    expect(inLevel.map((r) => r.room_id)).toEqual([room.room_id]);
    expect((await emulator.control.stats()).calls[CREATE_ROOM]).toBe(1);
  });

  it("creates once more only when the lookup proves an internal error applied nothing", async () => {
    const client = clientFor(emulator);
    const level = await newLevel(client, "Internal errors", "client-internal");
    await emulator.control.injectFault({ endpoint: CREATE_ROOM, kind: "internal-error", times: 1 });
    await client.rooms.create({
      name: "Retried",
      capacity: 3,
      room_level_id: level,
      custom_room_id: "client-retried",
    });
    expect(await client.rooms.listAll(level)).toHaveLength(1);
    expect((await emulator.control.stats()).calls[CREATE_ROOM]).toBe(2);
  });

  it("resolves a double fault on create (500, then applied with the answer lost) with one room", async () => {
    const client = clientFor(emulator);
    const level = await newLevel(client, "Double fault", "client-double");
    await emulator.control.injectFault({ endpoint: CREATE_ROOM, kind: "internal-error" });
    await emulator.control.injectFault({ endpoint: CREATE_ROOM, kind: "drop-after-commit" });
    const room = await client.rooms.create({
      name: "Twice unlucky",
      capacity: 3,
      room_level_id: level,
      custom_room_id: "client-double",
    });
    expect((await client.rooms.listAll(level)).map((r) => r.room_id)).toEqual([room.room_id]);
    expect((await emulator.control.stats()).calls[CREATE_ROOM]).toBe(2);
  });

  it("resolves a double fault on a level create with one level", async () => {
    const client = clientFor(emulator);
    const endpoint = "POST /open-apis/vc/v1/room_levels";
    await emulator.control.injectFault({ endpoint, kind: "internal-error" });
    await emulator.control.injectFault({ endpoint, kind: "drop-after-commit" });
    const level = await newLevel(client, "Double fault level", "client-double-level");
    expect(await client.roomLevels.searchByCustomIds(["client-double-level"])).toEqual([level]);
    expect((await emulator.control.stats()).calls[endpoint]).toBe(2);
  });

  it("does not duplicate a level whose create answer was lost", async () => {
    const client = clientFor(emulator);
    await emulator.control.injectFault({
      endpoint: "POST /open-apis/vc/v1/room_levels",
      kind: "drop-after-commit",
      times: 1,
    });
    const level = await newLevel(client, "Dropped level", "client-dropped-level");
    expect(await client.roomLevels.searchByCustomIds(["client-dropped-level"])).toEqual([level]);
  });

  it("retries an idempotent patch after an internal error", async () => {
    const client = clientFor(emulator);
    const level = await newLevel(client, "Patch retry", "client-patch-retry");
    await emulator.control.injectFault({
      endpoint: "PATCH /open-apis/vc/v1/room_levels/:room_level_id",
      kind: "internal-error",
      times: 1,
    });
    const root = await client.roomLevels.root();
    await client.roomLevels.patch(level, { name: "Patched", parent_id: root.room_level_id });
    expect((await client.roomLevels.get(level)).name).toBe("Patched");
    expect(client.stats().retries).toBe(1);
  });
});
