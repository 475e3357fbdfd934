/**
 * The usage report as Markdown (for a pull request or a wiki) and as JSON. Room and level names
 * come from the tenant (user input): Markdown escapes them so that a name cannot break a table
 * or inject HTML.
 */
import markdownTable from "markdown-table";
import { allLevels } from "./compute";
import {
  LOW_BELOW,
  OVERSIZED_BELOW_SHARE,
  UNDERUSED_BELOW,
  type LevelUsage,
  type RoomFlag,
  type RoomUsage,
  type UsageReport,
} from "./model";
import { describeWorkingHours } from "./working-hours";

/** Escapes tenant text for a Markdown table cell. */
function markdownText(text: string): string {
  return text
    .replace(/[\r\n]+/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([\\`*_[\]|#~])/g, "\\$1");
}

export const percent = (share: number): string => `${(share * 100).toFixed(1)}%`;
export const hoursText = (hours: number): string =>
  Number.isInteger(hours) ? String(hours) : hours.toFixed(1);

export const FLAG_LABELS: Record<RoomFlag, string> = {
  "never-booked": "never booked",
  oversized: "oversized",
  undersized: "too small",
};

/** "2026-03-02" in the report's zone would need the zone's calendar; UTC ISO is unambiguous. */
const instant = (date: Date): string => date.toISOString().replace(/\.000Z$/, "Z");

const attendance = (room: RoomUsage): string =>
  room.peakAttendance === undefined
    ? "–"
    : `${room.peakAttendance} / ${hoursText(room.typicalAttendance ?? 0)}`;

function roomRows(rooms: readonly RoomUsage[], withLevel: boolean): string[][] {
  return rooms.map((room) => [
    markdownText(room.name),
    ...(withLevel ? [markdownText(room.levelPath.join(" / "))] : []),
    room.capacity === undefined ? "–" : String(room.capacity),
    String(room.bookings),
    hoursText(room.bookedHours),
    percent(room.utilization),
    attendance(room),
    room.flags.map((flag) => FLAG_LABELS[flag]).join(", "),
  ]);
}

const ROOM_HEADER = [
  "Room",
  "Seats",
  "Bookings",
  "Booked h",
  "Utilization",
  "Peak / typical",
  "Flags",
];
const ROOM_ALIGN = ["l", "r", "r", "r", "r", "r", "l"];

export function usageToMarkdown(report: UsageReport): string {
  const levels = allLevels(report.levels);
  const lines: string[] = [
    "## Room usage",
    "",
    `Window ${instant(report.from)} to ${instant(report.to)}; working hours ${describeWorkingHours(report.workingHours)}: ` +
      `${hoursText(report.workingHoursInWindow)} h per room. ` +
      `${report.totals.rooms} rooms, ${report.totals.bookings} bookings, ` +
      `${hoursText(report.totals.bookedHours)} h booked, utilization ${percent(report.totals.utilization)}.`,
    "",
    `Utilization is booked working hours over the window's working hours (underused < ${percent(UNDERUSED_BELOW)}, low < ${percent(LOW_BELOW)}). ` +
      `Attendance is the accepted headcount of held bookings (peak / median); oversized: peak below ${Math.round(OVERSIZED_BELOW_SHARE * 100)}% of the seats, too small: peak above the seats.`,
    "",
    "### By level",
    "",
    markdownTable(
      [
        [
          "Level",
          "Rooms",
          "Bookings",
          "Booked h",
          "Utilization",
          "Never booked",
          "Oversized",
          "Too small",
        ],
        ...levels.map((level) => [
          markdownText(level.path.join(" / ")),
          String(level.totals.rooms),
          String(level.totals.bookings),
          hoursText(level.totals.bookedHours),
          percent(level.totals.utilization),
          String(level.totals.neverBooked),
          String(level.totals.oversized),
          String(level.totals.undersized),
        ]),
      ],
      { align: ["l", "r", "r", "r", "r", "r", "r", "r"] },
    ),
  ];
  for (const level of levels.filter((l: LevelUsage) => l.rooms.length > 0)) {
    lines.push(
      "",
      `### ${markdownText(level.path.join(" / "))}`,
      "",
      markdownTable([ROOM_HEADER, ...roomRows(level.rooms, false)], { align: ROOM_ALIGN }),
    );
  }
  lines.push("", "### Never booked", "");
  lines.push(
    report.neverBooked.length === 0
      ? "Every managed room was booked in the window."
      : report.neverBooked
          .map(
            (room) => `- ${markdownText(room.name)} (${markdownText(room.levelPath.join(" / "))})`,
          )
          .join("\n"),
  );
  lines.push("", "### Unmanaged rooms", "");
  if (report.unmanaged.length === 0) {
    lines.push("None: every room under the managed levels is declared.");
  } else {
    const header = [...ROOM_HEADER];
    header.splice(1, 0, "Level");
    lines.push(
      "Rooms in the tenant under managed levels that the layout does not declare:",
      "",
      markdownTable([header, ...roomRows(report.unmanaged, true)], {
        align: ["l", "l", ...ROOM_ALIGN.slice(1)],
      }),
    );
  }
  if (report.otherBookings > 0) {
    lines.push(
      "",
      `${report.otherBookings} booking(s) of rooms no longer found under the managed levels are not counted.`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** The report as JSON: dates as ISO strings, numbers as numbers. */
export function usageToJson(report: UsageReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
