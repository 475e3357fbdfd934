/**
 * The HTTP server: parses requests, answers in the `{code, msg, data}` envelope with an
 * `x-tt-logid` header on every response (reference 1.3, 1.10), and runs each VC request through
 * route matching, auth, faults, rate limits and the handler, in that order. Nothing a client sends
 * can crash it: unexpected exceptions become 500/121001.
 */
import { randomBytes } from "node:crypto";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { TokenIssuer } from "./auth";
import { ApiError, fieldInvalid, internalError, methodMismatch, pathNotFound } from "./errors";
import { CONTROLS } from "./control/index";
import type { EmulatorStats } from "./control/control";
import { EventBus } from "./events/bus";
import { Faults, seededRandom } from "./faults";
import { DEFAULT_APP_ID, DEFAULT_APP_SECRET, type EmulatorOptions } from "./options";
import { loadSnapshot, saveSnapshot } from "./persistence";
import { RateLimits } from "./rate-limit";
import { matchRoute } from "./router";
// The explicit index keeps a stale dist/emulator/routes.js (the old single table) from shadowing it.
import { ROUTES } from "./routes/index";
import { FileAnswer } from "./routes/route";
import { TENANT_TOKEN_PATH, TENANT_TOKEN_ROUTE, tenantToken } from "./routes/auth";
import { SimulatorError } from "./store/common";
import { Tenant } from "./tenant";
import { isObject, type Json } from "./validate";

const CONTROL_PREFIX = "/__emulator/";
/** Bodies above this are refused (the reference states no limit; a guard against abuse). */
const MAX_BODY_BYTES = 1024 * 1024;

/** Reference section 4 item 28: log ids are a timestamp plus random hex. */
function logId(): string {
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  return `${stamp}${randomBytes(8).toString("hex")}`;
}

export interface RunningEmulator {
  url: string;
  port: number;
  appId: string;
  tenant: Tenant;
  close(): Promise<void>;
}

class BadJson extends Error {}

