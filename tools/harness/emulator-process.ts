/**
 * Starts the emulator as a real process (`node bin/feishu-vc.js emulator --port 0 ...`), the way
 * users run it, and talks to its control endpoints with Node's fetch. Shared by the tests and the
 * bench (which must not import tests/).
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const CLI = path.join(REPO_ROOT, "bin", "feishu-vc.js");
const COMPILED_MAIN = path.join(REPO_ROOT, "dist", "provider", "cli", "main.js");
const START_TIMEOUT_MS = 15_000;

export interface EmulatorStats {
  calls: Record<string, number>;
  total: number;
  rateLimited: number;
}

export interface EmulatorControl {
  stats(): Promise<EmulatorStats>;
  resetStats(): Promise<void>;
  injectFault(fault: {
    endpoint: string;
    kind: "drop-after-commit" | "internal-error" | "rate-limit";
    times?: number;
  }): Promise<void>;
  resetFaults(): Promise<void>;
  expireTokens(): Promise<void>;
  userToken(): Promise<string>;
  state(): Promise<unknown>;
  setTenant(tenant: { flexibleLevels?: boolean }): Promise<void>;
  /** Shortens (scale > 1) or restores (1) every rate-limit window from now on. */
  setRateLimitScale(scale: number): Promise<void>;
}

export interface EmulatorProcess {
  url: string;
  appId: string;
  appSecret: string;
  pid: number;
  control: EmulatorControl;
  stop(): Promise<void>;
}

export interface EmulatorProcessOptions {
  rateLimitScale?: number;
  noRateLimit?: boolean;
  tokenTtlSeconds?: number;
  stateFile?: string;
  faultRate?: number;
  dropResponseRate?: number;
  faultSeed?: number;
  latencyMs?: number;
  /** How long export tasks stay processing (`--export-delay-ms`). */
  exportDelayMs?: number;
  appId?: string;
  appSecret?: string;
}

async function call(url: string, method: string, body?: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
  });
  const text = await response.text();
  if (!response.ok)
    throw new Error(`emulator control ${method} ${url}: HTTP ${response.status} ${text}`);
  return text === "" ? undefined : (JSON.parse(text) as unknown);
}

/** The control client of an emulator at `url`. */
function controlFor(url: string): EmulatorControl {
  const at = (path: string): string => `${url}/__emulator/${path}`;
  return {
    stats: async () => (await call(at("stats"), "GET")) as EmulatorStats,
    resetStats: async () => void (await call(at("stats/reset"), "POST")),
    injectFault: async (fault) => void (await call(at("faults"), "POST", fault)),
    resetFaults: async () => void (await call(at("faults/reset"), "POST")),
    expireTokens: async () => void (await call(at("tokens/expire"), "POST")),
    userToken: async () =>
      ((await call(at("user-token"), "POST")) as { user_access_token: string }).user_access_token,
    state: () => call(at("state"), "GET"),
    setTenant: async (tenant) => void (await call(at("tenant"), "PATCH", tenant)),
    setRateLimitScale: async (scale) => void (await call(at("rate-limits"), "PUT", { scale })),
  };
}

export async function startEmulatorProcess(
  options: EmulatorProcessOptions = {},
): Promise<EmulatorProcess> {
  if (!fs.existsSync(COMPILED_MAIN))
    throw new Error(`${COMPILED_MAIN} is missing: run \`npm run build\` first`);
  const appId = options.appId ?? "cli_test_app";
  const appSecret = options.appSecret ?? "test-app-secret-0123456789";
  const args = [CLI, "emulator", "--port", "0", "--app-id", appId, "--app-secret", appSecret];
  if (options.rateLimitScale !== undefined)
    args.push("--rate-limit-scale", String(options.rateLimitScale));
  if (options.noRateLimit === true) args.push("--no-rate-limit");
  if (options.tokenTtlSeconds !== undefined)
    args.push("--token-ttl", String(options.tokenTtlSeconds));
  if (options.stateFile !== undefined) args.push("--state", options.stateFile);
  if (options.faultRate !== undefined) args.push("--fault-rate", String(options.faultRate));
  if (options.dropResponseRate !== undefined)
    args.push("--drop-response-rate", String(options.dropResponseRate));
  if (options.faultSeed !== undefined) args.push("--fault-seed", String(options.faultSeed));
  if (options.latencyMs !== undefined) args.push("--latency", String(options.latencyMs));
  if (options.exportDelayMs !== undefined)
    args.push("--export-delay-ms", String(options.exportDelayMs));

  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`emulator did not start within ${START_TIMEOUT_MS} ms; stderr: ${stderr}`));
    }, START_TIMEOUT_MS);
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match !== null) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(
        new Error(`emulator exited with code ${String(code)} before listening; stderr: ${stderr}`),
      );
    });
  });
  return {
    url,
    appId,
    appSecret,
    pid: child.pid!,
    control: controlFor(url),
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
