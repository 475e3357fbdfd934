/** How an emulator is started (the `feishu-vc emulator` flags map onto these). */
export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  appId?: string;
  appSecret?: string;
  /** Persist the tenant to this JSON file (loaded at start, rewritten atomically after each change). */
  stateFile?: string;
  /** Lifetime of issued tokens, default 7200 (reference 1.4). */
  tokenTtlSeconds?: number;
  /** Divides every rate-limit window (the counts stay). Default 1. */
  rateLimitScale?: number;
  /** Divides the event retry delays (15 s, 5 min, 1 h, 6 h). Default 1. */
  eventTimeScale?: number;
  /** Turns rate limiting off. */
  noRateLimit?: boolean;
  /** Probability (0..1) that a VC request fails with an internal error before doing anything. */
  faultRate?: number;
  /** Probability (0..1) that a write is applied and its answer then dropped. */
  dropResponseRate?: number;
  /** Seed of the random faults (default: unseeded, `Math.random`). */
  faultSeed?: number;
  /** Delay added to every answer. */
  latencyMs?: number;
  /** How long export tasks stay "processing", in milliseconds (default 1500). */
  exportDelayMs?: number;
  /** Tenant (root level) name. */
  tenantName?: string;
}

export const DEFAULT_APP_ID = "cli_emulator";
/** Not a secret: the emulator's default credentials. */
export const DEFAULT_APP_SECRET = "emulator-secret";
