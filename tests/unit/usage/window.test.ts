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
  const booking = (
    roomId: string,
    start: string,
    end: string,
    status: UsageBooking["status"] = "booked",
  ): UsageBooking => ({
    roomId,
    roomName: roomId.toUpperCase(),
    accepted: 2,
    start: new Date(start),
    end: new Date(end),
    status,
  });
  // Crosses the boundary between the two windows of [2025-12-01, 2026-03-15).
  const spanning = booking("r1", "2026-02-28T23:00:00Z", "2026-03-01T01:00:00Z");
  const inside = booking("r1", "2026-01-05T02:00:00Z", "2026-01-05T03:00:00Z");
  const cancelledThenBooked = [
    booking("r2", "2026-01-05T02:00:00Z", "2026-01-05T03:00:00Z", "cancelled"),
    booking("r2", "2026-01-05T02:00:00Z", "2026-01-05T03:00:00Z"),
  ];
  const byLevel: Record<string, UsageBooking[]> = {
    "lv-a": [spanning, inside],
    "lv-b": cancelledThenBooked,
  };

  it("exports each level per window, keeps a booking that spans two windows once, and only the fields usage reads", async () => {
    const calls: string[] = [];
    const rows = await fetchBookings(
      // As the export does: the level's bookings overlapping the window, with more fields.
      async function* (levelId, window) {
        calls.push(`${levelId} ${window.start.toISOString().slice(0, 10)}`);
        for (const row of byLevel[levelId] ?? [])
          if (row.start < window.end && row.end > window.start)
            yield await Promise.resolve({ ...row, topic: "not kept", reserver: "Ann" });
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
    expect(rows).toEqual([spanning, inside, ...cancelledThenBooked]);
  });
});
