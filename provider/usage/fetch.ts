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

/** Runs one resource_reservation_list export of a level and window and returns its rows. */
export type ReservationExport = (
  roomLevelId: string,
  window: TimeWindow,
) => Promise<readonly UsageBooking[]>;

/**
 * Every booking under the given top-level levels in [from, to). A booking that crosses a
 * window boundary may come back from both windows: it is kept once (same room, start and end).
 */
export async function fetchBookings(
  runExport: ReservationExport,
  levelIds: readonly string[],
  from: Date,
  to: Date,
): Promise<UsageBooking[]> {
  const seen = new Set<string>();
  const bookings: UsageBooking[] = [];
  for (const levelId of levelIds) {
    for (const window of exportWindows(from, to)) {
      for (const row of await runExport(levelId, window)) {
        const key = `${row.roomId}\u0000${row.start.getTime()}\u0000${row.end.getTime()}\u0000${row.status}`;
        if (seen.has(key)) continue;
        seen.add(key);
        bookings.push(row);
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
