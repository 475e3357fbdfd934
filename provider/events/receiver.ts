/**
 * A webhook receiver for Feishu events (reference 2.6.1) that is safe to expose: it answers the
 * URL-verification challenge, checks the Verification Token, verifies the signature (constant-
 * time), decrypts, and refuses forged, malformed, stale and oversized requests with 4xx and one log
 * line (never the key, the token or a decrypted body unless `logBodies`). Accepted events are
 * answered 200 at once and handled behind a bounded queue, one at a time; when the queue is full
 * the answer is 503 so the platform delivers the event again later. Duplicates (same event_id,
 * remembered in a bounded LRU) are answered 200 and not handled again.
 */
import { createDecipheriv, createHash, timingSafeEqual } from "node:crypto";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import type { EventEnvelope } from "./types";

export interface ReceiverOptions {
  port: number;
  host?: string;
  /** Events are POSTed here; `/` by default. */
  path?: string;
  verificationToken?: string;
  encryptKey?: string;
  onEvent(event: EventEnvelope): void | Promise<void>;
  /** One line per refused request or failed handler; stderr by default. */
  log?: (line: string) => void;
  /** Also log each accepted event's decrypted body. */
  logBodies?: boolean;
  /** Default 1 MiB. */
  maxBodyBytes?: number;
  /** Requests whose X-Lark-Request-Timestamp is further from now are replays; default 300 s. */
  maxAgeSeconds?: number;
  /** Events waiting for the handler; default 1000. */
  queueLimit?: number;
  /** Event ids remembered for deduplication; default 10000. */
  dedupeSize?: number;
}

export interface ReceiverStats {
  accepted: number;
  duplicates: number;
  refused: number;
  handled: number;
  failed: number;
}

export interface RunningReceiver {
  url: string;
  port: number;
  stats: ReceiverStats;
  /** Resolves when every accepted event has been handled. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** A refusal: HTTP status and the reason for the one log line. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    reason: string,
  ) {
    super(reason);
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Reference 2.6.1: base64(IV ‖ AES-256-CBC ciphertext), key = SHA-256(Encrypt Key). */
function decrypt(encrypted: string, encryptKey: string): string {
  const data = Buffer.from(encrypted, "base64");
  if (data.length < 32 || data.length % 16 !== 0) throw new Refusal(400, "cannot decrypt");
  const key = createHash("sha256").update(encryptKey).digest();
  try {
    const decipher = createDecipheriv("aes-256-cbc", key, data.subarray(0, 16));
    return Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]).toString("utf8");
  } catch {
    throw new Refusal(400, "cannot decrypt");
  }
}

function sameSecret(actual: string, expected: string): boolean {
  const a = createHash("sha256").update(actual).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

const header = (req: http.IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return typeof value === "string" && value !== "" ? value : undefined;
};

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Refusal(400, `${what} is not JSON`);
  }
}

