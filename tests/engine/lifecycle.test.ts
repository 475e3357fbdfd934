/**
 * The lifecycle of RoomLevel, Room and ScopeConfig on the real Pulumi engine against a real
 * emulator process (issue 4), modelled on Pulumi's own provider lifecycle tests: create,
 * idempotent re-run, drift and repair, in-place edits, adoption, destroy order, and secrets.
 * Steps run in order on one stack; each asserts what the engine did and what the tenant holds.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";
import type { PreviewResult, UpResult } from "@pulumi/pulumi/automation";
import type { FeishuVcClient } from "../../provider/client";
import { createClient } from "../../provider/client";
import type { EmulatorControl } from "../../tools/harness/emulator-process";
import {
  createEngineStack,
  emulatorConfig,
  type EngineStack,
} from "../../tools/harness/engine-stack";
import {
  baseDeclaration,
  editedDeclaration,
  type Declaration,
} from "./programs/declaration/declarations";

const RATE_LIMIT_SCALE = 60;
const APP_SECRET = "lifecycle-secret-Zq7uV2"; // distinctive, so a leak is easy to find

interface TenantLevel {
  room_level_id: string;
  name: string;
  parent_id: string;
  custom_group_id?: string;
}
interface TenantRoom {
  room_id: string;
  name: string;
  capacity?: number;
  room_level_id: string;
  custom_room_id?: string;
  device?: { name: string }[];
  room_status?: { status: boolean; disable_start_time?: string; disable_end_time?: string };
}

let engine: EngineStack;
let control: EmulatorControl;
let client: FeishuVcClient;
const callsPerStep: Record<string, Record<string, number>> = {};

async function declare(spec: Declaration): Promise<void> {
  await engine.stack.setConfig("declaration:spec", { value: JSON.stringify(spec) });
}

/** API calls made since the last call of this function, recorded under `step`. */
async function recordCalls(step: string): Promise<Record<string, number>> {
  const { calls } = await control.stats();
  await control.resetStats();
  const made = Object.fromEntries(Object.entries(calls).filter(([, count]) => count > 0));
  callsPerStep[step] = made;
  return made;
}

/** Every file under `dir`, concatenated (gzip-compressed checkpoints are inflated). */
function readTree(dir: string): string {
  let out = "";
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) out += readTree(file);
    else {
      const raw = fs.readFileSync(file);
      out += file.endsWith(".gz") ? zlib.gunzipSync(raw).toString("utf8") : raw.toString("utf8");
    }
  }
  return out;
}

const total = (calls: Record<string, number>): number =>
  Object.values(calls).reduce((a, b) => a + b, 0);

async function tenantLevels(): Promise<TenantLevel[]> {
  const root = await client.roomLevels.root();
  const all: TenantLevel[] = [];
  const walk = async (parent: string): Promise<void> => {
    for (const level of await client.roomLevels.listAll(parent)) {
      all.push(level);
      await walk(level.room_level_id);
    }
  };
  await walk(root.room_level_id);
  return all;
}

async function tenantRooms(): Promise<TenantRoom[]> {
  return client.rooms.listAll();
}

function byCustomId<T extends { custom_group_id?: string; custom_room_id?: string }>(
  items: T[],
): Record<string, T> {
  return Object.fromEntries(
    items.map((item) => [item.custom_group_id ?? item.custom_room_id ?? "", item]),
  );
}

