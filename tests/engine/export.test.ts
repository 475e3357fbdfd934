/**
 * `feishu-vc export` on a tenant populated through the API (3 levels deep, 50 rooms, scope
 * configs, some objects without custom ids), then `pulumi up` of the exported layout with
 * adoption through the real engine: nothing created in the tenant, nothing replaced or updated,
 * no write at all; a second `up` changes nothing.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { createClient, type FeishuVcClient } from "../../provider/client";
import { loadLayout } from "../../provider/layout";
import type { EmulatorControl } from "../../tools/harness/emulator-process";
import { runCli } from "../helpers/cli";
import {
  createEngineStack,
  emulatorConfig,
  REPO_ROOT,
  type EngineStack,
} from "../../tools/harness/engine-stack";

const RATE_LIMIT_SCALE = 60;

let engine: EngineStack;
let control: EmulatorControl;
let client: FeishuVcClient;
let cliEnv: Record<string, string>;
let layoutFile: string;

const changes = (summary: Record<string, number> | undefined): Record<string, number> =>
  Object.fromEntries(Object.entries(summary ?? {}).filter(([op, n]) => op !== "same" && n > 0));

const writes = (calls: Record<string, number>): Record<string, number> =>
  Object.fromEntries(
    Object.entries(calls).filter(
      ([endpoint, n]) => n > 0 && !endpoint.startsWith("GET") && !/\/mget|\/auth\//.test(endpoint),
    ),
  );

/** Campus > 2 buildings > 2 floors each; 50 rooms over the 4 floors; configs on 4 scopes. */
async function populate(): Promise<{ levels: number; rooms: number }> {
  const root = await client.roomLevels.root();
  const campus = await client.roomLevels.create({
    name: "Shenzhen Campus",
    parent_id: root.room_level_id,
    custom_group_id: "sz",
  });
  let rooms = 0;
  let levels = 1;
  for (const b of [1, 2]) {
    const building = await client.roomLevels.create({
      name: `Tower ${b}`,
      parent_id: campus.room_level_id,
      // Tower 2 was made in the admin console: no custom id.
      ...(b === 1 ? { custom_group_id: "sz-t1" } : {}),
    });
    levels += 1;
    for (const f of [1, 2]) {
      const floor = await client.roomLevels.create({
        name: `T${b} Floor ${f}`,
        parent_id: building.room_level_id,
        custom_group_id: `SZ_T${b}_F${f}`, // not a valid layout key: kept as customGroupId
      });
      levels += 1;
      const perFloor = b === 1 && f === 1 ? 14 : 12;
      for (let r = 1; r <= perFloor; r += 1) {
        const withId = !(b === 2 && f === 2 && r <= 2);
        await client.rooms.create({
          name: `T${b}-${f}0${String(r).padStart(2, "0")}`,
          room_level_id: floor.room_level_id,
          capacity: 4 + ((r * 3) % 17),
          ...(withId ? { custom_room_id: `t${b}-f${f}-r${r}` } : {}),
          ...(r % 4 === 0 ? { description: "Whiteboard wall" } : {}),
          ...(r % 3 === 0 ? { device: [{ name: "TV" }, { name: "Phone" }] } : {}),
          ...(r === 5
            ? {
                room_status: {
                  status: false,
                  disable_start_time: "1893456000",
                  disable_end_time: "1893542400",
                  disable_reason: "Renovation",
                },
              }
            : {}),
        });
        rooms += 1;
      }
      if (b === 1 && f === 2) {
        await client.scopeConfig.set({
          scope_type: 1,
          scope_id: floor.room_level_id,
          scope_config: {
            room_background: "https://example.com/t1f2.png",
            digital_signage: { enable: true, mute: true, start_display: 5, stop_display: 10 },
          },
        });
      }
    }
    if (b === 2) {
      await client.scopeConfig.set({
        scope_type: 1,
        scope_id: building.room_level_id,
        scope_config: { display_background: "https://example.com/tower2-door.png" },
      });
    }
  }
  const [first] = await client.rooms.listAll();
  await client.scopeConfig.set({
    scope_type: 2,
    scope_id: first!.room_id,
    scope_config: {
      room_status: { status: false, disable_start_time: "1893456000", disable_end_time: "0" },
    },
  });
  return { levels, rooms };
}

