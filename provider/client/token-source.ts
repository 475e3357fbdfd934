/**
 * The tenant access token of a self-built app (reference 1.4): fetched lazily, cached until
 * shortly before it expires, shared by every caller (one fetch in flight at a time), and thrown
 * away when the service says it is no longer valid. Clients made with `shareProcessState` share
 * one per (base URL, app id, secret), so they reuse one token.
 */
import { TOKEN_REFRESH_MARGIN_MS } from "./constants";
import { registerSecret } from "./redact";

/** What the token endpoint gave us. */
export interface IssuedToken {
  token: string;
  /** Seconds until it expires, as the service reported. */
  expireSeconds: number;
}

export class TenantTokenSource {
  private cached: { token: string; refreshAt: number } | undefined;
  private inFlight: Promise<string> | undefined;

  constructor(
    private readonly fetchToken: () => Promise<IssuedToken>,
    private readonly now: () => number,
  ) {}

  /** A valid token: the cached one, or a fresh one (concurrent callers share one fetch). */
  get(): Promise<string> {
    if (this.cached !== undefined && this.now() < this.cached.refreshAt)
      return Promise.resolve(this.cached.token);
    this.inFlight ??= this.fetchToken()
      .then(({ token, expireSeconds }) => {
        registerSecret(token);
        this.cached = {
          token,
          refreshAt: this.now() + expireSeconds * 1000 - TOKEN_REFRESH_MARGIN_MS,
        };
        return token;
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }

  /** Forgets `token` if it is the cached one (another caller may already have replaced it). */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }
}

const shared = new Map<string, TenantTokenSource>();

/** The process-wide token source of one app at one base URL. */
export function sharedTokenSource(
  baseUrl: string,
  appId: string,
  appSecret: string,
  create: () => TenantTokenSource,
): TenantTokenSource {
  // The key lives only in this map; it is never printed.
  const key = `${baseUrl}\u0000${appId}\u0000${appSecret}`;
  let source = shared.get(key);
  if (source === undefined) {
    source = create();
    shared.set(key, source);
  }
  return source;
}
