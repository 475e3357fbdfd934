import { exportWindows, fetchBookings } from "../../../provider/usage/fetch";
import type { UsageBooking } from "../../../provider/usage/model";
import { parseUsageWindow } from "../../../provider/usage/window";

const NOW = new Date("2026-03-15T04:00:00Z");

describe("parseUsageWindow", () => {
  it("defaults to the last 30 days up to now", () => {
    expect(parseUsageWindow(undefined, undefined, "+08:00", NOW)).toEqual({
      from: new Date("2026-02-13T04:00:00Z"),
      to: NOW,
    });
  });

  it("reads dates as local days, the end day included", () => {
    expect(parseUsageWindow("2026-03-02", "2026-03-08", "+08:00", NOW)).toEqual({
      from: new Date("2026-03-01T16:00:00Z"),
      to: new Date("2026-03-08T16:00:00Z"),
    });
    expect(parseUsageWindow("2026-03-02T09:00:00+08:00", undefined, "Z", NOW).from).toEqual(
      new Date("2026-03-02T01:00:00Z"),
    );
  });

  it.each([
    ["2026-03-09", "2026-03-02", /--from .* is not before --to/],
    ["2026-02-30", undefined, /--from: "2026-02-30" is not a calendar date/],
    ["yesterday", undefined, /--from: "yesterday" is neither a date/],
    ["2026-03-02T09:00", undefined, /--from: .* ISO 8601 time with an offset/],
    [undefined, "2026-07-01", /more than 90 days ahead/],
  ])("refuses --from %s --to %s", (from, to, message) => {
    expect(() => parseUsageWindow(from, to, "+08:00", NOW)).toThrow(message);
  });
});

describe("exportWindows", () => {
  it("splits a year into windows of at most 90 days", () => {
    const windows = exportWindows(
      new Date("2025-03-15T00:00:00Z"),
      new Date("2026-03-15T00:00:00Z"),
    );
    expect(windows).toHaveLength(5);
    expect(windows.map((w) => (w.end.getTime() - w.start.getTime()) / 86_400_000)).toEqual([
      90, 90, 90, 90, 5,
    ]);
    expect(windows[1]!.start).toEqual(windows[0]!.end);
  });
});

describe("fetchBookings", () => {
  it("exports each level per window and keeps a booking that spans two windows once", async () => {
    const spanning: UsageBooking = {
      roomId: "r1",
      roomName: "R1",
      accepted: 2,
      start: new Date("2026-01-01T23:00:00Z"),
      end: new Date("2026-01-02T01:00:00Z"),
      status: "booked",
    };
    const calls: string[] = [];
    const rows = await fetchBookings(
      (levelId, window) => {
        calls.push(`${levelId} ${window.start.toISOString().slice(0, 10)}`);
        return Promise.resolve([spanning]);
      },
      ["lv-a", "lv-b"],
      new Date("2025-12-01T00:00:00Z"),
      new Date("2026-03-15T00:00:00Z"),
    );
    expect(calls).toEqual([
      "lv-a 2025-12-01",
      "lv-a 2026-03-01",
      "lv-b 2025-12-01",
      "lv-b 2026-03-01",
    ]);
    expect(rows).toEqual([spanning]);
  });
});