/** Asserts the tenant holds exactly the declaration: every level and room, parents and fields. */
async function expectTenantToMatch(spec: Declaration): Promise<void> {
  const levels = byCustomId(await tenantLevels());
  const rooms = byCustomId(await tenantRooms());
  expect(Object.keys(levels).sort()).toEqual(spec.levels.map((l) => l.customGroupId).sort());
  expect(Object.keys(rooms).sort()).toEqual(spec.rooms.map((r) => r.customRoomId).sort());
  for (const level of spec.levels) {
    const live = levels[level.customGroupId]!;
    expect(live.name).toBe(level.name);
    if (level.parent) expect(live.parent_id).toBe(levels[level.parent]!.room_level_id);
  }
  for (const room of spec.rooms) {
    const live = rooms[room.customRoomId]!;
    expect({ name: live.name, capacity: live.capacity, level: live.room_level_id }).toEqual({
      name: room.name,
      capacity: room.capacity,
      level: levels[room.level]!.room_level_id,
    });
    if (room.devices) expect(live.device).toEqual(room.devices);
    if (room.status) expect(live.room_status?.status).toBe(room.status.enabled);
  }
}

function changes(result: UpResult | PreviewResult): Record<string, number> {
  const summary = "summary" in result ? result.summary.resourceChanges : result.changeSummary;
  return Object.fromEntries(
    Object.entries(summary ?? {}).filter(([op, n]) => op !== "same" && (n ?? 0) > 0),
  );
}

beforeAll(async () => {
  engine = await createEngineStack({
    program: "declaration",
    emulator: { rateLimitScale: RATE_LIMIT_SCALE, appSecret: APP_SECRET },
    config: ({ emulator }) => ({
      ...emulatorConfig(emulator!, RATE_LIMIT_SCALE),
    }),
  });
  control = engine.emulator!.control;
  client = createClient({
    appId: engine.emulator!.appId,
    appSecret: engine.emulator!.appSecret,
    baseUrl: engine.emulator!.url,
    rateLimitScale: RATE_LIMIT_SCALE,
  });
  await declare(baseDeclaration);
  await control.resetStats();
});

afterAll(async () => {
  // Figures for the closing note: API calls per step, by endpoint.
  process.stdout.write(
    `\nAPI calls per lifecycle step:\n${JSON.stringify(callsPerStep, null, 2)}\n`,
  );
  await engine?.dispose();
});

