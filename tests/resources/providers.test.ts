/**
 * Provider methods called directly against a real emulator process: fast feedback on what each
 * method sends and records. Engine-level behaviour (ordering, refresh, state) is proven by the
 * engine suite, not here.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { createClient, isFeishuVcError, type FeishuVcClient } from "../../provider/client";
import { CAPACITY_MAX, CAPACITY_MIN } from "../../provider/resources/limits";
import { configureProvider, resetProviderRuntime } from "../../provider/resources/provider-runtime";
import type { RoomLevelState } from "../../provider/resources/room-level";
import { roomLevelProvider } from "../../provider/resources/room-level";
import type { RoomState } from "../../provider/resources/room";
import { roomProvider } from "../../provider/resources/room";
import { scopeConfigProvider } from "../../provider/resources/scope-config";
import type { EmulatorProcess } from "../../tools/harness/emulator-process";
import { startEmulatorProcess } from "../../tools/harness/emulator-process";

let emulator: EmulatorProcess;

/** A client of its own, to see what the service stores (and to change it out of band). */
function directClient(): FeishuVcClient {
  return createClient({
    appId: emulator.appId,
    appSecret: emulator.appSecret,
    baseUrl: emulator.url,
  });
}

function configFor(values: Record<string, string>): dynamic.ConfigureRequest {
  return { config: { get: (key) => values[key], require: (key) => values[key] ?? "" } };
}

beforeAll(async () => {
  emulator = await startEmulatorProcess({ rateLimitScale: 60 });
});
afterAll(async () => {
  await emulator.stop();
});
beforeEach(() => {
  resetProviderRuntime();
  configureProvider(
    configFor({
      "feishu-vc:appId": emulator.appId,
      "feishu-vc:appSecret": emulator.appSecret,
      "feishu-vc:baseUrl": emulator.url,
      "feishu-vc:rateLimitScale": "60",
    }),
    {},
  );
});

interface WireLevel {
  room_level_id: string;
  name: string;
  parent_id: string;
  custom_group_id?: string;
}

