/**
 * What room usage is computed from and what it produces. The inputs are plain data (the managed
 * level tree with tenant ids, and booking rows of the resource_reservation_list export), so the
 * computation is pure and the renderers (Markdown, JSON, HTML) read only the report.
 */
import type { WorkingHours } from "./working-hours";

/**
 * One booking, as the resource_reservation_list export gives it. The client's `ReservationRow`
 * has these fields (and more), so its rows are passed in as they are.
 */
export interface UsageBooking {
  roomId: string;
  roomName: string;
  /** Invitees who accepted (the export's 接受人数): the headcount the API gives per booking. */
  accepted: number;
  start: Date;
  end: Date;
  status: "booked" | "cancelled" | "released";
}

export interface InventoryRoom {
  id: string;
  name: string;
  capacity?: number;
}

/** A managed level, with its managed sub-levels and rooms. */
export interface InventoryLevel {
  id: string;
  name: string;
  levels: InventoryLevel[];
  rooms: InventoryRoom[];
}

/** A room in the tenant under a managed level that the layout or stack does not declare. */
export interface UnmanagedRoom extends InventoryRoom {
  /** Names of the managed levels from the top down to the one holding the room. */
  levelPath: string[];
}

export interface UsageInput {
  /** The managed top-level levels (each with everything managed under it). */
  levels: InventoryLevel[];
  unmanagedRooms: UnmanagedRoom[];
  bookings: readonly UsageBooking[];
  /** The window measured: [from, to). */
  from: Date;
  to: Date;
  workingHours: WorkingHours;
}

/** Why a room stands out. */
export type RoomFlag = "never-booked" | "oversized" | "undersized";

/** A room is oversized when its peak attendance is below this share of its capacity. */
export const OVERSIZED_BELOW_SHARE = 1 / 3;
/** Utilization under this share of working hours is "underused" (red on the page). */
export const UNDERUSED_BELOW = 0.2;
/** Utilization under this share (and not underused) is "low" (amber on the page). */
export const LOW_BELOW = 0.5;

export interface RoomUsage {
  id: string;
  name: string;
  capacity?: number;
  /** Names of the levels from the top down to the room's level. */
  levelPath: string[];
  managed: boolean;
  /** Bookings not cancelled that overlap the window (auto-released ones included). */
  bookings: number;
  cancelled: number;
  /** Bookings released because nobody checked in (status 已释放). */
  released: number;
  /** Hours the room was booked inside the window (overlapping bookings counted once). */
  bookedHours: number;
  /** Booked hours that fall in working hours. */
  bookedWorkingHours: number;
  /** bookedWorkingHours / the window's working hours (0..1). */
  utilization: number;
  /** Largest and median accepted headcount of held (not cancelled, not released) bookings. */
  peakAttendance?: number;
  typicalAttendance?: number;
  flags: RoomFlag[];
}

export interface UsageTotals {
  rooms: number;
  bookings: number;
  bookedHours: number;
  bookedWorkingHours: number;
  /** bookedWorkingHours / (rooms x the window's working hours). */
  utilization: number;
  neverBooked: number;
  oversized: number;
  undersized: number;
}

export interface LevelUsage {
  id: string;
  name: string;
  /** Names from the top-level level down to this one. */
  path: string[];
  /** Rooms directly in this level, by utilization, lowest first. */
  rooms: RoomUsage[];
  levels: LevelUsage[];
  /** Every room in this level and below. */
  totals: UsageTotals;
}

export interface UsageReport {
  from: Date;
  to: Date;
  workingHours: WorkingHours;
  /** Working hours in the window: what 100% utilization of one room is. */
  workingHoursInWindow: number;
  levels: LevelUsage[];
  totals: UsageTotals;
  /** Managed rooms with no booking in the window. */
  neverBooked: RoomUsage[];
  /** Rooms the tenant has under managed levels that are not declared, with their usage. */
  unmanaged: RoomUsage[];
  /** Booking rows for rooms neither managed nor found under managed levels (e.g. deleted). */
  otherBookings: number;
}
