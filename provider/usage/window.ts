/**
 * The window `feishu-vc usage` measures, from `--from` / `--to` (YYYY-MM-DD in the report's time
 * zone, or ISO 8601 instants), checked before any API call.
 */
import { MAX_EXPORT_DAYS } from "./fetch";
import { localToInstant, UsageInputError } from "./working-hours";

/** Without --from: this many days before --to. */
export const DEFAULT_WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A date as a flag gives it. A date alone is local midnight in `timeZone`; as the end of the
 * window (`endOfDay`), the midnight after it, so `--to 2026-03-31` includes March 31.
 */
function parseDate(text: string, flag: string, timeZone: string, endOfDay: boolean): Date {
  const dateOnly = DATE_ONLY.exec(text);
  if (dateOnly) {
    const utcMidnight = Date.UTC(Number(dateOnly[1]), Number(dateOnly[2]) - 1, Number(dateOnly[3]));
    const check = new Date(utcMidnight);
    if (
      check.getUTCDate() !== Number(dateOnly[3]) ||
      check.getUTCMonth() !== Number(dateOnly[2]) - 1
    ) {
      throw new UsageInputError(`${flag}: "${text}" is not a calendar date`);
    }
    return new Date(localToInstant(timeZone, utcMidnight / DAY_MS + (endOfDay ? 1 : 0), 0));
  }
  const instant = new Date(text);
  if (!ISO_INSTANT.test(text) || Number.isNaN(instant.getTime())) {
    throw new UsageInputError(
      `${flag}: "${text}" is neither a date YYYY-MM-DD nor an ISO 8601 time with an offset`,
    );
  }
  return instant;
}

export interface UsageWindow {
  from: Date;
  to: Date;
}

/**
 * The window: default the last DEFAULT_WINDOW_DAYS days up to now. Longer windows are fine (they
 * are exported in 90-day pieces); the end may lie at most 90 days ahead (upcoming bookings, the
 * export's limit), and the start must come before the end.
 */
export function parseUsageWindow(
  from: string | undefined,
  to: string | undefined,
  timeZone: string,
  now: Date,
): UsageWindow {
  const end = to === undefined ? now : parseDate(to, "--to", timeZone, true);
  const start =
    from === undefined
      ? new Date(end.getTime() - DEFAULT_WINDOW_DAYS * DAY_MS)
      : parseDate(from, "--from", timeZone, false);
  if (start.getTime() >= end.getTime()) {
    throw new UsageInputError(
      `--from ${start.toISOString()} is not before --to ${end.toISOString()}`,
    );
  }
  if (end.getTime() > now.getTime() + MAX_EXPORT_DAYS * DAY_MS) {
    throw new UsageInputError(
      `--to ${end.toISOString()} is more than ${MAX_EXPORT_DAYS} days ahead: bookings are exported at most ${MAX_EXPORT_DAYS} days into the future`,
    );
  }
  return { from: start, to: end };
}
