/** Small helpers the family stores share: id generation and response compaction. */
import { randomBytes } from "node:crypto";

/** 32 lowercase hex characters, the tail of `omb_` / `omm_` ids (reference 1.13). */
export const hex32 = (): string => randomBytes(16).toString("hex");

/** Removes `undefined` members, so responses omit unset fields (reference section 4 item 21). */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The tenant's clock in milliseconds; injectable so expiry and windows can be tested. */
export type Clock = () => number;

/** Settings of the emulated tenant that several families read. */
export interface TenantSettings {
  name: string;
  /** Reference section 4 item 25: whether the tenant is on flexible room levels. */
  flexibleLevels: boolean;
}

/** A numeric id of `digits` digits, no leading zero (reservation and meeting ids, meeting numbers; reference 1.13). */
export function numericId(digits: number): string {
  let out = String(1 + (randomBytes(1)[0]! % 9));
  while (out.length < digits) out += String(randomBytes(1)[0]! % 10);
  return out;
}

/** Unix seconds as the wire's decimal string. */
export const unixSeconds = (ms: number): string => String(Math.floor(ms / 1000));

/**
 * A simulator step (control endpoint) the state does not allow, e.g. joining an ended meeting:
 * answered as plain JSON with this status, outside the VC envelope.
 */
export class SimulatorError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
