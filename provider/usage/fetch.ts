/**
 * Reads what usage needs from the tenant: the levels and rooms under the managed levels (to find
 * unmanaged rooms, and to match a layout), and the bookings through the resource_reservation_list
 * export, one export per top-level level and window of at most 90 days. A single export of a
 * level covers every room under it, so the number of API calls grows with levels and months,
 * not with rooms.
 */
import type { FeishuVcClient } from "../client";
import type { UsageBooking } from "./model";
import type { TenantLevel, TenantRoom } from "./inventory";

/** The export API's longest window (reference 3.5; the rule). */
export const MAX_EXPORT_DAYS = 90;
const DAY_MS = 86_400_000;

export interface TimeWindow {
  start: Date;
  end: Date;
}

/** Splits [from, to) into consecutive windows of at most `maxDays` days. */
export function exportWindows(from: Date, to: Date, maxDays = MAX_EXPORT_DAYS): TimeWindow[] {
  const windows: TimeWindow[] = [];
  for (let start = from.getTime(); start < to.getTime(); start += maxDays * DAY_MS) {
    windows.push({
      start: new Date(start),
      end: new Date(Math.min(to.getTime(), start + maxDays * DAY_MS)),
    });
  }
  return windows;
}

/**
 * Runs one resource_reservation_list export of a level and window and yields its rows as they
 * stream from the file (a year of 1,000 rooms is ~400,000 bookings: only what usage needs of
 * each is kept).
 */
export type ReservationExport = (
  roomLevelId: string,
  window: TimeWindow,
) => AsyncIterable<UsageBooking>;

/**
 * Every booking under the given top-level levels in [from, to), with only the fields usage reads.
 * A booking that crosses a window boundary may come back from both windows: it is kept once
 * (same room, start, end and status).
 */
export async function fetchBookings(
  runExport: ReservationExport,
  levelIds: readonly string[],
  from: Date,
  to: Date,
): Promise<UsageBooking[]> {
  const crossing = new Set<string>();
  const bookings: UsageBooking[] = [];
  const shared = new Map<string, string>();
  // Each row brings its own copies of its room's id and name; one string per room instead.
  const intern = (text: string): string => {
    const known = shared.get(text);
    if (known !== undefined) return known;
    // A copy: the parser's text may be a slice that keeps its whole input chunk alive.
    const own = Buffer.from(text, "utf8").toString("utf8");
    shared.set(own, own);
    return own;
  };
  for (const levelId of levelIds) {
    for (const window of exportWindows(from, to)) {
      for await (const row of runExport(levelId, window)) {
        // Only a booking reaching outside its window can come back from another window.
        if (row.start < window.start || row.end > window.end) {
          const key = `${row.roomId}\u0000${row.start.getTime()}\u0000${row.end.getTime()}\u0000${row.status}`;
          if (crossing.has(key)) continue;
          crossing.add(key);
        }
        bookings.push({
          roomId: intern(row.roomId),
          roomName: intern(row.roomName),
          accepted: row.accepted,
          start: row.start,
          end: row.end,
          status: row.status,
        });
      }
    }
  }
  return bookings;
}

/** The levels and rooms in and under the given levels (the levels themselves not included). */
export async function readTenantUnder(
  client: FeishuVcClient,
  levelIds: readonly string[],
): Promise<{ levels: TenantLevel[]; rooms: TenantRoom[] }> {
  const levels: TenantLevel[] = [];
  const rooms: TenantRoom[] = [];
  let frontier = [...levelIds];
  const visited = new Set<string>();
  while (frontier.length > 0) {
    const next: string[] = [];
    await Promise.all(
      frontier
        .filter((id) => !visited.has(id))
        .map(async (levelId) => {
          visited.add(levelId);
          const [children, inLevel] = await Promise.all([
            client.roomLevels.listAll(levelId),
            client.rooms.listAll(levelId),
          ]);
          for (const level of children) {
            levels.push({
              id: level.room_level_id,
              name: level.name,
              parentId: level.parent_id,
              ...(level.custom_group_id ? { customId: level.custom_group_id } : {}),
            });
            next.push(level.room_level_id);
          }
          for (const room of inLevel) {
            rooms.push({
              id: room.room_id,
              name: room.name,
              levelId: room.room_level_id,
              ...(room.capacity === undefined ? {} : { capacity: room.capacity }),
              ...(room.custom_room_id ? { customId: room.custom_room_id } : {}),
            });
          }
        }),
    );
    frontier = next;
  }
  return { levels, rooms };
}
