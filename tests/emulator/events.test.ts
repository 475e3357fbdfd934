/**
 * Event delivery (reference 2.6, 2.6.1): the official SDK's EventDispatcher, unchanged, answers
 * the emulator's handshake and decrypts, verifies and routes its deliveries; retries keep the
 * event_id and reach a subscriber that was down.
 */
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access,
   @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return --
   the deliveries are untyped wire JSON, probed field by field; each probe is an expect(). */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as lark from "@larksuiteoapi/node-sdk";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { startEventReceiver, type EventEnvelope, type RunningReceiver } from "../../provider";

const KEY = "test-encrypt-key";
const TOKEN = "test-verification-token";

let emulator: RunningEmulator;
beforeEach(async () => {
  emulator = await startEmulator({ noRateLimit: true, eventTimeScale: 1000 });
});
afterEach(async () => {
  await emulator.close();
});

const listen = async (server: http.Server, port = 0): Promise<number> => {
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
};
const close = (server: http.Server): Promise<void> =>
  new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

async function controlCall(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${emulator.url}/__emulator/${path}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function api(method: string, path: string, body?: unknown): Promise<Record<string, any>> {
  const token = await fetch(`${emulator.url}/open-apis/auth/v3/tenant_access_token/internal`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ app_id: "cli_emulator", app_secret: "emulator-secret" }),
  }).then((r) => r.json() as Promise<{ tenant_access_token: string }>);
  const answer = await fetch(`${emulator.url}/open-apis/vc/v1/${path}`, {
    method,
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${token.tenant_access_token}`,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await answer.json()) as { code: number; data: Record<string, any> };
  expect(json.code).toBe(0);
  return json.data;
}

const until = async (check: () => boolean, timeoutMs = 5000): Promise<void> => {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
};

it("the SDK's EventDispatcher answers the challenge, then decrypts, verifies and routes every room and level event", async () => {
  const seen: { type: string; data: Record<string, any> }[] = [];
  const handler =
    (type: string) =>
    (data: Record<string, any>): Promise<void> => {
      seen.push({ type, data });
      return Promise.resolve();
    };
  const types = [
    "vc.room_level.created_v1",
    "vc.room_level.updated_v1",
    "vc.room_level.deleted_v1",
    "vc.room.created_v1",
    "vc.room.updated_v1",
    "vc.room.deleted_v1",
  ];
  const dispatcher = new lark.EventDispatcher({
    encryptKey: KEY,
    verificationToken: TOKEN,
    loggerLevel: lark.LoggerLevel.error,
  }).register(Object.fromEntries(types.map((t) => [t, handler(t)])));
  const adapter = lark.adaptDefault("/", dispatcher, { autoChallenge: true });
  const server = http.createServer((req, res) => void adapter(req, res));
  const port = await listen(server);
  try {
    const registered = await controlCall("POST", "webhook", {
      url: `http://127.0.0.1:${port}/`,
      verification_token: TOKEN,
      encrypt_key: KEY,
    });
    expect(registered.status).toBe(200);
    const view = (await registered.json()) as Record<string, any>;
    expect(JSON.stringify(view)).not.toContain(KEY);
    expect(JSON.stringify(view)).not.toContain(TOKEN);

    const root = (await api("GET", "room_levels/0")).room_level.room_level_id as string;
    const building = (await api("POST", "room_levels", { name: "B", parent_id: root })).room_level;
    const floor = (
      await api("POST", "room_levels", { name: "F", parent_id: building.room_level_id })
    ).room_level;
    await api("PATCH", `room_levels/${floor.room_level_id}`, {
      name: "F1",
      parent_id: building.room_level_id,
    });
    const room = (
      await api("POST", "rooms", {
        name: "R",
        capacity: 4,
        room_level_id: floor.room_level_id,
        room_status: { status: true, contact_ids: ["ou_1"] },
      })
    ).room;
    await api("PATCH", `rooms/${room.room_id}`, { capacity: 8 });
    await api("POST", "room_levels/del", {
      room_level_id: building.room_level_id,
      delete_child: true,
    });
    await until(() => seen.length === 8);

    const of = (type: string) => seen.filter((s) => s.type === type).map((s) => s.data);
    expect(
      of("vc.room_level.created_v1")
        .map((d) => d.room_level.name)
        .sort(),
    ).toEqual(["B", "F"]);
    expect(of("vc.room_level.updated_v1")[0]!.room_level).toMatchObject({
      room_level_id: floor.room_level_id,
      name: "F1",
      path: [root, building.room_level_id],
    });
    expect(of("vc.room.created_v1")[0]!.room.room_status.contact_ids).toEqual([
      { union_id: "ou_1", user_id: "ou_1", open_id: "ou_1" },
    ]);
    expect(of("vc.room.updated_v1")[0]!.room).toMatchObject({ room_id: room.room_id, capacity: 8 });
    expect(of("vc.room.deleted_v1")[0]!.room).toEqual({ room_id: room.room_id });
    expect(
      of("vc.room_level.deleted_v1")
        .map((d) => [d.room_level_id, d.delete_child])
        .sort(),
    ).toEqual(
      [
        [building.room_level_id, true],
        [floor.room_level_id, true],
      ].sort(),
    );
    // The v2 header, flattened into the data by the SDK: unique ids, ms timestamps, app, tenant.
    const ids = new Set(seen.map((s) => s.data.event_id));
    expect(ids.size).toBe(8);
    for (const { data } of seen) {
      expect(data.schema).toBe("2.0");
      expect(data.create_time).toMatch(/^\d{13}$/);
      expect(data.token).toBe(TOKEN);
      expect(data.app_id).toBe("cli_emulator");
      expect(typeof data.tenant_key).toBe("string");
    }
  } finally {
    await close(server);
  }
});

