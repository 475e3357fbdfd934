/**
 * Checks of rules the reference states up front, run before a request so that bad input costs no
 * call and changes nothing (issue 19, "Bad input"). Each failure is an `ArgumentError` naming the
 * endpoint and the field.
 */
import { ArgumentError } from "../errors";

/** One day, in seconds. */
export const DAY_SECONDS = 24 * 60 * 60;

/** Names the call being checked, so every message says what was refused. */
export interface CallContext {
  endpoint: string;
  action: string;
}

export function refuse(call: CallContext, field: string, problem: string): never {
  throw new ArgumentError(call.endpoint, call.action, field, problem);
}

/** A path id (reservation, meeting): non-empty, with no spaces or slashes. */
export function checkId(call: CallContext, field: string, value: string): void {
  if (typeof value !== "string" || value === "" || /[\s/]/.test(value))
    refuse(call, field, `must be a non-empty id without spaces or slashes, got "${String(value)}"`);
}

/** Unix seconds written as a string of digits (the API's time format); returns the number. */
export function unixSeconds(call: CallContext, field: string, value: string): number {
  if (typeof value !== "string" || !/^\d{1,12}$/.test(value))
    refuse(call, field, `must be unix seconds as a string of digits, got "${String(value)}"`);
  return Number(value);
}

export function checkMaxItems(
  call: CallContext,
  field: string,
  items: readonly unknown[] | undefined,
  max: number,
  min = 0,
): void {
  if (items === undefined) return;
  if (!Array.isArray(items)) refuse(call, field, "must be a list");
  if (items.length > max) refuse(call, field, `has ${items.length} items; at most ${max} allowed`);
  if (items.length < min) refuse(call, field, `must have at least ${min} item`);
}

export function checkIntegerRange(
  call: CallContext,
  field: string,
  value: number | undefined,
  min: number,
  max: number,
): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min || value > max)
    refuse(call, field, `must be an integer from ${min} to ${max}, got ${String(value)}`);
}

/** The current time in unix seconds, from the client's clock. */
export function nowSeconds(now: () => number): number {
  return Math.floor(now() / 1000);
}
