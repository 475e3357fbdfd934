/**
 * Plain-value helpers shared by the resource providers: the engine's "unknown" marker,
 * deep comparison and removal of absent keys. No Pulumi or HTTP imports: these run inside the
 * provider process on already-resolved values.
 */

/**
 * During preview the engine passes values that are not known yet (an id of a resource still to
 * be created) as this sentinel string. It is part of the provider protocol
 * (`rpc.unknownValue` in the Node SDK), so it is safe to depend on.
 */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when `value` is, or contains at any depth, an unknown value. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN_VALUE) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (isPlainObject(value)) return Object.values(value).some(containsUnknown);
  return false;
}

/** A non-null, non-array object. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Structural equality for JSON-like values; key order does not matter, array order does. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keysA = Object.keys(a).filter((key) => a[key] !== undefined);
    const keysB = Object.keys(b).filter((key) => b[key] !== undefined);
    return keysA.length === keysB.length && keysA.every((key) => deepEqual(a[key], b[key]));
  }
  return false;
}

/** A copy of `record` without the keys whose value is `undefined` (state must not hold them). */
export function withoutUndefined<T extends object>(record: T): T {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (value !== undefined) copy[key] = value;
  }
  return copy as T;
}

/**
 * Turns a time given as unix seconds, a numeric string or an ISO 8601 date-time into the API's
 * unix-seconds string; `undefined` when the value is not a time.
 */
export function toUnixSecondsString(value: unknown): string | undefined {
  if (typeof value === "number") {
    return Number.isInteger(value) && value >= 0 ? String(value) : undefined;
  }
  if (typeof value !== "string") return undefined;
  if (/^\d+$/.test(value)) return String(Number(value));
  // Only full date-times with an explicit zone: a bare date would depend on the runner's time zone.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value))
    return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) || !isCalendarDate(value) ? undefined : String(Math.floor(ms / 1000));
}

/** True when the date part of an ISO date-time exists (Date would roll 2030-02-30 over to March). */
function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(text);
  if (match === null) return false;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60;
}