export async function startEventReceiver(options: ReceiverOptions): Promise<RunningReceiver> {
  const path = options.path ?? "/";
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const maxAge = options.maxAgeSeconds ?? 300;
  const queueLimit = options.queueLimit ?? 1000;
  const dedupeSize = options.dedupeSize ?? 10_000;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const stats: ReceiverStats = { accepted: 0, duplicates: 0, refused: 0, handled: 0, failed: 0 };
  const seen = new Map<string, true>();
  const queue: EventEnvelope[] = [];
  let working = false;
  let idleWaiters: (() => void)[] = [];

  const remember = (eventId: string): void => {
    seen.set(eventId, true);
    if (seen.size > dedupeSize) seen.delete(seen.keys().next().value as string);
  };

  const drain = async (): Promise<void> => {
    if (working) return;
    working = true;
    while (queue.length > 0) {
      const event = queue.shift()!;
      try {
        await options.onEvent(event);
        stats.handled += 1;
      } catch (error) {
        stats.failed += 1;
        const reason = error instanceof Error ? error.message : String(error);
        log(
          `events: handler failed for ${event.header.event_type} ${event.header.event_id}: ${reason.split("\n")[0]}`,
        );
      }
    }
    working = false;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };

  const readBody = (req: http.IncomingMessage): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      const declared = Number(req.headers["content-length"] ?? "0");
      if (declared > maxBody) return reject(new Refusal(413, `body over ${maxBody} bytes`));
      const chunks: Buffer[] = [];
      let size = 0;
      req.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBody) {
          reject(new Refusal(413, `body over ${maxBody} bytes`));
          req.pause();
        } else chunks.push(chunk);
      });
      req.on("error", () => reject(new Refusal(400, "request aborted")));
      req.on("end", () => resolve(Buffer.concat(chunks)));
    });

  /** The plaintext JSON of a request, after the signature, staleness and decryption checks. */
  const open = (req: http.IncomingMessage, raw: Buffer): Record<string, unknown> => {
    const timestamp = header(req, "x-lark-request-timestamp");
    const nonce = header(req, "x-lark-request-nonce");
    const key = options.encryptKey;
    if (key !== undefined) {
      const signature = header(req, "x-lark-signature");
      if (timestamp === undefined || nonce === undefined || signature === undefined)
        throw new Refusal(401, "missing signature headers");
      const expected = createHash("sha256")
        .update(timestamp + nonce + key)
        .update(raw)
        .digest("hex");
      if (!sameSecret(signature.toLowerCase(), expected)) throw new Refusal(401, "bad signature");
    }
    // Without an Encrypt Key the timestamp is unsigned, but still refuses a naive replay.
    if (timestamp !== undefined) {
      const seconds = Number(timestamp);
      if (!Number.isFinite(seconds) || Math.abs(Date.now() / 1000 - seconds) > maxAge)
        throw new Refusal(401, "stale or invalid timestamp");
    }
    const body = parseJson(raw.toString("utf8"), "body");
    if (!isRecord(body)) throw new Refusal(400, "body is not a JSON object");
    if (typeof body.encrypt === "string") {
      if (key === undefined) throw new Refusal(400, "encrypted body but no encrypt key configured");
      const plain = parseJson(decrypt(body.encrypt, key), "decrypted body");
      if (!isRecord(plain)) throw new Refusal(400, "decrypted body is not a JSON object");
      return plain;
    }
    if (key !== undefined) throw new Refusal(400, "body is not encrypted");
    return body;
  };

  const checkToken = (token: unknown): void => {
    const expected = options.verificationToken;
    if (expected === undefined) return;
    if (typeof token !== "string" || !sameSecret(token, expected))
      throw new Refusal(403, "wrong verification token");
  };

  /** Status and JSON answer for one request. */
  const answer = async (req: http.IncomingMessage): Promise<[number, unknown]> => {
    const url = new URL(req.url ?? "/", "http://receiver");
    if (url.pathname !== path) throw new Refusal(404, `no receiver at ${url.pathname}`);
    if (req.method !== "POST") throw new Refusal(405, `method ${req.method ?? "?"} not allowed`);
    const message = open(req, await readBody(req));
    if (message.type === "url_verification") {
      checkToken(message.token);
      if (typeof message.challenge !== "string") throw new Refusal(400, "challenge missing");
      return [200, { challenge: message.challenge }];
    }
    const head = message.header;
    if (
      message.schema !== "2.0" ||
      !isRecord(head) ||
      typeof head.event_id !== "string" ||
      head.event_id === "" ||
      typeof head.event_type !== "string"
    )
      throw new Refusal(400, "not a v2 event (schema 2.0 with header.event_id and event_type)");
    checkToken(head.token);
    // The token has done its job; handlers, stdout and --exec never see the secret.
    const header: Record<string, unknown> = { ...head };
    delete header.token;
    const envelope = { ...message, header } as unknown as EventEnvelope;
    if (seen.has(head.event_id)) {
      stats.duplicates += 1;
      return [200, {}];
    }
    // Full: 503 makes the platform retry later instead of the event being lost.
    if (queue.length >= queueLimit) throw new Refusal(503, "queue full");
    remember(head.event_id);
    stats.accepted += 1;
    if (options.logBodies === true) log(`events: accepted ${JSON.stringify(envelope)}`);
    queue.push(envelope);
    void drain();
    return [200, {}];
  };

  const server = http.createServer((req, res) => {
    answer(req)
      .then(([status, body]) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      })
      .catch((error: unknown) => {
        const refusal =
          error instanceof Refusal ? error : new Refusal(500, "internal error while reading");
        stats.refused += 1;
        log(
          `events: refused ${req.method ?? "?"} ${req.url ?? ""} from ${req.socket.remoteAddress ?? "?"}: ${refusal.status} ${refusal.message}`,
        );
        if (res.headersSent) return;
        res.writeHead(refusal.status, { "content-type": "application/json", connection: "close" });
        res.end(JSON.stringify({ error: refusal.message }));
      });
  });
  // A slow or stuck client cannot hold a socket for long (the platform has 3 s anyway).
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host ?? "127.0.0.1";
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}${path}`,
    port,
    stats,
    idle: () =>
      !working && queue.length === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => idleWaiters.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
