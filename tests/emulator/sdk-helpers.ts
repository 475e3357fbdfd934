/**
 * Shared by the emulator tests that drive reservations, meetings and recording through the
 * official Lark SDK: a client pointed at an emulator, user tokens, the simulator's controls and
 * an assertion on the SDK's thrown error bodies.
 */
import * as lark from "@larksuiteoapi/node-sdk";
import type { RunningEmulator } from "../../emulator";

export interface DirectoryUser {
  user_id: string;
  open_id: string;
  union_id: string;
  name: string;
}

/** The SDK caches tenant tokens process-wide by app id; each emulator needs its own cache. */
function tokenCache(): lark.Cache {
  const entries = new Map<string | symbol, { value: unknown; expire: number | undefined }>();
  return {
    set: (key, value, expire) => {
      entries.set(key as string | symbol, { value, expire });
      return Promise.resolve(true);
    },
    get: (key) => {
      const entry = entries.get(key as string | symbol);
      const fresh =
        entry !== undefined && (entry.expire === undefined || entry.expire > Date.now());
      return Promise.resolve(fresh ? entry.value : undefined);
    },
  };
}

const quiet = (): void => undefined;

export function sdkClient(emulator: RunningEmulator): lark.Client {
  return new lark.Client({
    appId: "cli_emulator",
    appSecret: "emulator-secret",
    domain: emulator.url,
    // Expected failures are asserted, not logged (fatal is 0, which the SDK reads as "unset").
    logger: { error: quiet, warn: quiet, info: quiet, debug: quiet, trace: quiet },
    cache: tokenCache(),
  });
}

/** Calls a control endpoint; throws on a non-2xx answer unless `expectStatus` says otherwise. */
export async function control<T = Record<string, unknown>>(
  emulator: RunningEmulator,
  method: string,
  path: string,
  body?: unknown,
  expectStatus = 200,
): Promise<T> {
  const response = await fetch(`${emulator.url}/__emulator/${path}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const answer = (await response.json()) as T;
  if (response.status !== expectStatus)
    throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

export async function users(emulator: RunningEmulator): Promise<DirectoryUser[]> {
  return (await control<{ users: DirectoryUser[] }>(emulator, "GET", "users")).users;
}

/** A user access token acting as `userId`, as SDK request options. */
export async function asUser(
  emulator: RunningEmulator,
  userId: string,
): Promise<ReturnType<typeof lark.withUserAccessToken>> {
  const answer = await control<{ user_access_token: string }>(emulator, "POST", "user-token", {
    user_id: userId,
  });
  return lark.withUserAccessToken(answer.user_access_token);
}

/** Awaits an SDK call expected to fail; returns the HTTP status and the body's code and msg. */
export async function failure(
  call: Promise<unknown>,
): Promise<{ status: number; code: number; msg: string }> {
  try {
    await call;
  } catch (error) {
    const response = (
      error as { response?: { status: number; data: { code: number; msg: string } } }
    ).response;
    if (response === undefined) throw error;
    return { status: response.status, code: response.data.code, msg: response.data.msg };
  }
  throw new Error("the call succeeded");
}

export const inSeconds = (seconds: number): string =>
  String(Math.floor(Date.now() / 1000) + seconds);
