/**
 * Working hours in a time zone: parsing the `usage` flags, and the working intervals of a window
 * (what a room's utilization is measured against). Pure: no clock, no I/O.
 */

/** The defaults `feishu-vc usage --help` and the README state. */
export const DEFAULT_WORKING_HOURS = "09:00-18:00";
export const DEFAULT_TIME_ZONE = "+08:00";
export const DEFAULT_WEEKDAYS = "mon-fri";

/** A bad flag value: the message names the flag; the CLI prints it as one line. */
export class UsageInputError extends Error {
  override readonly name = "UsageInputError";
}

export interface WorkingHours {
  /** Minutes after local midnight: start inclusive, end exclusive. */
  startMinute: number;
  endMinute: number;
  /** A fixed offset (`+08:00`) or an IANA zone (`Asia/Shanghai`), as given. */
  timeZone: string;
  /** Local weekdays counted as working days: 0 Sunday .. 6 Saturday. */
  weekdays: number[];
}

const DAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const OFFSET = /^([+-])(\d{2}):(\d{2})$/;
const CLOCK = /^(\d{2}):(\d{2})$/;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

function minuteOfDay(text: string, flag: string): number {
  const match = CLOCK.exec(text);
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  if (!match || hours > 24 || minutes > 59 || (hours === 24 && minutes > 0)) {
    throw new UsageInputError(`${flag}: "${text}" is not a time of day HH:MM`);
  }
  return hours * 60 + minutes;
}

/** Accepts `+08:00`, `-05:30`, `Z` or an IANA zone name that this Node knows. */
function checkTimeZone(zone: string, flag = "--time-zone"): string {
  if (zone === "Z" || OFFSET.test(zone)) {
    const match = OFFSET.exec(zone);
    if (match && (Number(match[2]) > 14 || Number(match[3]) > 59)) {
      throw new UsageInputError(`${flag}: "${zone}" is not a UTC offset (-14:00..+14:00)`);
    }
    return zone;
  }
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
  } catch {
    throw new UsageInputError(
      `${flag}: "${zone}" is neither a UTC offset like +08:00 nor a time zone like Asia/Shanghai`,
    );
  }
  return zone;
}

/** Parses the `--working-hours`, `--time-zone` and `--weekdays` flags. */
export function parseWorkingHours(
  hours: string = DEFAULT_WORKING_HOURS,
  timeZone: string = DEFAULT_TIME_ZONE,
  weekdays: string = DEFAULT_WEEKDAYS,
): WorkingHours {
  const [start, end, extra] = hours.split("-");
  if (start === undefined || end === undefined || extra !== undefined) {
    throw new UsageInputError(`--working-hours: "${hours}" is not HH:MM-HH:MM`);
  }
  const startMinute = minuteOfDay(start.trim(), "--working-hours");
  const endMinute = minuteOfDay(end.trim(), "--working-hours");
  if (endMinute <= startMinute) {
    throw new UsageInputError(`--working-hours: "${hours}" ends before it starts`);
  }
  return {
    startMinute,
    endMinute,
    timeZone: checkTimeZone(timeZone),
    weekdays: parseWeekdays(weekdays),
  };
}

/** `mon-fri`, `mon,wed,fri`, `sun-thu` (a range may wrap past Saturday). */
function parseWeekdays(text: string): number[] {
  const days = new Set<number>();
  const dayIndex = (name: string): number => {
    const index = DAY_NAMES.indexOf(name.trim().toLowerCase().slice(0, 3));
    if (index < 0 || name.trim().length < 3) {
      throw new UsageInputError(`--weekdays: "${name.trim()}" is not a weekday (mon..sun)`);
    }
    return index;
  };
  for (const part of text.split(",")) {
    const [from, to, extra] = part.split("-");
    if (from === undefined || extra !== undefined) {
      throw new UsageInputError(`--weekdays: "${part}" is not a day or a range like mon-fri`);
    }
    const first = dayIndex(from);
    const last = to === undefined ? first : dayIndex(to);
    for (let day = first; ; day = (day + 1) % 7) {
      days.add(day);
      if (day === last) break;
    }
  }
  return [...days].sort((a, b) => a - b);
}

