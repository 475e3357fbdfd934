/**
 * `FeishuVcClient`: one typed `request()` through which every call goes (pacing, token, HTTP,
 * retries), and the endpoint groups built on it. The client reads no environment variables; the
 * caller passes everything in (style notes L6).
 */
import type { Readable } from "node:stream";
import type { AxiosInstance } from "axios";
import {
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_USER_AGENT,
  FEISHU_BASE_URL,
  TENANT_TOKEN_PATH,
} from "./constants";
import type { TokenKind } from "./api/endpoint-row";
import type { EndpointData, EndpointKey, EndpointParams } from "./endpoints";
import { FAMILIES, TOKEN_ENDPOINT_KEY, endpointRow, splitEndpointKey } from "./endpoints";
import { FEISHU_CODES } from "./error-codes";
import {
  ArgumentError,
  AuthError,
  ConfigError,
  RateLimitError,
  TransportError,
  isFeishuApiError,
} from "./errors";
import { createHttp, send, sendForStream, type HttpRequest } from "./http";
import type { Clock, RateLimitWait } from "./rate-limiter";
import { RateLimiter, realClock, sharedRateLimiter } from "./rate-limiter";
import { registerSecret } from "./redact";
import type { Requester } from "./requester";
import { decideRetry } from "./retry-policy";
import { TenantTokenSource, sharedTokenSource, type IssuedToken } from "./token-source";

/** What a client is made from. Only `appId` and `appSecret` are required. */
export interface FeishuVcClientOptions {
  appId: string;
  appSecret: string;
  /** Default {@link FEISHU_BASE_URL}; `LARK_BASE_URL` for Lark tenants, or an emulator's URL. */
  baseUrl?: string;
  /** Timeout of one HTTP attempt. */
  timeoutMs?: number;
  /** Divides every rate-limit window; only for an emulator started with the same scale. */
  rateLimitScale?: number;
  /** `false` turns client-side pacing off (the naive baseline of the benchmark). Default on. */
  rateLimit?: boolean;
  /** Retries of transient failures on idempotent calls. */
  maxRetries?: number;
  /** Told whenever a call waits for its rate-limit budget (progress output). */
  onRateLimit?: (wait: RateLimitWait) => void;
  /** Told after every HTTP attempt (logging, tests). Carries no secrets. */
  onRequest?: (event: RequestEvent) => void;
  /**
   * Share the tenant token cache and the rate limiter with every other client of the same app
   * (base URL, app id) in this process that also sets it, as the provider process does: all its
   * resources then draw on one token and one budget. Default `false`: this client's own.
   */
  shareProcessState?: boolean;
  /** Injected time, for tests (pacing, backoff, token expiry). */
  clock?: Clock;
  /** Jitter source in [0, 1). */
  random?: () => number;
  userAgent?: string;
}

/** One HTTP attempt, as reported to `onRequest`. */
export interface RequestEvent {
  endpoint: string;
  /** 0 for the first attempt of a call. */
  retry: number;
  ok: boolean;
  code?: number;
  logId?: string;
  durationMs: number;
}

/** Counters of what this client sent. */
export interface ClientStats {
  /** HTTP attempts per endpoint key. */
  calls: Record<string, number>;
  /** 429 answers received (each was waited out and retried unless retries ran out). */
  rateLimited: number;
  retries: number;
}

/** Codes that mean "the tenant token is not (or no longer) valid": refresh once and retry. */
const STALE_TOKEN_CODES = new Set<number>([
  FEISHU_CODES.INVALID_TENANT_TOKEN,
  FEISHU_CODES.NEED_TOKEN,
]);

/** The API object of every registered family: `client.rooms`, `client.roomLevels`... */
export type FamilyApis = {
  readonly [Name in keyof typeof FAMILIES]: ReturnType<(typeof FAMILIES)[Name]["createApi"]>;
};

/**
 * Base class that gives the client one property per registered family, so registering a family
 * in `endpoints.ts` is all it takes to get `client.<family>`. The API objects only keep a
 * reference to the client; they call it after construction.
 */
const WithFamilyApis = class {
  constructor() {
    for (const [name, family] of Object.entries(FAMILIES)) {
      Object.defineProperty(this, name, {
        value: family.createApi(this as unknown as Requester),
        enumerable: true,
      });
    }
  }
} as unknown as new () => FamilyApis;

export class FeishuVcClient extends WithFamilyApis implements Requester {
  readonly baseUrl: string;

  private readonly http: AxiosInstance;
  private readonly tokens: TenantTokenSource;
  private readonly limiter: RateLimiter | undefined;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly maxRetries: number;
  private readonly counters: ClientStats = { calls: {}, rateLimited: 0, retries: 0 };

