/**
 * A client for the CLI's own reads (drift's unmanaged-object scan, export): credentials from a
 * stack's config when a stack is named, else from the environment, as the provider resolves them.
 */
import type { Stack } from "@pulumi/pulumi/automation";
import { createClient, type FeishuVcClient } from "../client";
import { CONFIG_KEYS, ENV_KEYS } from "../resources";

type SettingName = keyof typeof CONFIG_KEYS;

/** A client with the stack's own credentials (stack config, else the environment). */
export async function clientForStack(stack: Stack): Promise<FeishuVcClient> {
  const config = await stack.getAllConfig();
  return clientFrom((name) => config[CONFIG_KEYS[name]]?.value ?? process.env[ENV_KEYS[name]]);
}

/** A client with credentials from FEISHU_APP_ID / FEISHU_APP_SECRET (and FEISHU_BASE_URL). */
export function clientFromEnvironment(): FeishuVcClient {
  return clientFrom((name) => process.env[ENV_KEYS[name]]);
}

function clientFrom(lookup: (name: SettingName) => string | undefined): FeishuVcClient {
  const pick = (name: SettingName): string | undefined => {
    const value = lookup(name);
    return value === "" ? undefined : value;
  };
  const baseUrl = pick("baseUrl");
  const scale = pick("rateLimitScale");
  return createClient({
    appId: pick("appId") ?? "",
    appSecret: pick("appSecret") ?? "",
    shareProcessState: true,
    ...(baseUrl === undefined ? {} : { baseUrl }),
    ...(scale === undefined ? {} : { rateLimitScale: Number(scale) }),
  });
}
