import type { ConfigureRequest } from "@pulumi/pulumi/dynamic";
import type { FeishuVcClient } from "../client";
import { ConfigError, createClient } from "../client";

/** Stack configuration keys the provider reads (namespace `feishu-vc`). */
export const CONFIG_KEYS = {
  appId: "feishu-vc:appId",
  appSecret: "feishu-vc:appSecret",
  baseUrl: "feishu-vc:baseUrl",
  /** Shrinks the client's rate-limit windows; only for an emulator started with the same scale. */
  rateLimitScale: "feishu-vc:rateLimitScale",
} as const;

/** Environment fallbacks, for CI jobs that keep credentials out of stack files. */
export const ENV_KEYS = {
  appId: "FEISHU_APP_ID",
  appSecret: "FEISHU_APP_SECRET",
  baseUrl: "FEISHU_BASE_URL",
  rateLimitScale: "FEISHU_VC_RATE_LIMIT_SCALE",
} as const;

interface ProviderSettings {
  appId?: string;
  appSecret?: string;
  baseUrl?: string;
  rateLimitScale?: number;
}

/**
 * Process-wide state of the provider process. The engine starts one provider process per run and
 * each resource kind's provider is configured once in it; they all share this client, so the
 * tenant token and the rate limiter are shared by every resource (issue 4).
 */
let settings: ProviderSettings = {};
let client: FeishuVcClient | undefined;
let rootId: Promise<string> | undefined;

/**
 * Reads credentials and endpoint from the stack configuration given to `configure`, falling back
 * to the environment. Secrets are kept in this module only, never in inputs, outputs or logs.
 */
export function configureProvider(
  req: ConfigureRequest,
  env: Readonly<Record<string, string | undefined>> = process.env,
): void {
  const pick = (key: keyof typeof CONFIG_KEYS): string | undefined => {
    const value = req.config.get(CONFIG_KEYS[key]) ?? env[ENV_KEYS[key]];
    return value === "" ? undefined : value;
  };
  const scale = pick("rateLimitScale");
  const next: ProviderSettings = {
    appId: pick("appId"),
    appSecret: pick("appSecret"),
    baseUrl: pick("baseUrl"),
    rateLimitScale: scale === undefined ? undefined : Number(scale),
  };
  if (
    client !== undefined &&
    (next.appId !== settings.appId ||
      next.appSecret !== settings.appSecret ||
      next.baseUrl !== settings.baseUrl)
  ) {
    client = undefined;
    rootId = undefined;
  }
  settings = next;
}

/** The shared client, created on first use so that `check` and `diff` never need credentials. */
export function providerClient(): FeishuVcClient {
  if (client !== undefined) return client;
  const { appId, appSecret, baseUrl, rateLimitScale } = settings;
  if (!appId || !appSecret) {
    throw new ConfigError(
      `[feishu-vc] no app credentials: run \`pulumi config set ${CONFIG_KEYS.appId} <app id>\` and ` +
        `\`pulumi config set --secret ${CONFIG_KEYS.appSecret} <app secret>\`, or set ${ENV_KEYS.appId} and ${ENV_KEYS.appSecret}.`,
    );
  }
  if (rateLimitScale !== undefined && !(rateLimitScale >= 1)) {
    throw new ConfigError(`[feishu-vc] ${CONFIG_KEYS.rateLimitScale} must be a number >= 1.`);
  }
  client = createClient({
    appId,
    appSecret,
    shareProcessState: true,
    ...(baseUrl === undefined ? {} : { baseUrl }),
    ...(rateLimitScale === undefined ? {} : { rateLimitScale }),
  });
  return client;
}

/**
 * The tenant root level's real id. Creating or moving a level under the root needs it: the API
 * accepts `0` for the root only on GET (reference section 4, item 23). Read once per process.
 */
export function rootLevelId(): Promise<string> {
  rootId ??= providerClient()
    .roomLevels.root()
    .then((root) => root.room_level_id);
  // A failed lookup is not cached, so the next resource tries again.
  rootId.catch(() => (rootId = undefined));
  return rootId;
}

/** Test seam: forget the configured client (unit tests configure several emulators in one process). */
export function resetProviderRuntime(): void {
  settings = {};
  client = undefined;
  rootId = undefined;
}
