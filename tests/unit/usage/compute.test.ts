/**
 * Room usage against hand-computed expectations: one week (Mon 2026-03-02 to Mon 2026-03-09,
 * +08:00), working hours 09:00-18:00 Mon-Fri, so one room's week is 5 x 9 = 45 working hours.
 */
import { computeUsage } from "../../../provider/usage/compute";
import type { InventoryLevel, UsageBooking, UsageInput } from "../../../provider/usage/model";
import { parseWorkingHours } from "../../../provider/usage/working-hours";

const at = (local: string): Date => new Date(`${local}+08:00`);
const booking = (
  roomId: string,
  start: string,
  end: string,
  accepted: number,
  status: UsageBooking["status"] = "booked",
): UsageBooking => ({ roomId, roomName: roomId, accepted, start: at(start), end: at(end), status });

const building: InventoryLevel = {
  id: "lv-a",
  name: "Building A",
  rooms: [],
  levels: [
    {
      id: "lv-a1",
      name: "F1",
      levels: [],
      rooms: [
        { id: "r-everest", name: "Everest", capacity: 16 },
        { id: "r-k2", name: "K2", capacity: 8 },
        { id: "r-lhotse", name: "Lhotse", capacity: 6 },
      ],
    },
    { id: "lv-a2", name: "F2", levels: [], rooms: [{ id: "r-fuji", name: "Fuji", capacity: 4 }] },
  ],
};

const bookings: UsageBooking[] = [
  // Everest: Mon 10-12 and 11-13 overlap (10-13: 3 h, all working); Tue 17-20 (3 h, 1 working);
  // Sat 10-12 (2 h, none working); a cancelled Wed counts nowhere. 8 h booked, 4 working.
  booking("r-everest", "2026-03-02T10:00:00", "2026-03-02T12:00:00", 3),
  booking("r-everest", "2026-03-02T11:00:00", "2026-03-02T13:00:00", 4),
  booking("r-everest", "2026-03-03T17:00:00", "2026-03-03T20:00:00", 2),
  booking("r-everest", "2026-03-07T10:00:00", "2026-03-07T12:00:00", 5),
  booking("r-everest", "2026-03-04T09:00:00", "2026-03-04T18:00:00", 16, "cancelled"),
  // K2: Wed 9-18 with 9 people in an 8-seat room; a released (no-show) Thu 14-15 booking holds
  // the room for 1 h but says nothing about attendance.
  booking("r-k2", "2026-03-04T09:00:00", "2026-03-04T18:00:00", 9),
  booking("r-k2", "2026-03-05T14:00:00", "2026-03-05T15:00:00", 6, "released"),
  // Fuji: Sun 22:00 to Mon 10:00 is clipped to the window (10 h, 1 working); Sun 23:00 to Mon
  // 01:00 at the end is clipped to 1 h; a booking after the window is not counted.
  booking("r-fuji", "2026-03-01T22:00:00", "2026-03-02T10:00:00", 2),
  booking("r-fuji", "2026-03-08T23:00:00", "2026-03-09T01:00:00", 1),
  booking("r-fuji", "2026-03-09T10:00:00", "2026-03-09T11:00:00", 4),
  // An undeclared room under F1, and a room the tenant no longer has.
  booking("r-storage", "2026-03-03T09:00:00", "2026-03-03T10:00:00", 1),
  booking("r-gone", "2026-03-03T09:00:00", "2026-03-03T10:00:00", 1),
];

const input = (overrides: Partial<UsageInput> = {}): UsageInput => ({
  levels: [building],
  unmanagedRooms: [
    { id: "r-storage", name: "Storage", capacity: 2, levelPath: ["Building A", "F1"] },
  ],
  bookings,
  from: at("2026-03-02T00:00:00"),
  to: at("2026-03-09T00:00:00"),
  workingHours: parseWorkingHours(),
  ...overrides,
});

