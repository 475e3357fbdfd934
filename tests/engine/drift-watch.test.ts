/**
 * `drift --watch` on the real engine: an out-of-band change made with the official SDK is
 * reported with its fields within seconds (the time from the write to the report is measured over
 * 20 changes and printed), an object deleted or created by hand is reported, and our own `up`
 * produces no report at all.
 */
import { spawn } from "node:child_process";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import * as lark from "@larksuiteoapi/node-sdk";
import { createClient } from "../../provider/client";
import { startEventReceiver } from "../../provider/events";
import {
  startDriftWatch,
  type DriftWatch,
  type WatchFinding,
} from "../../provider/cli/drift-watch";
import {
  createEngineStack,
  emulatorConfig,
  REPO_ROOT,
  type EngineStack,
} from "../../tools/harness/engine-stack";
import type { Declaration } from "./programs/declaration/declarations";

const RATE_LIMIT_SCALE = 60;
const KEY = "engine-encrypt-key";
const TOKEN = "engine-verification-token";
const CHANGES = 20;

let engine: EngineStack;
let watch: DriftWatch;
let sdk: lark.Client;
const findings: (WatchFinding & { at: number })[] = [];
const logs: string[] = [];

const declaration = (capacity: number): Declaration => ({
  levels: [{ key: "watch-hq", name: "Watch HQ", customGroupId: "watch-hq" }],
  rooms: [
    {
      key: "watch-room",
      name: "Watch room",
      level: "watch-hq",
      capacity,
      customRoomId: "watch-room",
    },
  ],
  configs: [],
});

async function declare(spec: Declaration): Promise<void> {
  await engine.stack.setConfig("declaration:spec", { value: JSON.stringify(spec) });
}