/** What the tenant holds, read over the wire as the app (API reference 1.4, 2.2.2). */
async function apiGet(apiPath: string): Promise<{ room_level?: WireLevel }> {
  const auth = await fetch(`${emulator.url}/open-apis/auth/v3/tenant_access_token/internal`, {
    method: "POST",
    headers: { "content-type": "application/json; charset=utf-8" },
    body: JSON.stringify({ app_id: emulator.appId, app_secret: emulator.appSecret }),
  });
  const { tenant_access_token: token } = (await auth.json()) as { tenant_access_token: string };
  const response = await fetch(`${emulator.url}${apiPath}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const body = (await response.json()) as { code: number; data?: { room_level?: WireLevel } };
  expect(body.code).toBe(0);
  return body.data ?? {};
}

async function createLevel(
  inputs: Record<string, unknown>,
): Promise<{ id: string; outs: RoomLevelState }> {
  const checked = await roomLevelProvider.check!({}, inputs);
  expect(checked.failures).toEqual([]);
  return roomLevelProvider.create(checked.inputs) as Promise<{ id: string; outs: RoomLevelState }>;
}

async function createRoom(
  inputs: Record<string, unknown>,
): Promise<{ id: string; outs: RoomState }> {
  const checked = await roomProvider.check!({}, inputs);
  expect(checked.failures).toEqual([]);
  return roomProvider.create(checked.inputs) as Promise<{ id: string; outs: RoomState }>;
}

describe("RoomLevel provider", () => {
  it("creates a top-level level under the real root and records parentId as declared", async () => {
    const { id, outs } = await createLevel({ name: "Campus A", customGroupId: "p-campus-a" });
    const root = (await apiGet("/open-apis/vc/v1/room_levels/0")).room_level;
    const created = (await apiGet(`/open-apis/vc/v1/room_levels/${id}`)).room_level;
    expect(created).toMatchObject({
      room_level_id: id,
      name: "Campus A",
      custom_group_id: "p-campus-a",
      parent_id: root!.room_level_id,
    });
    expect(id).toMatch(/^omb_/);
    expect(outs.parentId).toBe("0");
    expect(outs.parentLevelId).toBe(root!.room_level_id);
    expect(outs.path).toEqual([outs.parentLevelId]);
  });

  it("reads back exactly the state it created, so a refresh of an untouched level is clean", async () => {
    const { id, outs } = await createLevel({ name: "Campus B", customGroupId: "p-campus-b" });
    const read = await roomLevelProvider.read!(id, outs);
    expect(read.id).toBe(id);
    expect(read.props).toEqual(outs);
  });

  it("moves a level to another parent in place and keeps its id", async () => {
    const a = await createLevel({ name: "Building 1", customGroupId: "p-b1" });
    const b = await createLevel({ name: "Building 2", customGroupId: "p-b2" });
    const floor = await createLevel({ name: "F1", parentId: a.id, customGroupId: "p-b1-f1" });
    const news = { name: "F1", parentId: b.id, customGroupId: "p-b1-f1" };
    const diff = await roomLevelProvider.diff!(floor.id, floor.outs, news);
    expect(diff).toMatchObject({ changes: true, replaces: [] });
    const updated = await roomLevelProvider.update!(floor.id, floor.outs, news);
    expect(updated.outs).toMatchObject({
      roomLevelId: floor.id,
      parentId: b.id,
      path: [a.outs.parentLevelId, b.id],
    });
  });

  it("refuses to take over an existing custom id unless adopt is set, and names the existing level", async () => {
    const existing = await createLevel({ name: "Old HQ", customGroupId: "p-hq" });
    await expect(createLevel({ name: "HQ", customGroupId: "p-hq" })).rejects.toThrow(
      new RegExp(`customGroupId "p-hq" already exists: ${existing.id}.*adopt: true`),
    );
    const conflict = await createLevel({ name: "HQ", customGroupId: "p-hq" }).catch(
      (error: unknown) => error,
    );
    expect(isFeishuVcError(conflict)).toBe(true);
    const adopted = await createLevel({ name: "HQ", customGroupId: "p-hq", adopt: true });
    expect(adopted.id).toBe(existing.id);
    expect(adopted.outs.name).toBe("HQ");
  });

  it("takes in, without adopt, a level exactly as its own create would write it (an unrecorded create)", async () => {
    const root = await directClient().roomLevels.root();
    const stranded = await directClient().roomLevels.create({
      name: "Stranded",
      parent_id: root.room_level_id,
      custom_group_id: "p-stranded",
    });
    const taken = await createLevel({ name: "Stranded", customGroupId: "p-stranded" });
    expect(taken.id).toBe(stranded.room_level_id);
    expect(taken.outs).toMatchObject({ parentId: "0", parentLevelId: root.room_level_id });
    expect(await directClient().roomLevels.searchByCustomIds(["p-stranded"])).toEqual([taken.id]);
    // Under another parent it is someone else's level: refused, named, not moved.
    const other = await createLevel({ name: "Elsewhere", customGroupId: "p-elsewhere" });
    await expect(
      createLevel({ name: "Stranded", parentId: other.id, customGroupId: "p-stranded" }),
    ).rejects.toThrow(/already exists: .*differs from the declaration in parent.*adopt: true/);
  });

  it("reads a level deleted out of band as gone", async () => {
    const { id, outs } = await createLevel({ name: "Temp", customGroupId: "p-temp" });
    await roomLevelProvider.delete!(id, outs);
    expect(await roomLevelProvider.read!(id, outs)).toEqual({});
    await expect(roomLevelProvider.delete!(id, outs)).resolves.toBeUndefined();
  });

  it("does not cascade a delete into undeclared children unless asked", async () => {
    const parent = await createLevel({ name: "Parent", customGroupId: "p-parent" });
    await createLevel({ name: "Child", parentId: parent.id, customGroupId: "p-child" });
    await expect(roomLevelProvider.delete!(parent.id, parent.outs)).rejects.toThrow(
      /cascadeDelete: true/,
    );
    await roomLevelProvider.delete!(parent.id, { ...parent.outs, cascadeDelete: true });
    expect(await roomLevelProvider.read!(parent.id, parent.outs)).toEqual({});
  });

  it("fails check offline with the field named", async () => {
    const result = await roomLevelProvider.check!(
      {},
      { name: "", parentId: 5, adopt: true, colour: "x" },
    );
    expect(result.failures?.map((f) => f.property).sort()).toEqual([
      "adopt",
      "colour",
      "name",
      "parentId",
    ]);
  });
});

describe("Room provider", () => {
  let floorId: string;
  beforeAll(async () => {
    resetProviderRuntime();
    configureProvider(
      configFor({
        "feishu-vc:appId": emulator.appId,
        "feishu-vc:appSecret": emulator.appSecret,
        "feishu-vc:baseUrl": emulator.url,
        "feishu-vc:rateLimitScale": "60",
      }),
      {},
    );
    floorId = (await createLevel({ name: "Room tests", customGroupId: "p-room-tests" })).id;
  });

  const everest = (): Record<string, unknown> => ({
    name: "Everest",
    roomLevelId: floorId,
    capacity: 12,
    description: "South side",
    customRoomId: "p-everest",
    devices: [{ name: "TV" }, { name: "Phone" }],
    status: { enabled: true },
  });

  it("creates a room with every declared field and reads the same state back", async () => {
    const { id, outs } = await createRoom(everest());
    expect(outs).toMatchObject({
      roomId: id,
      capacity: 12,
      devices: [{ name: "TV" }, { name: "Phone" }],
    });
    expect(outs.displayId).toMatch(/^LM\d+/);
    const read = await roomProvider.read!(id, outs);
    expect(read.props).toEqual(outs);
    const diff = await roomProvider.diff!(id, read.props, everest());
    expect(diff.changes).toBe(false);
  });

  it("updates name, capacity, devices and status in place, sending whole status and device lists", async () => {
    const { id, outs } = await createRoom({ ...everest(), customRoomId: "p-everest-2" });
    const news = {
      ...everest(),
      customRoomId: "p-everest-2",
      name: "Everest II",
      capacity: 8,
      devices: [{ name: "Whiteboard" }],
      status: {
        enabled: false,
        disableStartTime: "2030-01-01T00:00:00Z",
        disableEndTime: 0,
        disableReason: "works",
      },
    };
    const checked = (await roomProvider.check!({}, news)).inputs as Record<string, unknown>;
    const diff = await roomProvider.diff!(id, outs, checked);
    expect(diff).toMatchObject({ changes: true, replaces: [] });
    const { outs: updated } = (await roomProvider.update!(id, outs, checked)) as {
      outs: RoomState;
    };
    expect(updated).toMatchObject({
      roomId: id,
      name: "Everest II",
      capacity: 8,
      devices: [{ name: "Whiteboard" }],
      status: {
        enabled: false,
        disableStartTime: "1893456000",
        disableEndTime: "0",
        disableReason: "works",
      },
    });
  });

  it("takes in, without adopt, a room exactly as its own create would write it, and refuses one that differs", async () => {
    const declared = { ...everest(), customRoomId: "p-stranded-room" };
    const stranded = await directClient().rooms.create({
      name: "Everest",
      room_level_id: floorId,
      capacity: 12,
      description: "South side",
      custom_room_id: "p-stranded-room",
      device: [{ name: "TV" }, { name: "Phone" }],
      room_status: { status: true },
    });
    const taken = await createRoom(declared);
    expect(taken.id).toBe(stranded.room_id);
    const handMade = await directClient().rooms.create({
      name: "Everest",
      room_level_id: floorId,
      capacity: 4,
      custom_room_id: "p-hand-made",
    });
    await expect(createRoom({ ...everest(), customRoomId: "p-hand-made" })).rejects.toThrow(
      new RegExp(
        `already exists: ${handMade.room_id}.*in capacity, description, devices, status,.*adopt: true`,
      ),
    );
    expect((await directClient().rooms.get(handMade.room_id)).capacity).toBe(4);
  });

  it("shows a change made out of band as drift after read", async () => {
    const { id, outs } = await createRoom({ ...everest(), customRoomId: "p-everest-3" });
    await directClient().rooms.patch(id, { capacity: 30 });
    const read = await roomProvider.read!(id, outs);
    expect((read.props as RoomState).capacity).toBe(30);
    const diff = await roomProvider.diff!(id, read.props, {
      ...everest(),
      customRoomId: "p-everest-3",
    });
    expect(diff.changes).toBe(true);
  });

  it("updates capacity alone in place: the service stores the new value", async () => {
    const { id, outs } = await createRoom({ ...everest(), customRoomId: "p-everest-4" });
    const news = { ...everest(), customRoomId: "p-everest-4", capacity: 40 };
    const checked = (await roomProvider.check!({}, news)).inputs as Record<string, unknown>;
    expect(await roomProvider.diff!(id, outs, checked)).toMatchObject({
      changes: true,
      replaces: [],
    });
    const { outs: updated } = (await roomProvider.update!(id, outs, checked)) as {
      outs: RoomState;
    };
    expect(updated.capacity).toBe(40);
    expect((await directClient().rooms.get(id)).capacity).toBe(40);
  });

  it("accepts exactly the capacities the service accepts (one set of bounds on both sides)", async () => {
    const { id } = await createRoom({ ...everest(), customRoomId: "p-everest-5" });
    const direct = directClient();
    for (const capacity of [CAPACITY_MIN, CAPACITY_MAX]) {
      const checked = await roomProvider.check!({}, { ...everest(), capacity });
      expect(checked.failures).toEqual([]);
      await direct.rooms.patch(id, { capacity });
    }
    for (const capacity of [CAPACITY_MIN - 1, CAPACITY_MAX + 1]) {
      const checked = await roomProvider.check!({}, { ...everest(), capacity });
      expect(checked.failures?.map((f) => f.property)).toEqual(["capacity"]);
      const refused = await direct.rooms.patch(id, { capacity }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(isFeishuVcError(refused)).toBe(true);
    }
  });

  it("refuses an enabled room with a disable window in check, in the layout validator's words", async () => {
    const result = await roomProvider.check!(
      {},
      { ...everest(), status: { enabled: true, disableStartTime: 100, disableEndTime: 50 } },
    );
    expect(result.failures).toEqual([
      {
        property: "status.disableEndTime",
        reason: "must be after disableStartTime (or 0 for no end)",
      },
      { property: "status.enabled", reason: "must be false when a disable window is given" },
    ]);
  });

  it("rejects an out-of-range capacity and a malformed disable window before any API call", async () => {
    await emulator.control.resetStats();
    const result = await roomProvider.check!(
      {},
      { ...everest(), capacity: 0, status: { enabled: false, disableStartTime: "soon" } },
    );
    expect(result.failures?.map((f) => f.property).sort()).toEqual([
      "capacity",
      "status.disableStartTime",
    ]);
    const stats = await emulator.control.stats();
    expect(Object.values(stats.calls).reduce((a, b) => a + b, 0)).toBe(0);
  });
});

describe("ScopeConfig provider", () => {
  it("sets the managed keys, reads them back, and resets them to inherit on delete", async () => {
    const level = await createLevel({ name: "Config tests", customGroupId: "p-config-tests" });
    const inputs = {
      scopeType: "roomLevel",
      scopeId: level.id,
      config: {
        roomBackground: "https://example.com/bg.png",
        digitalSignage: {
          enable: true,
          startDisplay: 5,
          stopDisplay: 10,
          materials: [
            { name: "Welcome", materialType: 1, url: "https://example.com/w.png", duration: 30 },
          ],
        },
      },
    };
    const checked = await scopeConfigProvider.check!({}, inputs);
    expect(checked.failures).toEqual([]);
    const created = await scopeConfigProvider.create(checked.inputs);
    expect(created.id).toBe(`roomLevel/${level.id}`);
    const read = await scopeConfigProvider.read!(created.id, created.outs);
    expect(read.props).toEqual(created.outs);
    expect((await scopeConfigProvider.diff!(created.id, read.props, checked.inputs)).changes).toBe(
      false,
    );

    await scopeConfigProvider.delete!(created.id, created.outs);
    const after = (await scopeConfigProvider.read!(created.id, created.outs)).props as {
      config: Record<string, unknown>;
    };
    expect((await scopeConfigProvider.diff!(created.id, after, checked.inputs)).changes).toBe(true);
    expect(after.config.roomBackground).toBe("");
  });
});
