import { computeUsage } from "../../../provider/usage/compute";
import type { UsageInput } from "../../../provider/usage/model";
import { chartedLevels, usageToHtml } from "../../../provider/usage/render-html";
import { usageToJson, usageToMarkdown } from "../../../provider/usage/render-text";
import { parseWorkingHours } from "../../../provider/usage/working-hours";

const EVIL = `<img src=x onerror="alert(1)">|</script><script>alert(2)</script>`;
const at = (local: string): Date => new Date(`${local}+08:00`);

const input: UsageInput = {
  levels: [
    {
      id: "lv-b",
      name: "Building B",
      rooms: [],
      levels: [
        {
          id: "lv-b1",
          name: "F1",
          levels: [],
          rooms: [
            { id: "r-evil", name: EVIL, capacity: 12 },
            { id: "r-quiet", name: "Quiet", capacity: 4 },
          ],
        },
      ],
    },
  ],
  unmanagedRooms: [{ id: "r-x", name: "Pod | 1", capacity: 1, levelPath: ["Building B", "F1"] }],
  bookings: [
    {
      roomId: "r-evil",
      roomName: EVIL,
      accepted: 3,
      start: at("2026-03-02T09:00:00"),
      end: at("2026-03-02T18:00:00"),
      status: "booked",
    },
  ],
  from: at("2026-03-02T00:00:00"),
  to: at("2026-03-03T00:00:00"),
  workingHours: parseWorkingHours(),
};
const report = computeUsage(input);

describe("usageToMarkdown", () => {
  const markdown = usageToMarkdown(report);

  it("has a roll-up table, a table per floor, never-booked and unmanaged rooms", () => {
    expect(markdown).toContain("### By level");
    expect(markdown).toMatch(/\| Building B \/ F1 +\| +2 \| +1 \| +9 \| +50\.0% \| +1 \|/);
    expect(markdown).toContain("### Building B / F1");
    expect(markdown).toContain("- Quiet (Building B / F1)");
    expect(markdown).toContain("Pod \\| 1");
  });

  it("escapes tenant names: no raw HTML, no pipe that splits a cell", () => {
    expect(markdown).not.toContain("<img");
    expect(markdown).not.toContain("<script");
    expect(markdown).toContain('&lt;img src=x onerror="alert(1)"&gt;\\|&lt;/script&gt;');
  });
});

describe("usageToJson", () => {
  it("round-trips the report's figures", () => {
    const json = JSON.parse(usageToJson(report)) as { totals: { bookedHours: number } };
    expect(json.totals.bookedHours).toBe(9);
  });
});

describe("usageToHtml", () => {
  const html = usageToHtml(report);

  it("charts every level with rooms and inlines Chart.js", () => {
    expect(chartedLevels(report).map((level) => level.name)).toEqual(["Building B", "F1"]);
    expect(html.match(/<canvas id="chart-\d+"><\/canvas>/g)).toHaveLength(2);
    expect(html).toContain("Chart.js v4");
  });

  it("loads nothing from the network", () => {
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toContain("sourceMappingURL");
    expect(html).toContain("default-src 'none'");
  });

  it("escapes tenant names in the tables and in the chart data", () => {
    expect(html).not.toContain("<img");
    // The only script elements are the page's own three.
    expect(html.match(/<script/g)).toHaveLength(3);
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(html).toContain("\\u003cimg src=x");
  });
});
