/**
 * Bookings in the plan: for each existing room a plan deletes, replaces or disables, the bookings
 * that change would cancel, counted in the affected window (the next 30 days for a delete, the
 * disable window for a deactivation). The rows come from a {@link BookingsSource} (in the CLI: the
 * `resource_reservation_list` export, one task per room level); this module only decides what to
 * ask for and counts what comes back, so it is tested with hand-made rows. A lookup that cannot
 * be made, is refused, fails or takes too long leaves the plan whole and says why.
 */
import type { Plan, PlanStep } from "./plan-model";

/** What a reservation export row says, as far as the plan reads it (the client's ReservationRow). */
export interface BookingRow {
  roomId: string;
  start: Date;
  end: Date;
  status: "booked" | "cancelled" | "released";
}

/** One export: the rooms of one level, over one window. */
export interface BookingQuery {
  roomLevelId: string;
  roomIds: string[];
  startTime: Date;
  endTime: Date;
}

/** Where the rows come from. Rejects with {@link BookingsUnavailableError} when it knows why. */
export interface BookingsSource {
  bookings(query: BookingQuery, signal: AbortSignal): Promise<readonly BookingRow[]>;
}

/** A source's failure with a reason a reviewer can act on (permission, export failed...). */
export class BookingsUnavailableError extends Error {
  override readonly name = "BookingsUnavailableError";
}

/** Either a source, or why there is none (no credentials, `--no-bookings`). */
export type BookingsAccess = { source: BookingsSource } | { unavailable: string };

/** How far ahead a delete (or a disable without an end) is checked: the "next 30 days". */
export const DELETE_HORIZON_DAYS = 30;
/**
 * How far ahead a bounded disable window is checked. The export allows a window of at most 90
 * days, and each query starts {@link QUERY_LEAD_MS} early, so 89 days keep every query within it.
 */
const DISABLE_HORIZON_DAYS = 89;
/** A query starts this much before its earliest window, so a booking running across the window's start is returned whatever the export filters on. */
const QUERY_LEAD_MS = 24 * 3_600_000;
/** Default bound of the whole lookup: a stuck export task must not hold the plan. */
export const BOOKINGS_TIMEOUT_MS = 60_000;

const DAY_MS = 86_400_000;

export interface BookingWindow {
  start: Date;
  end: Date;
  /** `horizon`: "the next N days"; `disable`: the disable window (clipped to now and the horizon). */
  kind: "horizon" | "disable";
  /** True when a disable window reaches past what was checked. */
  clipped: boolean;
}

/** An existing room whose bookings the plan's change would cancel. */
export interface BookingTarget {
  /** Logical name of the step (`room-everest`). */
  name: string;
  label: string;
  place: string[];
  roomId: string;
  roomLevelId: string;
  change: "delete" | "replace" | "disable";
  window: BookingWindow;
}

export interface RoomBookings extends BookingTarget {
  /** Active bookings ("booked") that overlap the window. */
  count: number;
  /** Start of the earliest of them. */
  next?: Date;
}

export interface PlanBookings {
  /** Rooms looked up (every target), most bookings first. Empty when `missing` is set. */
  rooms: RoomBookings[];
  /** How many rooms the plan deletes or disables with bookings to check. */
  targets: number;
  /** Why the bookings are not shown (one line), when they could not be read. */
  missing?: string;
}

function unixSeconds(value: string | undefined): Date | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return new Date(Number(value) * 1000);
}

/** The window a step's change affects, or undefined when it lies wholly in the past. */
function windowOf(step: PlanStep, now: Date): BookingWindow | undefined {
  const ahead = (days: number): Date => new Date(now.getTime() + days * DAY_MS);
  if (!step.deactivates)
    return { start: now, end: ahead(DELETE_HORIZON_DAYS), kind: "horizon", clipped: false };
  const start = unixSeconds(step.disableWindow?.start);
  const end = step.disableWindow?.end === "0" ? undefined : unixSeconds(step.disableWindow?.end);
  // No end: disabled for good, which costs what a delete does.
  if (end === undefined && (start === undefined || start <= now))
    return { start: now, end: ahead(DELETE_HORIZON_DAYS), kind: "horizon", clipped: false };
  const horizon = ahead(DISABLE_HORIZON_DAYS);
  const from = start === undefined || start < now ? now : start;
  const to = end === undefined || end > horizon ? horizon : end;
  if (to <= from) return undefined;
  return { start: from, end: to, kind: "disable", clipped: end === undefined || end > horizon };
}