  constructor(private readonly options: FeishuVcClientOptions) {
    super();
    if (typeof options.appId !== "string" || options.appId === "") {
      throw new ConfigError("appId is required (feishu-vc:appId or FEISHU_APP_ID)");
    }
    if (typeof options.appSecret !== "string" || options.appSecret === "") {
      throw new ConfigError(
        "appSecret is required (pulumi config set --secret feishu-vc:appSecret ... or FEISHU_APP_SECRET)",
      );
    }
    registerSecret(options.appSecret);
    this.baseUrl = (options.baseUrl ?? FEISHU_BASE_URL).replace(/\/+$/, "");
    if (!/^https?:\/\/[^\s/]+/.test(this.baseUrl)) {
      throw new ConfigError(`baseUrl must be an http(s) URL, got "${this.baseUrl}"`);
    }
    const scale = options.rateLimitScale ?? 1;
    if (!(scale >= 1))
      throw new ConfigError(`rateLimitScale must be a number >= 1, got ${String(scale)}`);
    this.clock = options.clock ?? realClock;
    this.random = options.random ?? Math.random;
    this.maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.http = createHttp({
      baseUrl: this.baseUrl,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    });
    const shared = options.shareProcessState === true;
    const makeTokens = (): TenantTokenSource =>
      new TenantTokenSource(
        () => this.fetchToken(),
        () => this.clock.now(),
      );
    this.tokens = shared
      ? sharedTokenSource(this.baseUrl, options.appId, options.appSecret, makeTokens)
      : makeTokens();
    this.limiter =
      options.rateLimit === false
        ? undefined
        : shared
          ? sharedRateLimiter(this.baseUrl, options.appId, scale, this.clock)
          : new RateLimiter(scale, this.clock);
  }

  /** The client's clock, for rules relative to now (time windows of the API). */
  now(): number {
    return this.clock.now();
  }

  /** Counters since the client was made (a copy). */
  stats(): ClientStats {
    return {
      calls: { ...this.counters.calls },
      rateLimited: this.counters.rateLimited,
      retries: this.counters.retries,
    };
  }

  /** Write calls waiting for their rate-limit budget in this process (progress output). */
  queuedWrites(): number {
    return this.limiter?.queuedWrites() ?? 0;
  }

  /**
   * Calls one endpoint and returns its `data`. Paces the call, attaches the token, refreshes a
   * stale token once, and retries what the retry policy allows.
   */
  async request<K extends EndpointKey>(
    key: K,
    params: EndpointParams<K>,
  ): Promise<EndpointData<K>> {
    return await this.call(key, params, async (http, request) => {
      const { body, headers } = await send(http, request);
      return { value: body.data ?? {}, headers };
    });
  }

  /**
   * Calls an endpoint that answers with a file (`exports/download`) and returns the body as a
   * stream, unread. Pacing, token refresh, retries and error mapping are those of
   * {@link request}; they cover the call up to the answer's headers. A failure while reading the
   * stream (a dropped connection) surfaces as an error event on the stream: the caller decides
   * whether to ask again.
   */
  async requestStream<K extends EndpointKey>(key: K, params: EndpointParams<K>): Promise<Readable> {
    return await this.call(key, params, async (http, request) => {
      const { stream, headers } = await sendForStream(http, request);
      return { value: stream, headers };
    });
  }

  private async call<K extends EndpointKey, T>(
    key: K,
    params: EndpointParams<K>,
    exchange: (
      http: AxiosInstance,
      request: HttpRequest,
    ) => Promise<{ value: T; headers: Readonly<Record<string, unknown>> }>,
  ): Promise<T> {
    const meta = endpointRow(key);
    const { method, pathTemplate } = splitEndpointKey(key);
    const path = fillPath(pathTemplate, (params as { path?: Record<string, string> }).path);
    const { query, body, userAccessToken } = params as {
      query?: Record<string, unknown>;
      body?: unknown;
      userAccessToken?: string;
    };
    if (userAccessToken !== undefined) registerSecret(userAccessToken);
    const tokenKind = chooseToken(key, meta.action, meta.tokens, userAccessToken);
    let refreshedToken = false;
    for (let retry = 0; ; retry += 1) {
      const started = this.clock.now();
      let token: string | undefined;
      try {
        // The slot first, the token after: a call may wait minutes for its slot, longer than a
        // token fetched before would stay fresh. The slot counts from the answer, so the time
        // a token fetch takes cannot squeeze two calls into one of the service's windows.
        const release = await this.limiter?.budget(key).acquire(this.options.onRateLimit);
        let answer: { value: T; headers: Readonly<Record<string, unknown>> };
        try {
          token = tokenKind === "user" ? userAccessToken : await this.tokens.get();
          this.count(key);
          answer = await exchange(this.http, {
            method,
            path,
            ...(query === undefined ? {} : { query }),
            ...(body === undefined ? {} : { body }),
            ...(token === undefined ? {} : { token }),
            endpoint: key,
            action: meta.action,
            isWrite: meta.kind === "write",
          });
        } finally {
          release?.();
        }
        this.report(key, retry, started, {
          ok: true,
          logId: header(answer.headers, "x-tt-logid"),
        });
        return answer.value;
      } catch (error) {
        this.report(key, retry, started, {
          ok: false,
          ...(isFeishuApiError(error) ? { code: error.code, logId: error.logId } : {}),
        });
        if (
          tokenKind === "tenant" &&
          !refreshedToken &&
          token !== undefined &&
          isFeishuApiError(error) &&
          STALE_TOKEN_CODES.has(error.code)
        ) {
          // The service no longer accepts the cached token (expired early, revoked): fetch a
          // new one and try once more; a second rejection is surfaced (reference section 4 item 27).
          refreshedToken = true;
          this.tokens.invalidate(token);
          retry -= 1;
          continue;
        }
        if (error instanceof RateLimitError) {
          this.counters.rateLimited += 1;
          // Someone else is using this app's budget: hold every call of this endpoint back.
          this.limiter?.budget(key).block(error.resetAfterMs ?? 1000);
        }
        const decision = decideRetry({
          error,
          retry: retry + 1,
          idempotent: meta.idempotent,
          maxRetries: this.maxRetries,
          random: this.random(),
        });
        if (!decision.retry) throw error;
        this.counters.retries += 1;
        // With a limiter, the blocked budget already makes the next attempt wait.
        if (!(decision.reason === "rate-limit" && this.limiter !== undefined))
          await this.clock.sleep(decision.delayMs);
      }
    }
  }

