/**
 * The deterministic history generator behind `POST /__emulator/history`: room bookings over past
 * and upcoming days, and the meetings held in them, drawn from a seed. The same seed, rooms and
 * `now` give the same bookings, so a seeded tenant is rebuilt from its few seeding parameters
 * (persistence keeps those, not the hundreds of thousands of records a year of 1,000 rooms holds).
 *
 * Bookings are compact records (numbers and shared strings); a held meeting's participants are
 * derived from the booking's own seed when read ({@link heldMeeting}), never stored.
 */
import { seededRandom } from "../faults";

/** Seconds per day. */
const DAY = 86_400;
/** Upcoming bookings reach this many days ahead (the contract: the next 30 days). */
const UPCOMING_DAYS = 30;
/** The tenant's time zone offset in seconds (emulator default GMT+08:00). */
export const TENANT_UTC_OFFSET = 8 * 3600;
/** Working hours in tenant time: most bookings fall in 09:00-18:00 on weekdays. */
const WORK_START = 9 * 3600;
const WORK_END = 18 * 3600;
/** Share of rooms a seed leaves never booked. */
const NEVER_BOOKED_SHARE = 0.1;

/** Reference 3.5 resource_reservation_list `reservation_status`: booked, cancelled, released. */
export type BookingStatus = "booked" | "cancelled" | "released";

/** One room booking, seeded or added. Times are unix seconds. */
export interface BookingRecord {
  room_id: string;
  /** Index of the reserver in the user directory. */
  reserver: number;
  topic: string;
  guests: number;
  accepted: number;
  start: number;
  end: number;
  status: BookingStatus;
  checked_in: boolean;
  released_early: boolean;
  /** A meeting was held in the room for this booking (past, booked and checked in). */
  held: boolean;
  /** Seed of what is derived when read: the meeting's participants, shares, recording. */
  seed: number;
}

/** What a room contributes to the generator. */
export interface GeneratorRoom {
  room_id: string;
  capacity: number;
}

export interface GeneratorInput {
  seed: number;
  days: number;
  /** Unix seconds: history ends here, upcoming bookings start here. */
  now: number;
  rooms: readonly GeneratorRoom[];
  /** How many users the directory holds (reservers and participants are drawn from it). */
  users: number;
}

const TOPICS = [
  "Weekly sync",
  "Design review",
  "Customer call",
  "Sprint planning",
  "1:1",
  "Interview",
  "All hands prep",
  "Budget review",
  "Training",
  "Retrospective",
];

/** FNV-1a over a string, folded with a number: a 32-bit seed per room. */
export function mixSeed(seed: number, text: string): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Midnight (tenant time) of the day holding `unix`, as unix seconds. */
export const tenantDayStart = (unix: number): number =>
  Math.floor((unix + TENANT_UTC_OFFSET) / DAY) * DAY - TENANT_UTC_OFFSET;

/** 0 Sunday … 6 Saturday, in tenant time. */
const tenantWeekday = (dayStart: number): number =>
  new Date((dayStart + TENANT_UTC_OFFSET) * 1000).getUTCDay();

/** A booking's fields drawn for one slot of one room on one day. */
function draw(
  random: () => number,
  room: GeneratorRoom,
  fill: number,
  users: number,
  start: number,
  end: number,
  now: number,
): BookingRecord {
  // Invitees spread around the room's typical fill; accepted ones are a share of them.
  const typical = Math.max(1, room.capacity * fill);
  const guests = Math.max(1, Math.round(typical * (0.5 + 0.7 * random())));
  const accepted = Math.max(1, Math.round(guests * (0.5 + random() * 0.5)));
  const past = end <= now;
  const roll = random();
  let status: BookingStatus;
  if (past) status = roll < 0.07 ? "cancelled" : roll < 0.12 ? "released" : "booked";
  else status = roll < 0.05 ? "cancelled" : "booked";
  const checkedIn = past && status === "booked" && random() < 0.92;
  return {
    room_id: room.room_id,
    reserver: Math.floor(random() * users),
    topic: TOPICS[Math.floor(random() * TOPICS.length)]!,
    guests,
    accepted,
    start,
    end,
    status,
    checked_in: checkedIn,
    // A released booking is a no-show the room gave back before its end.
    released_early: status === "released",
    held: checkedIn,
    seed: Math.floor(random() * 0x7fffffff),
  };
}

