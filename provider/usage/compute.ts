/**
 * Room usage from booking rows and the managed level tree: per room, then summed up every level.
 * Pure: the same input gives the same report.
 */
import {
  OVERSIZED_BELOW_SHARE,
  type InventoryLevel,
  type InventoryRoom,
  type LevelUsage,
  type RoomFlag,
  type RoomUsage,
  type UsageBooking,
  type UsageInput,
  type UsageReport,
  type UsageTotals,
} from "./model";
import {
  mergeIntervals,
  overlapMs,
  totalMs,
  workingIntervals,
  type Interval,
} from "./working-hours";

const HOUR_MS = 3_600_000;

export function computeUsage(input: UsageInput): UsageReport {
  const fromMs = input.from.getTime();
  const toMs = input.to.getTime();
  const working = workingIntervals(input.workingHours, input.from, input.to);
  const workingMs = totalMs(working);
  const byRoom = new Map<string, UsageBooking[]>();
  for (const booking of input.bookings) {
    // Only bookings that overlap the window count (export windows may reach past it).
    if (booking.end.getTime() <= fromMs || booking.start.getTime() >= toMs) continue;
    const list = byRoom.get(booking.roomId) ?? [];
    list.push(booking);
    byRoom.set(booking.roomId, list);
  }
  const measure = { fromMs, toMs, working, workingMs };
  const seen = new Set<string>();
  const roomUsage = (room: InventoryRoom, levelPath: string[], managed: boolean): RoomUsage => {
    seen.add(room.id);
    return usageOfRoom(room, levelPath, managed, byRoom.get(room.id) ?? [], measure);
  };

  const levelUsage = (level: InventoryLevel, parentPath: string[]): LevelUsage => {
    const path = [...parentPath, level.name];
    const rooms = level.rooms.map((room) => roomUsage(room, path, true)).sort(byUtilization);
    const levels = level.levels.map((child) => levelUsage(child, path));
    const totals = sumTotals(
      [rooms.map((room) => totalsOfRoom(room)), levels.map((child) => child.totals)].flat(),
      workingMs,
    );
    return { id: level.id, name: level.name, path, rooms, levels, totals };
  };

  const levels = input.levels.map((level) => levelUsage(level, []));
  const unmanaged = input.unmanagedRooms
    .map((room) => roomUsage(room, room.levelPath, false))
    .sort(byUtilization);
  const managedRooms = levels.flatMap(allRooms);
  let otherBookings = 0;
  for (const [roomId, bookings] of byRoom) if (!seen.has(roomId)) otherBookings += bookings.length;
  return {
    from: input.from,
    to: input.to,
    workingHours: input.workingHours,
    workingHoursInWindow: workingMs / HOUR_MS,
    levels,
    totals: sumTotals(
      levels.map((level) => level.totals),
      workingMs,
    ),
    neverBooked: managedRooms.filter((room) => room.flags.includes("never-booked")),
    unmanaged,
    otherBookings,
  };
}

/** Every room of a level and its sub-levels, level by level. */
export function allRooms(level: LevelUsage): RoomUsage[] {
  return [...level.rooms, ...level.levels.flatMap(allRooms)];
}

/** Every level of a tree, each before its sub-levels. */
export function allLevels(levels: readonly LevelUsage[]): LevelUsage[] {
  return levels.flatMap((level) => [level, ...allLevels(level.levels)]);
}

const byUtilization = (a: RoomUsage, b: RoomUsage): number =>
  a.utilization - b.utilization || a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

interface Measure {
  fromMs: number;
  toMs: number;
  working: Interval[];
  workingMs: number;
}

function usageOfRoom(
  room: InventoryRoom,
  levelPath: string[],
  managed: boolean,
  bookings: readonly UsageBooking[],
  measure: Measure,
): RoomUsage {
  const live = bookings.filter((booking) => booking.status !== "cancelled");
  const held = mergeIntervals(
    live.map((booking) => ({
      start: Math.max(measure.fromMs, booking.start.getTime()),
      end: Math.min(measure.toMs, booking.end.getTime()),
    })),
  );
  const bookedWorkingMs = overlapMs(held, measure.working);
  const headcounts = live
    .filter((booking) => booking.status === "booked")
    .map((booking) => booking.accepted)
    .sort((a, b) => a - b);
  const peakAttendance = headcounts.at(-1);
  const typicalAttendance = median(headcounts);
  const flags: RoomFlag[] = [];
  if (live.length === 0) flags.push("never-booked");
  if (room.capacity !== undefined && peakAttendance !== undefined) {
    if (peakAttendance < room.capacity * OVERSIZED_BELOW_SHARE) flags.push("oversized");
    if (peakAttendance > room.capacity) flags.push("undersized");
  }
  return {
    id: room.id,
    name: room.name,
    ...(room.capacity === undefined ? {} : { capacity: room.capacity }),
    levelPath,
    managed,
    bookings: live.length,
    cancelled: bookings.length - live.length,
    released: live.filter((booking) => booking.status === "released").length,
    bookedHours: totalMs(held) / HOUR_MS,
    bookedWorkingHours: bookedWorkingMs / HOUR_MS,
    utilization: measure.workingMs === 0 ? 0 : bookedWorkingMs / measure.workingMs,
    ...(peakAttendance === undefined ? {} : { peakAttendance }),
    ...(typicalAttendance === undefined ? {} : { typicalAttendance }),
    flags,
  };
}

/** The median of sorted numbers (the mean of the middle two for an even count). */
function median(sorted: readonly number[]): number | undefined {
  if (sorted.length === 0) return undefined;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function totalsOfRoom(room: RoomUsage): UsageTotals {
  return {
    rooms: 1,
    bookings: room.bookings,
    bookedHours: room.bookedHours,
    bookedWorkingHours: room.bookedWorkingHours,
    utilization: room.utilization,
    neverBooked: room.flags.includes("never-booked") ? 1 : 0,
    oversized: room.flags.includes("oversized") ? 1 : 0,
    undersized: room.flags.includes("undersized") ? 1 : 0,
  };
}

function sumTotals(parts: readonly UsageTotals[], workingMs: number): UsageTotals {
  const sum = (field: keyof UsageTotals): number =>
    parts.reduce((total, part) => total + part[field], 0);
  const rooms = sum("rooms");
  const bookedWorkingHours = sum("bookedWorkingHours");
  const capacityHours = (rooms * workingMs) / HOUR_MS;
  return {
    rooms,
    bookings: sum("bookings"),
    bookedHours: sum("bookedHours"),
    bookedWorkingHours,
    utilization: capacityHours === 0 ? 0 : bookedWorkingHours / capacityHours,
    neverBooked: sum("neverBooked"),
    oversized: sum("oversized"),
    undersized: sum("undersized"),
  };
}