  private count(key: string): void {
    this.counters.calls[key] = (this.counters.calls[key] ?? 0) + 1;
  }

  private report(
    endpoint: string,
    retry: number,
    started: number,
    outcome: { ok: boolean; code?: number; logId?: string | undefined },
  ): void {
    if (this.options.onRequest === undefined) return;
    this.options.onRequest({
      endpoint,
      retry,
      ok: outcome.ok,
      ...(outcome.code === undefined ? {} : { code: outcome.code }),
      ...(outcome.logId === undefined ? {} : { logId: outcome.logId }),
      durationMs: this.clock.now() - started,
    });
  }

  /** Asks the token endpoint for a tenant token (reference 1.4: flat body, not in `data`). */
  private async fetchToken(): Promise<IssuedToken> {
    const action = "get tenant access token";
    for (let retry = 1; ; retry += 1) {
      try {
        this.count(TOKEN_ENDPOINT_KEY);
        const { body } = await send(this.http, {
          method: "POST",
          path: TENANT_TOKEN_PATH,
          body: { app_id: this.options.appId, app_secret: this.options.appSecret },
          endpoint: TOKEN_ENDPOINT_KEY,
          action,
          isWrite: false,
        });
        const token = body.tenant_access_token;
        const expire = body.expire;
        if (typeof token !== "string" || token === "" || typeof expire !== "number") {
          throw new TransportError(
            TOKEN_ENDPOINT_KEY,
            action,
            "malformed-response",
            "no tenant_access_token in the answer",
            false,
          );
        }
        return { token, expireSeconds: expire };
      } catch (error) {
        // Any refusal of the token endpoint is a credentials problem (wrong secret: 10014,
        // unknown app: 10003; reference section 4 item 2).
        if (isFeishuApiError(error) && !(error instanceof AuthError) && error.httpStatus < 500) {
          throw new AuthError(
            {
              code: error.code,
              msg: error.msg,
              httpStatus: error.httpStatus,
              endpoint: TOKEN_ENDPOINT_KEY,
              action,
              ...(error.logId === undefined ? {} : { logId: error.logId }),
            },
            "Check feishu-vc:appId and feishu-vc:appSecret",
          );
        }
        const decision = decideRetry({
          error,
          retry,
          idempotent: true,
          maxRetries: this.maxRetries,
          random: this.random(),
        });
        if (!decision.retry) throw error;
        await this.clock.sleep(decision.delayMs);
      }
    }
  }
}

/** Makes a client. Same as `new FeishuVcClient(options)`. */
export function createClient(options: FeishuVcClientOptions): FeishuVcClient {
  return new FeishuVcClient(options);
}

/**
 * The token a call uses: a user token where one is given and accepted, else the tenant token.
 * A user-only endpoint without a user token, or a tenant-only one with a user token, is refused
 * here, before any request (the service would answer 99991663 / 99991668; reference 1.5).
 */
function chooseToken(
  key: EndpointKey,
  action: string,
  accepted: readonly TokenKind[],
  userAccessToken: string | undefined,
): TokenKind {
  const given = userAccessToken !== undefined && userAccessToken !== "";
  if (given && accepted.includes("user")) return "user";
  if (!given && accepted.includes("tenant")) return "tenant";
  throw new ArgumentError(
    key,
    action,
    "userAccessToken",
    given
      ? "must not be given: this endpoint accepts only the tenant access token"
      : "is required: this endpoint accepts only a user access token, not the tenant token",
  );
}

function fillPath(template: string, values: Readonly<Record<string, string>> | undefined): string {
  return template.replace(/:([a-z_]+)/g, (_match, name: string) => {
    const value = values?.[name];
    if (value === undefined || value === "")
      throw new ConfigError(`path parameter ${name} is required`);
    return encodeURIComponent(value);
  });
}

function header(headers: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = headers[name];
  return typeof value === "string" ? value : undefined;
}
