/**
 * The bookings section of a plan: one line per deleted or disabled room with bookings, most
 * first ("Everest: 14 bookings in the next 30 days would be cancelled"), cut to a character
 * budget with "and N more rooms", or one line saying why the bookings are missing.
 */
import { DELETE_HORIZON_DAYS, type PlanBookings, type RoomBookings } from "./plan-bookings";

const HEADING = "### 📅 Bookings that would be cancelled";

/** `2026-12-07 09:00 UTC`: minutes are enough to recognise a booking. */
function when(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

const bookings = (count: number): string => `${count} booking${count === 1 ? "" : "s"}`;

function windowText(room: RoomBookings): string {
  const { window } = room;
  if (window.kind === "horizon") return `in the next ${DELETE_HORIZON_DAYS} days`;
  const checked = window.clipped ? " (checked up to there; the window goes on)" : "";
  return `in the disable window ${when(window.start)} – ${when(window.end)}${checked}`;
}

function roomLine(room: RoomBookings): string {
  const where = room.place.length === 0 ? "" : `${room.place.join(" / ")}; `;
  const next = room.next === undefined ? "" : `next ${when(room.next)}; `;
  const change = room.change === "disable" ? "disabled" : `${room.change}d`;
  return `- **${room.label}**: ${bookings(room.count)} ${windowText(room)} would be cancelled (${where}${next}${change} by this change)`;
}

/**
 * The section's lines (ending with a blank line), at most `maxChars` long counted with their
 * newlines; empty when the plan deletes and disables no existing room.
 */
export function bookingsLines(result: PlanBookings, maxChars: number): string[] {
  if (result.targets === 0) return [];
  if (result.missing !== undefined) {
    const rooms = result.targets === 1 ? "1 room" : `${result.targets} rooms`;
    return [
      `_Bookings of the ${rooms} this change deletes or disables are not shown: ${result.missing}._`,
      "",
    ];
  }
  const booked = result.rooms.filter((room) => room.count > 0);
  if (booked.length === 0) {
    const rooms =
      result.rooms.length === 1 ? "The room" : `None of the ${result.rooms.length} rooms`;
    const has = result.rooms.length === 1 ? "has no" : "has";
    return [
      HEADING,
      "",
      `${rooms} this change deletes or disables ${has} bookings in the affected window.`,
      "",
    ];
  }
  const free = result.rooms.length - booked.length;
  const tail =
    free === 0
      ? []
      : [
          // A blank line first: text right after a list item would continue that item.
          "",
          `${free === 1 ? "1 other room has" : `${free} other rooms have`} no bookings in the affected window.`,
        ];
  const lines = [HEADING, ""];
  const size = (extra: string[]): number =>
    [...lines, ...extra].reduce((sum, line) => sum + line.length + 1, 0) + 1;
  for (let index = 0; index < booked.length; index += 1) {
    const line = roomLine(booked[index]!);
    const rest = booked.slice(index + 1);
    // Room for this line and, if more follow, the "and N more" line, in the worst case.
    const more = rest.length === 0 ? [] : [moreLine(rest)];
    if (size([line, ...more, ...tail]) > maxChars) {
      lines.push(moreLine(booked.slice(index)));
      return [...lines, ...tail, ""];
    }
    lines.push(line);
  }
  return [...lines, ...tail, ""];
}

function moreLine(rest: readonly RoomBookings[]): string {
  const total = rest.reduce((sum, room) => sum + room.count, 0);
  return `- _… and ${rest.length} more room${rest.length === 1 ? "" : "s"} (${bookings(total)})._`;
}