function readBody(req: http.IncomingMessage): Promise<Json | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("error", reject);
    req.on("end", () => {
      if (size > MAX_BODY_BYTES) return reject(new BadJson("body too large"));
      const text = Buffer.concat(chunks).toString("utf8");
      if (text.trim() === "") return resolve(undefined);
      try {
        resolve(JSON.parse(text) as Json);
      } catch {
        reject(new BadJson("invalid JSON"));
      }
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const appId = options.appId ?? DEFAULT_APP_ID;
  const appSecret = options.appSecret ?? DEFAULT_APP_SECRET;
  const snapshot = options.stateFile === undefined ? undefined : loadSnapshot(options.stateFile);
  // The bus needs the tenant key, the tenant needs the bus: the publish closure bridges them
  // (the tenant publishes nothing while it is being built).
  const tenant = new Tenant(snapshot, {
    ...(options.tenantName === undefined ? {} : { name: options.tenantName }),
    ...(options.exportDelayMs === undefined ? {} : { exportDelayMs: options.exportDelayMs }),
    publish: (eventType, event) => bus.publish(eventType, event),
  });
  // Guess: tenant_key is an opaque per-tenant string; the emulator derives it from the root id.
  const bus = new EventBus(appId, tenant.levels.rootId.slice(4, 20), options.eventTimeScale ?? 1);
  const tokens = new TokenIssuer(appId, appSecret, options.tokenTtlSeconds ?? 7200);
  const limits =
    options.noRateLimit === true ? undefined : new RateLimits(options.rateLimitScale ?? 1);
  const faults = new Faults(
    options.faultRate ?? 0,
    options.dropResponseRate ?? 0,
    options.faultSeed === undefined ? Math.random : seededRandom(options.faultSeed),
  );
  const stats: EmulatorStats = { calls: {}, total: 0, rateLimited: 0 };
  const persist = (): void => {
    if (options.stateFile !== undefined) saveSnapshot(options.stateFile, tenant.snapshot());
  };

  const send = (
    res: http.ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      "content-type": "application/json; charset=utf-8",
      "x-tt-logid": logId(),
      ...headers,
    });
    res.end(text);
  };
  const fail = (res: http.ServerResponse, error: ApiError): void => {
    const id = logId();
    const body = {
      code: error.code,
      msg: error.msg,
      data: {},
      error: {
        log_id: id,
        ...(error.fieldViolations.length > 0 ? { field_violations: error.fieldViolations } : {}),
      },
    };
    res.writeHead(error.httpStatus, {
      "content-type": "application/json; charset=utf-8",
      "x-tt-logid": id,
      ...error.headers,
    });
    res.end(JSON.stringify(body));
  };

  const sendFile = (res: http.ServerResponse, file: FileAnswer): void => {
    res.writeHead(200, {
      "content-type": file.contentType,
      "content-disposition": `attachment; filename="${file.fileName}"`,
      "content-length": String(file.bytes.length),
      "x-tt-logid": logId(),
    });
    if (!file.drop) return void res.end(file.bytes);
    // A dropped download: half the promised bytes, then the connection is cut.
    res.write(file.bytes.subarray(0, Math.floor(file.bytes.length / 2)), () =>
      res.socket?.destroy(),
    );
  };

  const control = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    pathname: string,
  ): Promise<void> => {
    const body = (await readBody(req)) ?? {};
    const input = isObject(body) ? body : {};
    const method = req.method ?? "GET";
    const match = matchRoute(CONTROLS, method, pathname);
    if (typeof match === "string") {
      const path = pathname.slice(CONTROL_PREFIX.length);
      return send(res, 404, { error: `unknown control endpoint ${method} ${path}` });
    }
    const { params, route } = match;
    try {
      const answer = await route.handler({
        params,
        events: bus,
        input,
        tenant,
        tokens,
        faults,
        limits,
        stats,
        persist,
      });
      send(res, answer.status, answer.body);
    } catch (error) {
      // A simulator step the state refuses: plain JSON, outside the VC envelope.
      if (error instanceof SimulatorError) return send(res, error.status, { error: error.message });
      throw error;
    }
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://emulator");
    const method = req.method ?? "GET";
    if (url.pathname.startsWith(CONTROL_PREFIX)) return control(req, res, url.pathname);
    if (options.latencyMs !== undefined && options.latencyMs > 0) await sleep(options.latencyMs);

    if (url.pathname === TENANT_TOKEN_PATH) {
      stats.calls[TENANT_TOKEN_ROUTE.key] = (stats.calls[TENANT_TOKEN_ROUTE.key] ?? 0) + 1;
      stats.total += 1;
      if (method !== "POST") return fail(res, methodMismatch());
      let body: Json | undefined;
      try {
        body = await readBody(req);
      } catch {
        return send(res, 400, { code: 10003, msg: "invalid parameter" });
      }
      const answer = tenantToken(tokens, body);
      return send(res, answer.status, answer.body);
    }

    const match = matchRoute(ROUTES, method, url.pathname);
    if (match === "no-path") return fail(res, pathNotFound());
    if (match === "no-method") return fail(res, methodMismatch());
    const { route, params } = match;
    stats.calls[route.key] = (stats.calls[route.key] ?? 0) + 1;
    stats.total += 1;

    // Read the whole body before answering, so errors never race the upload.
    let body: Json | undefined;
    let bodyError: ApiError | undefined;
    try {
      body = await readBody(req);
    } catch (error) {
      bodyError = fieldInvalid("body", error instanceof Error ? error.message : "invalid JSON");
    }
    const caller = tokens.authorize(req.headers.authorization, route.token);
    const fault = faults.next(route.key, route.write);
    if (fault === "internal-error") throw internalError();
    if (fault === "rate-limit")
      throw new ApiError(429, 99991400, "request trigger frequency limit", [], {
        "x-ogw-ratelimit-limit": String(route.windows[0]!.limit),
        "x-ogw-ratelimit-reset": "1",
      });
    limits?.admit(route.key, route.windows);
    if (bodyError !== undefined) throw bodyError;
    const data = route.handler({
      params,
      query: url.searchParams,
      body: body ?? {},
      tenant,
      caller,
    });
    if (route.write) persist();
    if (fault === "drop-after-commit") {
      // The write is applied; the answer is lost (the socket closes without a response).
      req.socket.destroy();
      return;
    }
    if (data instanceof FileAnswer) return sendFile(res, data);
    send(res, 200, { code: 0, msg: "success", data });
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof ApiError) {
        if (error.code === 99991400) stats.rateLimited += 1;
        return fail(res, error);
      }
      // Never crash on a request: anything unexpected is the documented internal error.
      process.stderr.write(
        `emulator: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      if (!res.headersSent) fail(res, internalError());
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = options.host ?? "127.0.0.1";
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`;
  persist();
  return {
    url,
    port: address.port,
    appId,
    tenant,
    close: () =>
      new Promise<void>((resolve) => {
        persist();
        bus.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