/** The existing rooms the plan deletes, replaces or disables, with the window each affects. */
export function bookingTargets(plan: Plan, now: Date): BookingTarget[] {
  const targets: BookingTarget[] = [];
  for (const step of plan.steps) {
    if (step.kind !== "Room" || step.room === undefined) continue;
    const change =
      step.action === "delete" || step.action === "replace"
        ? step.action
        : step.deactivates
          ? "disable"
          : undefined;
    if (change === undefined) continue;
    const window = windowOf(change === "disable" ? step : { ...step, deactivates: false }, now);
    if (window === undefined) continue;
    const { name, label, place } = step;
    targets.push({ name, label, place, ...step.room, change, window });
  }
  return targets;
}

/** One query per room level: its target rooms, over the span of their windows. */
export function bookingQueries(targets: readonly BookingTarget[]): BookingQuery[] {
  const byLevel = new Map<string, BookingTarget[]>();
  for (const target of targets)
    byLevel.set(target.roomLevelId, [...(byLevel.get(target.roomLevelId) ?? []), target]);
  return [...byLevel].map(([roomLevelId, rooms]) => ({
    roomLevelId,
    roomIds: [...new Set(rooms.map((r) => r.roomId))].sort(),
    startTime: new Date(Math.min(...rooms.map((r) => r.window.start.getTime())) - QUERY_LEAD_MS),
    endTime: new Date(Math.max(...rooms.map((r) => r.window.end.getTime()))),
  }));
}

/** A target's active bookings: "booked" (not cancelled or released) and overlapping its window. */
export function countBookings(target: BookingTarget, rows: readonly BookingRow[]): RoomBookings {
  const { start, end } = target.window;
  const hits = rows.filter(
    (row) =>
      row.roomId === target.roomId && row.status === "booked" && row.start < end && row.end > start,
  );
  const next = hits.reduce<Date | undefined>(
    (earliest, row) => (earliest === undefined || row.start < earliest ? row.start : earliest),
    undefined,
  );
  return { ...target, count: hits.length, ...(next === undefined ? {} : { next }) };
}

export interface LookUpOptions {
  now?: Date;
  timeoutMs?: number;
}

/**
 * The bookings a plan's changes would cancel. Never rejects: a missing source, a refusal, a
 * failure or the timeout come back as `missing`, so the plan renders and its exit code holds.
 */
export async function lookUpBookings(
  plan: Plan,
  access: BookingsAccess,
  options: LookUpOptions = {},
): Promise<PlanBookings> {
  const targets = bookingTargets(plan, options.now ?? new Date());
  if (targets.length === 0) return { rooms: [], targets: 0 };
  if ("unavailable" in access)
    return { rooms: [], targets: targets.length, missing: access.unavailable };
  const timeoutMs = options.timeoutMs ?? BOOKINGS_TIMEOUT_MS;
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(
        new BookingsUnavailableError(
          `the reservation export did not finish within ${formatSeconds(timeoutMs)} (--bookings-timeout)`,
        ),
      );
    }, timeoutMs);
  });
  try {
    const answers = await Promise.race([
      Promise.all(
        bookingQueries(targets).map((query) => access.source.bookings(query, controller.signal)),
      ),
      timeout,
    ]);
    const rows = answers.flat();
    const rooms = targets
      .map((target) => countBookings(target, rows))
      .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
    return { rooms, targets: targets.length };
  } catch (error) {
    controller.abort();
    return { rooms: [], targets: targets.length, missing: reasonOf(error) };
  } finally {
    clearTimeout(timer);
  }
}

function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

function reasonOf(error: unknown): string {
  if (error instanceof BookingsUnavailableError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return `the reservation export failed: ${message.split("\n")[0]}`;
}
