/**
 * Control endpoints under `/__emulator/`: how tests, demos and benchmarks steer the emulator
 * (stats, faults, tokens, state, rate limits, tenant settings, and the families' simulators).
 * They take no token and answer plain JSON, outside the VC envelope.
 */
import type { TokenIssuer } from "../auth";
import type { EventBus } from "../events/bus";
import type { Faults } from "../faults";
import type { RateLimits } from "../rate-limit";
import { parseKey, type Keyed } from "../router";
import type { Tenant } from "../tenant";
import type { JsonObject } from "../validate";

export interface EmulatorStats {
  calls: Record<string, number>;
  total: number;
  rateLimited: number;
}

export interface ControlContext {
  params: Record<string, string>;
  /** The JSON body when it is an object, `{}` otherwise. */
  input: JsonObject;
  tenant: Tenant;
  tokens: TokenIssuer;
  faults: Faults;
  limits: RateLimits | undefined;
  stats: EmulatorStats;
  events: EventBus;
  /** Writes the tenant to the state file, when there is one. */
  persist(): void;
}

export interface ControlAnswer {
  status: number;
  body: unknown;
}

export interface ControlRoute extends Keyed {
  /** May be asynchronous (the webhook handshake waits for the subscriber). */
  handler: (ctx: ControlContext) => ControlAnswer | Promise<ControlAnswer>;
}

/** One control row, declared by its literal `"METHOD /__emulator/..."` key. */
export function control(key: string, handler: ControlRoute["handler"]): ControlRoute {
  return { ...parseKey(key), handler };
}

export const ok = (body: unknown = {}): ControlAnswer => ({ status: 200, body });
export const refuse = (status: number, error: string): ControlAnswer => ({
  status,
  body: { error },
});