const until = async (what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> => {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end)
      throw new Error(`timed out waiting for ${what}; findings: ${JSON.stringify(findings)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

async function idOf(type: string): Promise<string> {
  const resource = (await engine.exportState()).find((r) => r.type.endsWith(`:${type}`));
  return resource!.id!;
}

beforeAll(async () => {
  engine = await createEngineStack({
    program: "declaration",
    emulator: { rateLimitScale: RATE_LIMIT_SCALE },
    config: ({ emulator }) => emulatorConfig(emulator!, RATE_LIMIT_SCALE),
  });
  await declare(declaration(5));
  await engine.up();
  const emulator = engine.emulator!;
  const client = createClient({
    appId: emulator.appId,
    appSecret: emulator.appSecret,
    baseUrl: emulator.url,
    rateLimitScale: RATE_LIMIT_SCALE,
  });
  sdk = new lark.Client({
    appId: emulator.appId,
    appSecret: emulator.appSecret,
    domain: emulator.url,
    loggerLevel: lark.LoggerLevel.error,
  });
  watch = await startDriftWatch(
    engine.stack,
    client,
    (onEvent) =>
      startEventReceiver({
        port: 0,
        encryptKey: KEY,
        verificationToken: TOKEN,
        onEvent,
        log: (line) => logs.push(line),
      }),
    (finding) => {
      findings.push({ ...finding, at: Date.now() });
    },
  );
  const registered = await fetch(`${emulator.url}/__emulator/webhook`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ url: watch.receiver.url, verification_token: TOKEN, encrypt_key: KEY }),
  });
  expect(registered.status).toBe(200);
});

afterAll(async () => {
  await watch?.close();
  await engine?.dispose();
});

it("reports nothing for our own up, though its events arrive", async () => {
  const before = watch.receiver.stats.accepted;
  await declare(declaration(6));
  await engine.up();
  await until("the up's event", () => watch.receiver.stats.accepted > before);
  // Long enough for the settle and the state re-export of any suspicion to finish.
  await new Promise((r) => setTimeout(r, 3000));
  await watch.receiver.idle();
  expect(findings).toEqual([]);
  expect(logs).toEqual([]);
});

it(`reports each out-of-band change made with the official SDK, with its fields (median of ${CHANGES})`, async () => {
  const roomId = await idOf("Room");
  const latencies: number[] = [];
  for (let i = 0; i < CHANGES; i++) {
    findings.length = 0;
    const written = Date.now();
    const answer = await sdk.vc.room.patch({
      path: { room_id: roomId },
      data: { capacity: 100 + i },
    });
    expect(answer.code).toBe(0);
    await until(`the report of change ${i}`, () => findings.length > 0);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      finding: "drifted",
      kind: "Room",
      id: roomId,
      name: "Watch room",
      fields: [{ field: "capacity", declared: 6, live: 100 + i }],
    });
    latencies.push(findings[0]!.at - written);
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const median = (sorted[CHANGES / 2 - 1]! + sorted[CHANGES / 2]!) / 2;
  process.stdout.write(
    `drift --watch: write-to-report over ${CHANGES} changes: median ${median} ms, ` +
      `min ${sorted[0]} ms, max ${sorted[CHANGES - 1]} ms\n`,
  );
  expect(median).toBeLessThan(10_000);
});

it("reports an unmanaged room created by hand under a managed level, and a managed room deleted by hand", async () => {
  const levelId = await idOf("RoomLevel");
  const roomId = await idOf("Room");
  findings.length = 0;
  const created = await sdk.vc.room.create({
    data: { name: "By hand", capacity: 2, room_level_id: levelId },
  });
  const handRoom = created.data!.room!.room_id!;
  await until("the unmanaged report", () => findings.length > 0);
  expect(findings[0]).toMatchObject({
    finding: "unmanaged",
    kind: "Room",
    id: handRoom,
    parentId: levelId,
  });
  findings.length = 0;
  await sdk.vc.room.delete({ path: { room_id: roomId } });
  await until("the deletion report", () => findings.length > 0);
  expect(findings[0]).toMatchObject({
    finding: "deleted",
    kind: "Room",
    id: roomId,
    name: "Watch room",
  });
});

it("the CLI: drift --watch prints the finding, posts it to --notify, and exits 2 with --exit-on-drift", async () => {
  const levelId = await idOf("RoomLevel");
  const posted: string[] = [];
  const hook = http.createServer((req, res) => {
    let text = "";
    req.on("data", (chunk: Buffer) => (text += chunk.toString()));
    req.on("end", () => {
      posted.push(text);
      res.end();
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, "127.0.0.1", resolve));
  const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/`;
  const child = spawn(
    process.execPath,
    [
      path.join(REPO_ROOT, "bin", "feishu-vc.js"),
      ...["drift", "--watch", "--stack", engine.stackName, "--cwd", engine.workDir],
      ...["--port", "0", "--exit-on-drift", "--notify", hookUrl],
    ],
    {
      env: {
        ...process.env,
        ...engine.env,
        FEISHU_EVENT_ENCRYPT_KEY: KEY,
        FEISHU_EVENT_VERIFICATION_TOKEN: TOKEN,
      },
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /receiving on (\S+)/.exec(stderr);
        if (match !== null) resolve(match[1]!);
      });
      void exited.then(() => reject(new Error(`drift --watch exited: ${stderr}`)));
    });
    const registered = await fetch(`${engine.emulator!.url}/__emulator/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ url, verification_token: TOKEN, encrypt_key: KEY }),
    });
    expect(registered.status).toBe(200);
    const renamed = await sdk.vc.roomLevel.patch({
      path: { room_level_id: levelId },
      data: {
        name: "Renamed by hand",
        parent_id: (await sdk.vc.roomLevel.get({ path: { room_level_id: levelId } })).data!
          .room_level!.parent_id!,
      },
    });
    expect(renamed.code).toBe(0);
    expect(await exited).toBe(2);
    expect(stdout).toMatch(
      new RegExp(
        `^drift: RoomLevel "Watch HQ" ${levelId}: name declared "Watch HQ", live "Renamed by hand" \\[vc.room_level.updated_v1, \\d+ ms after the change\\]\\n$`,
      ),
    );
    expect(posted).toHaveLength(1);
    expect(posted[0]).toContain('| `name` | `"Watch HQ"` | `"Renamed by hand"` |');
    expect(stderr).not.toContain(KEY);
  } finally {
    child.kill("SIGTERM");
    await new Promise<void>((resolve) => hook.close(() => resolve()));
  }
});