/** The zone's offset from UTC at an instant, in minutes (east positive). */
function offsetMinutesAt(timeZone: string, instantMs: number): number {
  if (timeZone === "Z") return 0;
  const fixed = OFFSET.exec(timeZone);
  if (fixed) {
    const minutes = Number(fixed[2]) * 60 + Number(fixed[3]);
    return fixed[1] === "-" ? -minutes : minutes;
  }
  const label =
    new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
      .formatToParts(instantMs)
      .find((part) => part.type === "timeZoneName")?.value ?? "GMT";
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(label);
  if (!match) return 0; // "GMT" alone: the zone is at UTC.
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === "-" ? -minutes : minutes;
}

/** The instant of a local wall-clock time (day number since 1970-01-01 local, minute of day). */
export function localToInstant(timeZone: string, localDay: number, minute: number): number {
  const wall = localDay * DAY_MS + minute * MINUTE_MS;
  // Two passes settle the offset across a DST change (the second uses the offset at the result).
  const first = wall - offsetMinutesAt(timeZone, wall) * MINUTE_MS;
  return wall - offsetMinutesAt(timeZone, first) * MINUTE_MS;
}

/** The local day number (days since 1970-01-01 in the zone) an instant falls on. */
function localDayOf(timeZone: string, instantMs: number): number {
  return Math.floor((instantMs + offsetMinutesAt(timeZone, instantMs) * MINUTE_MS) / DAY_MS);
}

export interface Interval {
  start: number;
  end: number;
}

/** The working intervals (epoch ms) inside [from, to), in order. */
export function workingIntervals(hours: WorkingHours, from: Date, to: Date): Interval[] {
  const intervals: Interval[] = [];
  const fromMs = from.getTime();
  const toMs = to.getTime();
  const weekdays = new Set(hours.weekdays);
  const lastDay = localDayOf(hours.timeZone, toMs);
  for (let day = localDayOf(hours.timeZone, fromMs); day <= lastDay; day++) {
    // Day 0 (1970-01-01) was a Thursday.
    if (!weekdays.has((((day + 4) % 7) + 7) % 7)) continue;
    const start = Math.max(fromMs, localToInstant(hours.timeZone, day, hours.startMinute));
    const end = Math.min(toMs, localToInstant(hours.timeZone, day, hours.endMinute));
    if (end > start) intervals.push({ start, end });
  }
  return intervals;
}

/** Sorts and merges overlapping intervals. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const next of sorted) {
    const last = merged.at(-1);
    if (last && next.start <= last.end) last.end = Math.max(last.end, next.end);
    else merged.push({ ...next });
  }
  return merged;
}

/** Total length of the overlap of two sorted, disjoint interval lists. */
export function overlapMs(a: readonly Interval[], b: readonly Interval[]): number {
  let total = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    const start = Math.max(x.start, y.start);
    const end = Math.min(x.end, y.end);
    if (end > start) total += end - start;
    if (x.end < y.end) i++;
    else j++;
  }
  return total;
}

export function totalMs(intervals: readonly Interval[]): number {
  return intervals.reduce((sum, interval) => sum + interval.end - interval.start, 0);
}

/** How the flags read back in a report: "09:00-18:00 mon-fri (+08:00)". */
export function describeWorkingHours(hours: WorkingHours): string {
  const clock = (minute: number): string =>
    `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
  const days = hours.weekdays.map((day) => DAY_NAMES[day]).join(",");
  return `${clock(hours.startMinute)}-${clock(hours.endMinute)} ${days === "mon,tue,wed,thu,fri" ? "mon-fri" : days} (${hours.timeZone})`;
}
