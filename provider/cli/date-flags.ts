/**
 * Date flags of `report` and `download` (issue 20): a calendar day `YYYY-MM-DD`, read in the
 * tenant's time zone (`--utc-offset`, default +08:00, the zone of Feishu's export files), or an
 * ISO 8601 date-time with a zone, or unix seconds. A day given to `--to` counts whole: the window
 * ends at the next midnight.
 */
import { toUnixSecondsString } from "../resources/values";
import { UsageError } from "./api-command";

/** Time zone of bare dates unless `--utc-offset` says otherwise (China Standard Time). */
export const DEFAULT_UTC_OFFSET = "+08:00";

const DAY_MS = 24 * 60 * 60 * 1000;

/** `--utc-offset` as minutes east of UTC. */
export function utcOffsetMinutes(flag: string, value: string): number {
  const match = /^([+-])(\d{2}):(\d{2})$/.exec(value);
  if (match === null || Number(match[2]) > 14 || Number(match[3]) > 59)
    throw new UsageError(`${flag} must be a UTC offset like +08:00 or -05:00, got "${value}"`);
  return (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/**
 * A date flag as a `Date`. `edge` says what a bare day means: its first instant ("start", for
 * `--from`) or the first instant of the next day ("end", for `--to`).
 */
export function dateFlag(
  flag: string,
  value: string | undefined,
  edge: "start" | "end",
  offsetMinutes: number,
): Date {
  if (value === undefined || value === "") throw new UsageError(`${flag} is required`);
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day !== null) {
    const [year, month, date] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const utc = Date.UTC(year, month - 1, date);
    const check = new Date(utc);
    if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== date)
      throw new UsageError(`${flag}: ${value} is not a calendar date`);
    return new Date(utc - offsetMinutes * 60_000 + (edge === "end" ? DAY_MS : 0));
  }
  const seconds = toUnixSecondsString(value);
  if (seconds === undefined)
    throw new UsageError(
      `${flag} must be a date YYYY-MM-DD or an ISO 8601 date-time with a zone (2026-12-01T09:00:00+08:00), got "${value}"`,
    );
  return new Date(Number(seconds) * 1000);
}

/** `date` as YYYY-MM-DD in the given zone (table output). */
export function dayText(date: Date, offsetMinutes: number): string {
  return new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 10);
}

/** `date` as YYYY-MM-DD HH:mm:ss in the given zone (table and CSV output). */
export function timeText(date: Date, offsetMinutes: number): string {
  return new Date(date.getTime() + offsetMinutes * 60_000)
    .toISOString()
    .slice(0, 19)
    .replace("T", " ");
}