describe("RoomLevel, Room and ScopeConfig through the real engine", () => {
  it("1. up creates everything, and the tenant holds exactly the declaration", async () => {
    const result = await engine.up();
    expect(changes(result)).toEqual({
      create:
        1 +
        baseDeclaration.levels.length +
        baseDeclaration.rooms.length +
        baseDeclaration.configs.length,
    });
    await expectTenantToMatch(baseDeclaration);
    const state = await engine.exportState();
    const types = new Set(state.map((r) => r.type));
    expect(types).toEqual(
      new Set([
        "pulumi:pulumi:Stack",
        "pulumi:providers:pulumi-nodejs",
        "pulumi-nodejs:dynamic/feishu-vc:RoomLevel",
        "pulumi-nodejs:dynamic/feishu-vc:Room",
        "pulumi-nodejs:dynamic/feishu-vc:ScopeConfig",
      ]),
    );
    const providerSizes = state
      .filter((r) => typeof r.inputs.__provider === "string")
      .map((r) => (r.inputs.__provider as string).length);
    process.stdout.write(
      `serialized __provider per resource: ${Math.min(...providerSizes)}-${Math.max(...providerSizes)} chars\n`,
    );
    expect(Math.max(...providerSizes)).toBeLessThan(4096);
    await recordCalls("1 up (create)");
  });

  it("2. a second up, preview and refresh all report no changes, and up makes no API call", async () => {
    const second = await engine.up();
    expect(changes(second)).toEqual({});
    expect(total(await recordCalls("2 second up"))).toBe(0);
    await engine.stack.preview({ expectNoChanges: true });
    await engine.stack.refresh({ expectNoChanges: true });
    await recordCalls("2 preview + refresh");
  });

  it("3. out-of-band edits show as drift in preview --refresh, and up --refresh puts them back", async () => {
    const rooms = byCustomId(await tenantRooms());
    const levels = byCustomId(await tenantLevels());
    await client.rooms.patch(rooms["k2"]!.room_id, { name: "K2 (renamed by hand)" });
    await client.rooms.patch(rooms["olympus"]!.room_id, { capacity: 40 });
    await client.rooms.patch(rooms["denali"]!.room_id, {
      room_status: { status: false, disable_reason: "by hand" },
    });
    await client.scopeConfig.set({
      scope_type: 1,
      scope_id: levels["b1"]!.room_level_id,
      scope_config: { room_background: "https://hand.example/bg.png" },
    });
    await client.rooms.delete(rooms["fuji"]!.room_id);
    await control.resetStats();

    let previewOutput = "";
    const preview = await engine.stack.preview({
      refresh: true,
      diff: true,
      onOutput: (t) => (previewOutput += t),
    });
    expect(changes(preview)).toEqual({ update: 4, create: 1 });
    expect(previewOutput).toMatch(/K2 \(renamed by hand\)/);
    expect(previewOutput).toMatch(/capacity\s*:\s*40\s*=>\s*4/);
    expect(previewOutput).toMatch(/hand\.example/);
    await recordCalls("3 preview --refresh");

    const repaired = await engine.stack.up({ refresh: true });
    expect(changes(repaired)).toEqual({ update: 4, create: 1 });
    await expectTenantToMatch(baseDeclaration);
    const b1Config = await client.scopeConfig.get({
      scope_type: 1,
      scope_id: levels["b1"]!.room_level_id,
    });
    expect(b1Config.origin_configs?.[0]?.scope_config?.room_background).toBe(
      "https://example.com/b1.png",
    );
    await recordCalls("3 up --refresh (repair)");
  });

  it("4. edits in code (rename, move a room, move a floor, devices and status) update in place", async () => {
    const before = await engine.stack.outputs();
    await declare(editedDeclaration);
    const result = await engine.up();
    expect(changes(result)).toEqual({ update: 4 });
    const after = await engine.stack.outputs();
    expect(after.roomIds?.value).toEqual(before.roomIds?.value);
    expect(after.levelIds?.value).toEqual(before.levelIds?.value);
    await expectTenantToMatch(editedDeclaration);
    const fuji = byCustomId(await tenantRooms())["fuji"]!;
    expect(fuji.room_status).toMatchObject({
      status: false,
      disable_start_time: "1893456000",
      disable_end_time: "0",
    });
    await recordCalls("4 up (4 edits)");
  });

  it("5. the app secret appears nowhere in the exported state or the engine output", async () => {
    // What `pulumi stack export` prints (exportStack() of the Automation API decrypts secrets) and
    // every file of the backend: checkpoints, history and backups.
    const stored = readTree(path.join(engine.tempDir, "state"));
    expect(stored.length).toBeGreaterThan(1000);
    expect(stored).not.toContain(APP_SECRET);
    expect(stored).toContain("ciphertext");
    const deployment = JSON.stringify(await engine.stack.exportStack());
    // The engine's default provider keeps the stack config, the secret as an encrypted value:
    // only that entry may hold it (decrypted by exportStack); no resource does.
    const resources = (JSON.parse(deployment) as { deployment: { resources: { type: string }[] } })
      .deployment.resources;
    expect(
      JSON.stringify(resources.filter((r) => r.type !== "pulumi:providers:pulumi-nodejs")),
    ).not.toContain(APP_SECRET);
    expect(engine.output).not.toContain(APP_SECRET);
    expect(deployment).not.toMatch(/t-[0-9a-f]{20,}/);
    expect(engine.output).not.toMatch(/t-[0-9a-f]{20,}/);
  });
  it("6. destroy leaves none of the managed objects, deleting children before parents", async () => {
    // The emulator refuses to delete a level that still has children (404/125001) and no level
    // asks for cascadeDelete, so a successful destroy proves the dependency order.
    const result = await engine.destroy();
    expect(result.summary.result).toBe("succeeded");
    expect(await tenantLevels()).toEqual([]);
    expect(await tenantRooms()).toEqual([]);
    await recordCalls("6 destroy");
  });
});