describe("computeUsage", () => {
  const report = computeUsage(input());
  const [buildingA] = report.levels;
  const [f1, f2] = buildingA!.levels;
  const room = (id: string) =>
    [...f1!.rooms, ...f2!.rooms, ...report.unmanaged].find((r) => r.id === id)!;

  it("measures the window's working hours", () => {
    expect(report.workingHoursInWindow).toBe(45);
  });

  it("counts bookings, hours and utilization per room", () => {
    expect(room("r-everest")).toMatchObject({
      bookings: 4,
      cancelled: 1,
      released: 0,
      bookedHours: 8,
      bookedWorkingHours: 4,
      peakAttendance: 5,
      typicalAttendance: 3.5,
      levelPath: ["Building A", "F1"],
      managed: true,
    });
    expect(room("r-everest").utilization).toBeCloseTo(4 / 45, 10);
    expect(room("r-k2")).toMatchObject({
      bookings: 2,
      released: 1,
      bookedHours: 10,
      bookedWorkingHours: 10,
      peakAttendance: 9,
      typicalAttendance: 9,
    });
    expect(room("r-fuji")).toMatchObject({ bookings: 2, bookedHours: 11, bookedWorkingHours: 1 });
    expect(room("r-lhotse")).toMatchObject({ bookings: 0, bookedHours: 0, utilization: 0 });
    expect(room("r-lhotse").peakAttendance).toBeUndefined();
  });

  it("flags rooms far bigger than their meetings, too small for them, and never booked", () => {
    // Everest: peak 5 < 16 / 3. K2: peak 9 > 8 seats. Fuji: peak 2 of 4 is neither.
    expect(room("r-everest").flags).toEqual(["oversized"]);
    expect(room("r-k2").flags).toEqual(["undersized"]);
    expect(room("r-fuji").flags).toEqual([]);
    expect(room("r-lhotse").flags).toEqual(["never-booked"]);
    expect(report.neverBooked.map((r) => r.name)).toEqual(["Lhotse"]);
  });

  it("rolls up floors and buildings", () => {
    expect(f1!.rooms.map((r) => r.name)).toEqual(["Lhotse", "Everest", "K2"]);
    expect(f1!.totals).toMatchObject({
      rooms: 3,
      bookings: 6,
      bookedHours: 18,
      bookedWorkingHours: 14,
      neverBooked: 1,
      oversized: 1,
      undersized: 1,
    });
    expect(f1!.totals.utilization).toBeCloseTo(14 / 135, 10);
    expect(buildingA!.totals).toMatchObject({ rooms: 4, bookings: 8, bookedHours: 29 });
    expect(buildingA!.totals.utilization).toBeCloseTo(15 / 180, 10);
    expect(report.totals).toEqual(buildingA!.totals);
    expect(f2!.path).toEqual(["Building A", "F2"]);
  });

  it("reports unmanaged rooms with their usage and counts bookings of unknown rooms", () => {
    expect(report.unmanaged).toHaveLength(1);
    expect(room("r-storage")).toMatchObject({ managed: false, bookings: 1, bookedHours: 1 });
    expect(report.otherBookings).toBe(1);
  });

  it("measures working hours in the given zone and weekdays", () => {
    // The same week seen from UTC: Mon 00:00+08:00 is Sun 16:00Z; 09:00-18:00Z Mon-Fri lies
    // inside the window except Mon 2026-03-09 (after it): still 45 h. Everest's Mon 02:00-05:00Z
    // and Tue 09:00-12:00Z (17-20 +08:00) bookings: 3 h in UTC working hours.
    const utc = computeUsage(input({ workingHours: parseWorkingHours("09:00-18:00", "Z") }));
    expect(utc.workingHoursInWindow).toBe(45);
    const everest = utc.levels[0]!.levels[0]!.rooms.find((r) => r.id === "r-everest")!;
    expect(everest.bookedWorkingHours).toBe(3);
    // Sat and Sun only: 2 days x 9 h; Everest's Saturday booking is now all working time.
    const weekend = computeUsage(
      input({ workingHours: parseWorkingHours(undefined, "+08:00", "sat-sun") }),
    );
    expect(weekend.workingHoursInWindow).toBe(18);
    expect(
      weekend.levels[0]!.levels[0]!.rooms.find((r) => r.id === "r-everest")!.bookedWorkingHours,
    ).toBe(2);
  });
});
