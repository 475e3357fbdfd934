/**
 * Tenant and user access tokens (reference 1.4, 1.5). Tenant tokens live `ttlSeconds` (7200 by
 * default); asking again while the newest one has at least 30 minutes left returns it with the
 * remaining seconds, otherwise a new one is issued and the old one stays valid until it expires.
 */
import { randomBytes } from "node:crypto";
import {
  badTokenShape,
  invalidTenantToken,
  invalidUserToken,
  needToken,
  userTokenNotSupported,
} from "./errors";

/** Reference 1.4: a re-request with at least this much left returns the same token. */
const REUSE_THRESHOLD_SECONDS = 1800;

/** Which access tokens an endpoint accepts (reference tables: T, U, T/U). */
export type TokenKinds = "tenant" | "user" | "tenant-or-user";

/** Who a request acts as: the app (tenant token) or a user of the directory (user token). */
export type Caller = { kind: "tenant" } | { kind: "user"; userId: string };

export class TokenIssuer {
  private readonly tenantTokens = new Map<string, number>();
  /** User token -> expiry and the user (canonical user_id) it acts as. */
  private readonly userTokens = new Map<string, { expires: number; userId: string }>();
  private newest: string | undefined;

  constructor(
    private readonly appId: string,
    private readonly appSecret: string,
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The token endpoint: returns the flat body and HTTP status (reference 1.4, section 4 item 2). */
  issue(body: unknown): { status: number; body: Record<string, unknown> } {
    const appId =
      typeof body === "object" && body !== null
        ? (body as Record<string, unknown>).app_id
        : undefined;
    const appSecret =
      typeof body === "object" && body !== null
        ? (body as Record<string, unknown>).app_secret
        : undefined;
    if (
      typeof appId !== "string" ||
      typeof appSecret !== "string" ||
      appId === "" ||
      appSecret === ""
    ) {
      return { status: 400, body: { code: 10003, msg: "invalid parameter" } };
    }
    // Reference section 4 item 2: unknown app id 10003, wrong secret 10014, both with HTTP 400.
    if (appId !== this.appId)
      return { status: 400, body: { code: 10003, msg: "invalid parameter" } };
    if (appSecret !== this.appSecret)
      return { status: 400, body: { code: 10014, msg: "app secret invalid" } };
    const now = this.now();
    const current = this.newest === undefined ? undefined : this.tenantTokens.get(this.newest);
    if (this.newest !== undefined && current !== undefined) {
      const left = Math.floor((current - now) / 1000);
      if (left >= REUSE_THRESHOLD_SECONDS) {
        return {
          status: 200,
          body: { code: 0, msg: "ok", tenant_access_token: this.newest, expire: left },
        };
      }
    }
    const token = `t-${randomBytes(20).toString("hex")}`;
    this.tenantTokens.set(token, now + this.ttlSeconds * 1000);
    this.newest = token;
    this.prune(now);
    return {
      status: 200,
      body: { code: 0, msg: "ok", tenant_access_token: token, expire: this.ttlSeconds },
    };
  }

  /** A user access token acting as `userId` (control endpoint; the OAuth flow is not emulated). */
  issueUserToken(userId: string): string {
    const token = `u-${randomBytes(20).toString("hex")}`;
    this.userTokens.set(token, { expires: this.now() + this.ttlSeconds * 1000, userId });
    return token;
  }

  /** Makes every issued token expired (control endpoint, for refresh tests). */
  expireAll(): void {
    for (const token of this.tenantTokens.keys()) this.tenantTokens.set(token, 0);
    for (const entry of this.userTokens.values()) entry.expires = 0;
    this.newest = undefined;
  }

  /** Checks the Authorization header against the token kind the endpoint accepts (reference 1.5, section 4 item 4). */
  authorize(header: string | undefined, accepts: TokenKinds): Caller {
    const match = header === undefined ? null : /^Bearer (\S+)$/.exec(header);
    if (match === null) throw needToken();
    const token = match[1]!;
    const now = this.now();
    if (token.startsWith("t-")) {
      const expires = this.tenantTokens.get(token);
      if (expires === undefined || expires <= now) throw invalidTenantToken();
      // Reference 1.5: a tenant token on a user-only API is 99991663 (rooms/search, section 4 item 4).
      if (accepts === "user") throw invalidTenantToken();
      return { kind: "tenant" };
    }
    if (token.startsWith("u-") || token.startsWith("eyJ")) {
      const entry = this.userTokens.get(token);
      if (entry === undefined || entry.expires <= now) throw invalidUserToken();
      if (accepts === "tenant") throw userTokenNotSupported();
      return { kind: "user", userId: entry.userId };
    }
    throw badTokenShape();
  }

  private prune(now: number): void {
    for (const [token, expires] of this.tenantTokens)
      if (expires <= now) this.tenantTokens.delete(token);
  }
}
