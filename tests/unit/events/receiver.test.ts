/**
 * The receiver refuses what the platform would never send (forged signature, wrong token,
 * replayed/stale, oversized, bad JSON) with 4xx and one log line that holds no secret, handles a
 * duplicate once, and sheds load with 503 when its queue is full.
 */
import { createCipheriv, createHash, randomBytes } from "node:crypto";
import { startEventReceiver, type EventEnvelope, type RunningReceiver } from "../../../provider";

const KEY = "unit-encrypt-key";
const TOKEN = "unit-verification-token";

function seal(
  plain: unknown,
  { key = KEY, ageSeconds = 0 } = {},
): { body: string; headers: Record<string, string> } {
  const aes = createHash("sha256").update(key).digest();
  const iv = randomBytes(16);
  const cipher = createCipheriv("aes-256-cbc", aes, iv);
  const encrypted = Buffer.concat([iv, cipher.update(JSON.stringify(plain)), cipher.final()]);
  const body = JSON.stringify({ encrypt: encrypted.toString("base64") });
  const timestamp = String(Math.floor(Date.now() / 1000) - ageSeconds);
  const nonce = randomBytes(6).toString("hex");
  const signature = createHash("sha256")
    .update(timestamp + nonce + key + body)
    .digest("hex");
  return {
    body,
    headers: {
      "x-lark-request-timestamp": timestamp,
      "x-lark-request-nonce": nonce,
      "x-lark-signature": signature,
    },
  };
}

const envelope = (eventId: string, token = TOKEN): EventEnvelope => ({
  schema: "2.0",
  header: {
    event_id: eventId,
    event_type: "vc.room.updated_v1",
    create_time: String(Date.now()),
    token,
    app_id: "cli_x",
    tenant_key: "t",
  },
  event: { room: { room_id: "omm_1", capacity: 3 } },
});

let receiver: RunningReceiver;
let handled: EventEnvelope[];
let logs: string[];
let release: (() => void) | undefined;

async function start(extra: { queueLimit?: number; slow?: boolean } = {}): Promise<void> {
  handled = [];
  logs = [];
  receiver = await startEventReceiver({
    port: 0,
    encryptKey: KEY,
    verificationToken: TOKEN,
    maxBodyBytes: 64 * 1024,
    ...(extra.queueLimit === undefined ? {} : { queueLimit: extra.queueLimit }),
    log: (line) => logs.push(line),
    onEvent: async (event) => {
      if (extra.slow === true) await new Promise<void>((resolve) => (release = resolve));
      handled.push(event);
    },
  });
}
afterEach(async () => {
  release?.();
  await receiver.close();
});

const post = (request: { body: string; headers: Record<string, string> }): Promise<Response> =>
  fetch(receiver.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...request.headers },
    body: request.body,
  });

/** The request was refused with this status and exactly one log line, free of secrets. */
async function expectRefused(answer: Response, status: number, reason: RegExp): Promise<void> {
  expect(answer.status).toBe(status);
  expect(logs).toHaveLength(1);
  expect(logs[0]).toMatch(reason);
  expect(logs[0]).not.toContain(KEY);
  expect(logs[0]).not.toContain(TOKEN);
  expect(logs[0]).not.toMatch(/\n|at .*\.ts:\d+/);
  await receiver.idle();
  expect(handled).toHaveLength(0);
}

describe("with an encrypt key and a verification token", () => {
  beforeEach(() => start());

  it("answers the encrypted challenge", async () => {
    const answer = await post(seal({ challenge: "c-1", token: TOKEN, type: "url_verification" }));
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ challenge: "c-1" });
  });

  it("accepts a genuine event and handles it", async () => {
    expect((await post(seal(envelope("e-1")))).status).toBe(200);
    await receiver.idle();
    expect(handled.map((e) => e.header.event_id)).toEqual(["e-1"]);
    expect(handled[0]!.header).not.toHaveProperty("token");
    expect(JSON.stringify(handled[0])).not.toContain(TOKEN);
  });

  it("refuses a forged signature", async () => {
    const request = seal(envelope("e-2"));
    request.headers["x-lark-signature"] = "0".repeat(64);
    await expectRefused(await post(request), 401, /401 bad signature/);
  });

  it("refuses a body signed and encrypted with another key", async () => {
    await expectRefused(await post(seal(envelope("e-3"), { key: "other" })), 401, /bad signature/);
  });

  it("refuses a wrong verification token", async () => {
    await expectRefused(
      await post(seal(envelope("e-4", "guess"))),
      403,
      /wrong verification token/,
    );
  });

  it("refuses a replayed request whose timestamp is stale", async () => {
    await expectRefused(await post(seal(envelope("e-5"), { ageSeconds: 600 })), 401, /stale/);
  });

  it("refuses a body over the size limit", async () => {
    const big = envelope("e-6");
    big.event = { pad: "x".repeat(100 * 1024) };
    await expectRefused(await post(seal(big)), 413, /over 65536 bytes/);
  });

  it("refuses bad JSON, even correctly signed", async () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const body = "{not json";
    const signature = createHash("sha256")
      .update(timestamp + "n" + KEY + body)
      .digest("hex");
    const answer = await post({
      body,
      headers: {
        "x-lark-request-timestamp": timestamp,
        "x-lark-request-nonce": "n",
        "x-lark-signature": signature,
      },
    });
    await expectRefused(answer, 400, /not JSON/);
  });

  it("refuses a plaintext body when a key is configured", async () => {
    const body = JSON.stringify(envelope("e-7"));
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = createHash("sha256")
      .update(timestamp + "n" + KEY + body)
      .digest("hex");
    const answer = await post({
      body,
      headers: {
        "x-lark-request-timestamp": timestamp,
        "x-lark-request-nonce": "n",
        "x-lark-signature": signature,
      },
    });
    await expectRefused(answer, 400, /not encrypted/);
  });

  it("handles a duplicate delivery once (same event_id, fresh signature)", async () => {
    expect((await post(seal(envelope("e-8")))).status).toBe(200);
    expect((await post(seal(envelope("e-8")))).status).toBe(200);
    await receiver.idle();
    expect(handled).toHaveLength(1);
    expect(receiver.stats.duplicates).toBe(1);
  });
});

it("answers at once while a slow handler works, and 503 when its queue is full", async () => {
  await start({ queueLimit: 1, slow: true });
  const started = Date.now();
  expect((await post(seal(envelope("q-1")))).status).toBe(200); // taken by the handler
  expect((await post(seal(envelope("q-2")))).status).toBe(200); // waits in the queue
  expect((await post(seal(envelope("q-3")))).status).toBe(503); // queue full: retried later
  expect(Date.now() - started).toBeLessThan(2000);
  release?.();
  await new Promise((r) => setTimeout(r, 20));
  release?.();
  await receiver.idle();
  expect(handled.map((e) => e.header.event_id)).toEqual(["q-1", "q-2"]);
  // q-3 was not remembered: its retry is accepted.
  expect((await post(seal(envelope("q-3")))).status).toBe(200);
});
