import {
  describeWorkingHours,
  parseWorkingHours,
  workingIntervals,
} from "../../../provider/usage/working-hours";

describe("parseWorkingHours", () => {
  it("states the defaults: 09:00-18:00 Mon-Fri at +08:00", () => {
    const hours = parseWorkingHours();
    expect(hours).toEqual({
      startMinute: 540,
      endMinute: 1080,
      timeZone: "+08:00",
      weekdays: [1, 2, 3, 4, 5],
    });
    expect(describeWorkingHours(hours)).toBe("09:00-18:00 mon-fri (+08:00)");
  });

  it("reads day lists and ranges that wrap past Saturday", () => {
    expect(parseWorkingHours(undefined, undefined, "sun-thu").weekdays).toEqual([0, 1, 2, 3, 4]);
    expect(parseWorkingHours(undefined, undefined, "fri-mon").weekdays).toEqual([0, 1, 5, 6]);
    expect(parseWorkingHours(undefined, undefined, "Mon,Wed").weekdays).toEqual([1, 3]);
  });

  it.each([
    ["18:00-09:00", "+08:00", "mon-fri", /--working-hours: "18:00-09:00" ends before it starts/],
    ["9-18", "+08:00", "mon-fri", /--working-hours: "9" is not a time of day HH:MM/],
    ["09:00-18:00", "Mars/Olympus", "mon-fri", /--time-zone: "Mars\/Olympus" is neither/],
    ["09:00-18:00", "+15:00", "mon-fri", /--time-zone: "\+15:00" is not a UTC offset/],
    ["09:00-18:00", "+08:00", "mon-fry", /--weekdays: "fry" is not a weekday/],
  ])("refuses %s %s %s with a one-line message", (hours, zone, days, message) => {
    expect(() => parseWorkingHours(hours, zone, days)).toThrow(message);
  });
});

describe("workingIntervals", () => {
  it("follows a zone's daylight saving change", () => {
    // New York moves to EDT on Sunday 2026-03-08: Friday 09:00 is 14:00Z, Monday 09:00 is 13:00Z.
    const hours = parseWorkingHours("09:00-17:00", "America/New_York");
    const intervals = workingIntervals(
      hours,
      new Date("2026-03-06T00:00:00Z"),
      new Date("2026-03-10T00:00:00Z"),
    );
    expect(intervals.map((i) => new Date(i.start).toISOString())).toEqual([
      "2026-03-06T14:00:00.000Z",
      "2026-03-09T13:00:00.000Z",
    ]);
    expect(intervals.map((i) => (i.end - i.start) / 3_600_000)).toEqual([8, 8]);
  });

  it("clips the first and last day to the window", () => {
    const hours = parseWorkingHours("09:00-18:00", "+08:00");
    const intervals = workingIntervals(
      hours,
      new Date("2026-03-02T12:00:00+08:00"),
      new Date("2026-03-03T10:30:00+08:00"),
    );
    expect(intervals.map((i) => (i.end - i.start) / 3_600_000)).toEqual([6, 1.5]);
  });
});