beforeAll(async () => {
  engine = await createEngineStack({
    program: REPO_ROOT,
    emulator: { rateLimitScale: RATE_LIMIT_SCALE },
    config: ({ emulator, tempDir }) => {
      layoutFile = path.join(tempDir, "exported.yaml");
      return {
        "feishu-vc:layout": layoutFile,
        ...emulatorConfig(emulator!, RATE_LIMIT_SCALE),
      };
    },
  });
  const emulator = engine.emulator!;
  control = emulator.control;
  client = createClient({
    appId: emulator.appId,
    appSecret: emulator.appSecret,
    baseUrl: emulator.url,
    rateLimitScale: RATE_LIMIT_SCALE,
  });
  cliEnv = {
    FEISHU_APP_ID: emulator.appId,
    FEISHU_APP_SECRET: emulator.appSecret,
    FEISHU_BASE_URL: emulator.url,
    FEISHU_VC_RATE_LIMIT_SCALE: String(RATE_LIMIT_SCALE),
  };
});
afterAll(async () => {
  await engine?.dispose();
});

describe("export of a live tenant, then up with adoption", () => {
  let populated: { levels: number; rooms: number };

  it("refuses to write a layout while objects have no custom id, naming them", async () => {
    populated = await populate();
    expect(populated).toEqual({ levels: 7, rooms: 50 });
    await control.resetStats();
    const result = await runCli(["export", "--out", layoutFile], { env: cliEnv });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("RoomLevel");
    expect(result.stderr).toContain('("Tower 2") has no custom id');
    expect(result.stderr).toContain('("T2-2001") has no custom id');
    expect(result.stderr).toContain("3 object(s) without a custom id; nothing written");
    expect(fs.existsSync(layoutFile)).toBe(false);
    expect(writes((await control.stats()).calls)).toEqual({});
  });

  it("exports every level, room and config with --assign-custom-ids, as a valid layout", async () => {
    const result = await runCli(["export", "--out", layoutFile, "--assign-custom-ids"], {
      env: cliEnv,
    });
    expect(result.stderr).toContain("export: 7 levels, 50 rooms, 3 configs; 3 custom ids assigned");
    expect(result.code).toBe(0);
    const layout = loadLayout(layoutFile);
    expect(layout.defaults).toEqual({ adopt: true });
    const text = fs.readFileSync(layoutFile, "utf8");
    expect(text.startsWith("# yaml-language-server: $schema=")).toBe(true);
    expect(text).toContain("customGroupId: SZ_T1_F1");
    expect(text).toContain("disableReason: Renovation");
    expect(text).toContain("roomBackground: https://example.com/t1f2.png");

    // The exported tree has the tenant's shape.
    const campus = layout.levels[0]!;
    expect(layout.levels).toHaveLength(1);
    expect(campus).toMatchObject({ key: "sz", name: "Shenzhen Campus" });
    expect(campus.levels!.map((l) => l.name)).toEqual(["Tower 1", "Tower 2"]);
    const floors = campus.levels!.flatMap((b) => b.levels ?? []);
    expect(floors.map((f) => f.rooms?.length)).toEqual([14, 12, 12, 12]);
    const renovating = floors[0]!.rooms!.find((r) => r.name === "T1-1005")!;
    expect(renovating.status).toEqual({
      enabled: false,
      disableStartTime: 1893456000,
      disableEndTime: 1893542400,
      disableReason: "Renovation",
    });
    // Exported again, the assigned custom ids are the objects' own: nothing left to assign.
    const again = await runCli(["export"], { env: cliEnv });
    expect(again.code).toBe(0);
    expect(again.stderr).not.toContain("custom ids assigned");
    expect(again.stdout.split("\n").slice(2).join("\n")).toBe(text.split("\n").slice(2).join("\n"));
  });

  it("adopts the exported layout: zero writes, no replace, no update, then a no-op up", async () => {
    const before = await control.state();
    await control.resetStats();
    const result = await engine.up();
    // Adoption happens in the provider's create: the engine counts a step per newly managed
    // object, while the tenant sees only reads (no create, patch or config write).
    const steps = changes(result.summary.resourceChanges);
    expect(steps).toEqual({ create: 1 + populated.levels + populated.rooms + 3 }); // + the stack
    expect(writes((await control.stats()).calls)).toEqual({});
    expect(await control.state()).toEqual(before);
    expect(result.outputs.counts?.value).toEqual({ levels: 7, rooms: 50, configs: 3 });

    const second = await engine.up();
    expect(changes(second.summary.resourceChanges)).toEqual({});
    const preview = await engine.stack.preview({ refresh: true });
    expect(changes(preview.changeSummary)).toEqual({});
  });
});