it("refuses a subscriber that does not echo the challenge, with the reason", async () => {
  const server = http.createServer((_req, res) => res.end(JSON.stringify({ challenge: "no" })));
  const port = await listen(server);
  try {
    const answer = await controlCall("POST", "webhook", { url: `http://127.0.0.1:${port}/` });
    expect(answer.status).toBe(409);
    expect(((await answer.json()) as { error: string }).error).toMatch(/did not answer/);
    const view = (await (await controlCall("GET", "webhook")).json()) as Record<string, any>;
    expect(view.subscriber).toBeNull();
  } finally {
    await close(server);
  }
});

it("our receiver, down while events happen, gets them after it comes back (same event_id, once)", async () => {
  const handled: EventEnvelope[] = [];
  const receiverOn = (port: number): Promise<RunningReceiver> =>
    startEventReceiver({
      port,
      encryptKey: KEY,
      verificationToken: TOKEN,
      log: () => undefined,
      onEvent: (event) => {
        handled.push(event);
      },
    });
  let receiver = await receiverOn(0);
  const port = receiver.port;
  await controlCall("POST", "webhook", {
    url: receiver.url,
    verification_token: TOKEN,
    encrypt_key: KEY,
  });
  await receiver.close();
  const root = (await api("GET", "room_levels/0")).room_level.room_level_id as string;
  await api("POST", "room_levels", { name: "While down", parent_id: root });
  // At scale 1000 the retries come after 15 ms and 300 ms: let two attempts fail.
  let pending: { event_id: string; attempts: number; last_error?: string } | undefined;
  const failedTwice = async (): Promise<boolean> => {
    const view = (await (await controlCall("GET", "webhook")).json()) as {
      pending: { event_id: string; attempts: number; last_error?: string }[];
    };
    pending = view.pending[0];
    return pending !== undefined && pending.attempts >= 2;
  };
  while (!(await failedTwice())) await new Promise((r) => setTimeout(r, 20));
  expect(pending!.last_error).toBe("ECONNREFUSED");
  receiver = await receiverOn(port);
  try {
    // The third attempt is due 1 h / 1000 = 3.6 s after the second.
    await until(() => handled.length === 1, 8000);
    expect(handled[0]!.header.event_id).toBe(pending!.event_id);
    expect(handled[0]!.event).toMatchObject({ room_level: { name: "While down" } });
    const view = (await (await controlCall("GET", "webhook")).json()) as Record<string, any>;
    expect(view).toMatchObject({ delivered: 1, pending: [], given_up: 0 });
  } finally {
    await receiver.close();
  }
});
