/**
 * The usage report as one self-contained HTML page: Chart.js (its UMD build) and the data are
 * inlined, and a Content-Security-Policy forbids every network request, so the file opens
 * offline and from an attachment. One chart per level (building, floor, ...) shows each room's
 * utilization, lowest first and colored by threshold, so the underused rooms of a floor stand
 * out; one table per level with rooms lists the figures.
 *
 * Room and level names are user input: the tables escape them as HTML text, and the chart data
 * is JSON inside a non-executed script element with `<` escaped, read with JSON.parse.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { allLevels, allRooms } from "./compute";
import {
  LOW_BELOW,
  UNDERUSED_BELOW,
  type LevelUsage,
  type RoomUsage,
  type UsageReport,
} from "./model";
import { FLAG_LABELS, hoursText, percent } from "./render-text";
import { describeWorkingHours } from "./working-hours";

/** The colors of the thresholds (underused, low, well used). */
const COLORS = { underused: "#d9534f", low: "#f0ad4e", used: "#5cb85c" } as const;

let chartSource: string | undefined;

/** Chart.js's UMD build, without its source-map comment (the page must fetch nothing). */
function chartJsSource(): string {
  if (chartSource === undefined) {
    const file = path.join(path.dirname(require.resolve("chart.js")), "chart.umd.min.js");
    chartSource = fs
      .readFileSync(file, "utf8")
      .replace(/\/\/# sourceMappingURL=\S*\s*$/, "")
      .replace(/<\/(script)/gi, "<\\/$1");
  }
  return chartSource;
}

/** Escapes text for HTML element content and quoted attribute values. */
function htmlText(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** JSON that is safe inside a script element (no `</script>`, no `<!--`). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

const colorOf = (utilization: number): string =>
  utilization < UNDERUSED_BELOW
    ? COLORS.underused
    : utilization < LOW_BELOW
      ? COLORS.low
      : COLORS.used;

/** What the page's script draws: one chart per level with rooms in or under it. */
interface ChartData {
  id: string;
  title: string;
  labels: string[];
  values: number[];
  colors: string[];
}

/** Levels that get a chart: every level with at least one room in or under it. */
export function chartedLevels(report: UsageReport): LevelUsage[] {
  return allLevels(report.levels).filter((level) => level.totals.rooms > 0);
}

function chartOf(level: LevelUsage, index: number): ChartData {
  const rooms = allRooms(level).sort((a, b) => a.utilization - b.utilization);
  const nested = level.levels.length > 0;
  return {
    id: `chart-${index}`,
    title: level.path.join(" / "),
    // In a building's chart a room is named with its floor, so same-named rooms stay apart.
    labels: rooms.map((room) =>
      nested ? `${room.name} (${room.levelPath.slice(level.path.length).join(" / ")})` : room.name,
    ),
    values: rooms.map((room) => Math.round(room.utilization * 1000) / 10),
    colors: rooms.map((room) => colorOf(room.utilization)),
  };
}

function roomTable(rooms: readonly RoomUsage[]): string {
  const rows = rooms.map((room) => {
    const cells = [
      htmlText(room.name),
      room.capacity === undefined ? "–" : String(room.capacity),
      String(room.bookings),
      hoursText(room.bookedHours),
      `<span class="dot" style="background:${colorOf(room.utilization)}"></span>${percent(room.utilization)}`,
      room.peakAttendance === undefined
        ? "–"
        : `${room.peakAttendance} / ${hoursText(room.typicalAttendance ?? 0)}`,
      room.flags.map((flag) => FLAG_LABELS[flag]).join(", "),
    ];
    return `<tr>${cells.map((cell) => `<td>${cell}</td>`).join("")}</tr>`;
  });
  return [
    "<table><thead><tr><th>Room</th><th>Seats</th><th>Bookings</th><th>Booked h</th>",
    "<th>Utilization</th><th>Peak / typical</th><th>Flags</th></tr></thead><tbody>",
    ...rows,
    "</tbody></table>",
  ].join("\n");
}

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 2rem; color: #222; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: right; }
th:first-child, td:first-child, td:last-child { text-align: left; }
.chart { position: relative; max-width: 900px; }
.dot { display: inline-block; width: 0.7em; height: 0.7em; border-radius: 50%; margin-right: 0.3em; }
.legend span { margin-right: 1rem; }
`;

/** Draws every chart from the inlined data; `window.usageCharts` lets a test count them. */
const DRAW = `
(function () {
  var charts = JSON.parse(document.getElementById("usage-data").textContent);
  window.usageCharts = charts.map(function (chart) {
    return new Chart(document.getElementById(chart.id), {
      type: "bar",
      data: { labels: chart.labels, datasets: [{ label: "Utilization (%)", data: chart.values, backgroundColor: chart.colors }] },
      options: {
        indexAxis: "y", animation: false, responsive: true, maintainAspectRatio: false,
        plugins: { legend: { display: false }, title: { display: true, text: chart.title } },
        scales: { x: { min: 0, max: 100, title: { display: true, text: "% of working hours booked" } } }
      }
    });
  });
})();
`;

export function usageToHtml(report: UsageReport): string {
  const levels = chartedLevels(report);
  const charts = levels.map(chartOf);
  const sections = levels.map((level, index) => {
    const chart = charts[index]!;
    const height = 60 + 22 * chart.labels.length;
    return [
      `<section><h2>${htmlText(level.path.join(" / "))}</h2>`,
      `<p>${level.totals.rooms} rooms, ${level.totals.bookings} bookings, ${hoursText(level.totals.bookedHours)} h booked, utilization ${percent(level.totals.utilization)}; never booked ${level.totals.neverBooked}, oversized ${level.totals.oversized}, too small ${level.totals.undersized}.</p>`,
      `<div class="chart" style="height:${height}px"><canvas id="${chart.id}"></canvas></div>`,
      level.rooms.length > 0 ? roomTable(level.rooms) : "",
      "</section>",
    ].join("\n");
  });
  const unmanaged =
    report.unmanaged.length === 0
      ? "<p>None: every room under the managed levels is declared.</p>"
      : roomTable(report.unmanaged);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Room usage ${htmlText(report.from.toISOString().slice(0, 10))} to ${htmlText(report.to.toISOString().slice(0, 10))}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Room usage</h1>
<p>Window ${htmlText(report.from.toISOString())} to ${htmlText(report.to.toISOString())}; working hours ${htmlText(describeWorkingHours(report.workingHours))}: ${hoursText(report.workingHoursInWindow)} h per room. ${report.totals.rooms} rooms, ${report.totals.bookings} bookings, utilization ${percent(report.totals.utilization)}.</p>
<p class="legend"><span><span class="dot" style="background:${COLORS.underused}"></span>underused (&lt; ${percent(UNDERUSED_BELOW)})</span><span><span class="dot" style="background:${COLORS.low}"></span>low (&lt; ${percent(LOW_BELOW)})</span><span><span class="dot" style="background:${COLORS.used}"></span>well used</span></p>
${sections.join("\n")}
<section><h2>Unmanaged rooms</h2>
${unmanaged}
</section>
<script type="application/json" id="usage-data">${scriptJson(charts)}</script>
<script>${chartJsSource()}</script>
<script>${DRAW}</script>
</body>
</html>
`;
}