/** One room's bookings over the window, in time order. */
function roomBookings(input: GeneratorInput, room: GeneratorRoom, out: BookingRecord[]): void {
  const random = seededRandom(mixSeed(input.seed, room.room_id));
  if (random() < NEVER_BOOKED_SHARE) return;
  const popularity = 0.2 + 0.8 * random();
  // How full the room's meetings typically are: rooms differ (a 20-seat room used for 1:1s, a
  // 4-seat room that overflows), so a usage report has oversized and too-small rooms to find.
  const fill = 0.15 + 0.85 * random();
  const first = tenantDayStart(input.now - input.days * DAY);
  const last = tenantDayStart(input.now + UPCOMING_DAYS * DAY);
  const from = input.now - input.days * DAY;
  const until = input.now + UPCOMING_DAYS * DAY;
  const halfHour = 1800;
  for (let day = first; day <= last; day += DAY) {
    const weekday = tenantWeekday(day);
    const weekend = weekday === 0 || weekday === 6;
    // Weekends: now and then one booking; weekdays: several, more in popular rooms.
    if (weekend && random() > 0.04) continue;
    let cursor = day + WORK_START + Math.floor(random() * 4) * halfHour;
    // A few early starts keep the working-hour bias from being a hard rule.
    if (!weekend && random() < 0.05) cursor = day + WORK_START - 2 * halfHour;
    const wanted = weekend ? 1 : Math.floor(popularity * 5 * random() + popularity);
    for (let n = 0; n < wanted; n += 1) {
      const start = cursor;
      const end = start + (1 + Math.floor(random() * 4)) * halfHour;
      if (end > day + WORK_END + 2 * halfHour) break;
      cursor = end + Math.floor(random() * 4) * halfHour;
      if (start < from || start >= until) continue;
      out.push(draw(random, room, fill, input.users, start, end, input.now));
    }
  }
}

/** Every booking of every room for one seeding, rooms in the given order, each in time order. */
export function generateBookings(input: GeneratorInput): BookingRecord[] {
  const out: BookingRecord[] = [];
  for (const room of input.rooms) roomBookings(input, room, out);
  return out;
}

/** A participant of a held meeting. Times are unix seconds. */
export interface DerivedParticipant {
  /** Directory index for users; the room for the room itself. */
  user?: number;
  room_id?: string;
  join: number;
  leave: number;
}

/** What a held booking's meeting looks like beyond the booking: derived from its seed. */
export interface DerivedMeeting {
  start: number;
  end: number;
  participants: DerivedParticipant[];
  shared: boolean;
  recorded: boolean;
}

/**
 * The meeting held for a booking: the room joins for the whole meeting, and `accepted` users
 * (the reserver first; at most the directory's size) each join and leave within it.
 */
export function heldMeeting(booking: BookingRecord, users: number): DerivedMeeting {
  const random = seededRandom(booking.seed);
  const length = booking.end - booking.start;
  const start = booking.start + Math.floor(random() * Math.min(300, length / 4));
  const end = Math.max(start + 300, booking.end - Math.floor(random() * Math.min(300, length / 4)));
  const participants: DerivedParticipant[] = [
    { room_id: booking.room_id, join: start, leave: end },
  ];
  const count = Math.min(booking.accepted, users);
  const chosen = new Set<number>([booking.reserver]);
  while (chosen.size < count) chosen.add(Math.floor(random() * users));
  const span = end - start;
  for (const user of chosen) {
    const join = start + Math.floor(random() * Math.min(600, span / 3));
    const leave = Math.max(join + 60, end - Math.floor(random() * Math.min(600, span / 3)));
    participants.push({ user, join, leave: Math.min(leave, end) });
  }
  return { start, end, participants, shared: random() < 0.3, recorded: random() < 0.1 };
}
