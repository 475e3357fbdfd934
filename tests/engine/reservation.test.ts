/**
 * The Reservation resource on the real engine against the emulator: create, a no-op second up,
 * drift after an out-of-band update, expiry (the emulator's clock) then extension by the next up,
 * an endTime that has passed, replace on owner change, destroy. The password never reaches the
 * state in plain text.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { FeishuVcClient } from "../../provider/client";
import { createClient, isFeishuVcError } from "../../provider/client";
import {
  createEngineStack,
  emulatorConfig,
  type EngineStack,
} from "../../tools/harness/engine-stack";
import type { Declaration, DeclaredReservation } from "./programs/declaration/declarations";

const RATE_LIMIT_SCALE = 60;
const PASSWORD = "864209";
const TYPE_TOKEN = "pulumi-nodejs:dynamic/feishu-vc:Reservation";
let engine: EngineStack;
let client: FeishuVcClient;
let owners: { open_id: string }[];

const iso = (secondsFromNow: number): string =>
  new Date(Date.now() + secondsFromNow * 1000).toISOString().replace(/\.\d+Z$/, "Z");
const endTime = iso(2 * 24 * 3600);

const bridge = (overrides: Partial<DeclaredReservation> = {}): DeclaredReservation => ({
  key: "bridge",
  ownerId: owners[0]!.open_id,
  endTime,
  meetingSettings: { topic: "Incident bridge", password: PASSWORD, autoRecord: true },
  ...overrides,
});

const declare = async (reservations: DeclaredReservation[]): Promise<void> => {
  const declaration: Declaration = { levels: [], rooms: [], configs: [], reservations };
  // Secret, like any config holding a password: this test asserts no plain-text password in state.
  await engine.stack.setConfig("declaration:spec", {
    value: JSON.stringify(declaration),
    secret: true,
  });
};

async function emulatorControl(method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${engine.emulator!.url}/__emulator/${path}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status}`);
  return response.json();
}

/** Every stack state file (and its backups) under a `file://` backend directory. */
function stackFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((name) => name.includes(".pulumi/stacks/") && name.endsWith(".json"))
    .map((name) => path.join(dir, name));
}

async function reserveId(): Promise<string> {
  const outputs = await engine.stack.outputs();
  return (outputs.reserveIds?.value as Record<string, string>).bridge!;
}

async function gone(id: string): Promise<boolean> {
  try {
    await client.reservations.get(id);
    return false;
  } catch (error) {
    if (isFeishuVcError(error) && (error as { code?: number }).code === 121004) return true;
    throw error;
  }
}

beforeAll(async () => {
  engine = await createEngineStack({
    program: "declaration",
    emulator: { rateLimitScale: RATE_LIMIT_SCALE },
    config: ({ emulator }) => emulatorConfig(emulator!, RATE_LIMIT_SCALE),
  });
  client = createClient({
    appId: engine.emulator!.appId,
    appSecret: engine.emulator!.appSecret,
    baseUrl: engine.emulator!.url,
    rateLimitScale: RATE_LIMIT_SCALE,
  });
  owners = ((await emulatorControl("GET", "users")) as { users: { open_id: string }[] }).users;
});

afterAll(async () => {
  await engine?.dispose();
});

describe("Reservation through the real engine", () => {
  it("creates the reservation, keeps the password secret, and a second up changes nothing", async () => {
    await declare([bridge()]);
    const first = await engine.up();
    expect(first.summary.resourceChanges).toMatchObject({ create: 2 });
    const id = await reserveId();
    const live = await client.reservations.get(id);
    expect(live.meeting_settings?.topic).toBe("Incident bridge");
    expect(live.meeting_settings?.auto_record).toBe(true);
    expect(live.password).toBe(PASSWORD);
    expect(live.end_time).toBe(String(Date.parse(endTime) / 1000));
    expect(live.expire_status).toBe(1);

    const state = await engine.exportState();
    const reservation = state.find((r) => r.type === TYPE_TOKEN);
    expect(reservation?.id).toBe(id);
    expect(reservation?.outputs.meetingNo).toBe(live.meeting_no);
    // The stack file as the backend stores it (`exportStack` would decrypt the secrets).
    const exported = stackFiles(path.join(engine.tempDir, "state"))
      .map((file) => fs.readFileSync(file, "utf8"))
      .join("\n");
    expect(exported).toContain(live.meeting_no);
    expect(exported).not.toContain(PASSWORD);
    expect(exported).toContain("4dabf18193072939515e22adb298388d"); // Pulumi's secret signature

    const second = await engine.up();
    expect(second.summary.resourceChanges).toEqual({ same: 2 });
    await engine.stack.preview({ expectNoChanges: true });
  });

  it("reports an out-of-band change as drift and the next up puts the declaration back", async () => {
    const id = await reserveId();
    await client.reservations.update(id, { meeting_settings: { topic: "Renamed by hand" } });
    await engine.refresh();
    const preview = await engine.stack.preview();
    expect(preview.changeSummary).toMatchObject({ update: 1 });
    await engine.up();
    expect((await client.reservations.get(id)).meeting_settings?.topic).toBe("Incident bridge");
    await engine.stack.preview({ expectNoChanges: true });
  });

  it("an expired reservation whose endTime is still ahead is extended by the next up", async () => {
    const id = await reserveId();
    // Out of band, the end is moved to a minute from now; then the emulator's clock passes it.
    await client.reservations.update(id, {
      end_time: String(Math.floor(Date.now() / 1000) + 60),
    });
    await emulatorControl("POST", "clock", { advance_seconds: 120 });
    expect((await client.reservations.get(id)).expire_status).toBe(2);

    await engine.refresh();
    const state = await engine.exportState();
    expect(state.find((r) => r.type === TYPE_TOKEN)?.outputs.expired).toBe(true);
    expect((await engine.stack.preview()).changeSummary).toMatchObject({ update: 1 });

    await engine.up();
    const live = await client.reservations.get(id);
    expect(live.expire_status).toBe(1);
    expect(live.end_time).toBe(String(Date.parse(endTime) / 1000));
    await engine.stack.preview({ expectNoChanges: true });
  });

  it("an endTime that has passed fails before any call, saying to move endTime", async () => {
    await declare([bridge({ endTime: iso(-3600) })]);
    await engine.emulator!.control.resetStats();
    const failure = await engine.up().then(
      () => "",
      (error: unknown) => String(error),
    );
    expect(failure).toMatch(/endTime .*has passed .*move endTime/);
    expect(failure).not.toContain(PASSWORD);
    const stats = await engine.emulator!.control.stats();
    expect(Object.keys(stats.calls).filter((key) => key.includes("reserves"))).toEqual([]);
    await declare([bridge({ endTime: iso(40 * 24 * 3600) })]);
    await expect(engine.preview()).rejects.toThrow(/endTime .*must be at most 30 days ahead/);
  });

  it("replaces the reservation when the owner changes, then destroy deletes it", async () => {
    const before = await reserveId();
    await declare([bridge({ ownerId: owners[1]!.open_id })]);
    const replaced = await engine.up();
    expect(replaced.summary.resourceChanges).toMatchObject({ replace: 1 });
    const after = await reserveId();
    expect(after).not.toBe(before);
    expect(await gone(before)).toBe(true);
    expect((await client.reservations.get(after)).reserve_user_id).toBe(owners[1]!.open_id);

    await engine.destroy();
    expect(await gone(after)).toBe(true);
  });
});
