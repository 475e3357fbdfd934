/**
 * The seeded history behind reports and exports: the generator is deterministic, biased to
 * working hours and leaves some rooms unbooked; the control endpoints refuse bad input without
 * changing anything; a seeded tenant survives a restart from its state file.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type * as lark from "@larksuiteoapi/node-sdk";
import { startEmulator, type RunningEmulator } from "../../emulator";
import {
  generateBookings,
  TENANT_UTC_OFFSET,
  type BookingRecord,
} from "../../emulator/store/history-generator";
import { control, sdkClient } from "./sdk-helpers";

const DAY = 86_400;
/** A fixed Wednesday noon (UTC), so weekday counts do not depend on when the test runs. */
const NOW = Date.UTC(2026, 10, 18, 12) / 1000;
const ROOMS = Array.from({ length: 60 }, (_, i) => ({
  room_id: `omm_${String(i).padStart(32, "0")}`,
  capacity: 4 + (i % 12),
}));

describe("generator", () => {
  const generate = (seed: number): BookingRecord[] =>
    generateBookings({ seed, days: 120, now: NOW, rooms: ROOMS, users: 12 });

  it("gives the same bookings for the same seed, different ones for another", () => {
    const first = generate(7);
    expect(first.length).toBeGreaterThan(1000);
    expect(generate(7)).toEqual(first);
    expect(generate(8)).not.toEqual(first);
  });

  it("books mostly weekdays 09:00-18:00 tenant time, past and upcoming, and leaves some rooms unbooked", () => {
    const bookings = generate(11);
    const inHours = bookings.filter((b) => {
      const start = new Date((b.start + TENANT_UTC_OFFSET) * 1000);
      const end = new Date((b.end + TENANT_UTC_OFFSET) * 1000);
      const weekday = start.getUTCDay() >= 1 && start.getUTCDay() <= 5;
      const endHour = end.getUTCHours() + end.getUTCMinutes() / 60;
      return weekday && start.getUTCHours() >= 9 && endHour <= 18;
    });
    expect(inHours.length / bookings.length).toBeGreaterThan(0.8);
    expect(bookings.some((b) => b.start >= NOW)).toBe(true);
    expect(bookings.every((b) => b.start >= NOW - 120 * DAY && b.start < NOW + 30 * DAY)).toBe(
      true,
    );
    // Only past, checked-in bookings were held as meetings.
    expect(bookings.every((b) => !b.held || (b.end <= NOW && b.checked_in))).toBe(true);
    const booked = new Set(bookings.map((b) => b.room_id));
    expect(booked.size).toBeLessThan(ROOMS.length);
    expect(booked.size).toBeGreaterThan(ROOMS.length / 2);
  });
});

describe("control endpoints", () => {
  let emulator: RunningEmulator;
  let client: lark.Client;
  let roomIds: string[];

  beforeAll(async () => {
    emulator = await startEmulator({ noRateLimit: true });
    client = sdkClient(emulator);
    const root = await client.vc.roomLevel.get({ path: { room_level_id: "0" } });
    roomIds = [];
    for (const name of ["Alpha", "Beta", "Gamma"]) {
      const room = await client.vc.room.create({
        data: { name, capacity: 8, room_level_id: root.data!.room_level!.room_level_id! },
      });
      roomIds.push(room.data!.room!.room_id!);
    }
  });
  afterAll(async () => {
    await emulator.close();
  });

  const bookingsOf = async (roomId: string): Promise<BookingRecord[]> =>
    (await control<{ bookings: BookingRecord[] }>(emulator, "GET", `bookings/${roomId}`)).bookings;

  it("seeds every room by default, deterministically, and counts what it made", async () => {
    const first = await control<{ meetings: number; bookings: number }>(
      emulator,
      "POST",
      "history",
      { days: 30, seed: 5, now: NOW },
    );
    expect(first.bookings).toBeGreaterThan(first.meetings);
    const all = (await Promise.all(roomIds.map(bookingsOf))).flat();
    expect(all).toHaveLength(first.bookings);
    expect(all.filter((b) => b.held)).toHaveLength(first.meetings);
    const again = await control(emulator, "POST", "history", { days: 30, seed: 5, now: NOW });
    expect(again).toEqual(first);
    expect((await Promise.all(roomIds.map(bookingsOf))).flat()).toEqual(all);
  });

  it("seeds only the rooms named", async () => {
    await control(emulator, "POST", "history", {
      days: 10,
      seed: 3,
      now: NOW,
      room_ids: [roomIds[0]],
    });
    expect(await bookingsOf(roomIds[1]!)).toEqual([]);
  });

  it("refuses bad input with one line and changes nothing", async () => {
    await control(emulator, "POST", "history", { days: 20, seed: 9, now: NOW });
    const before = await bookingsOf(roomIds[0]!);
    const cases: [string, unknown, number, RegExp][] = [
      ["history", { seed: 1 }, 400, /^days must be/],
      ["history", { days: 5000, seed: 1 }, 400, /^days must be/],
      ["history", { days: 5, seed: "x" }, 400, /^seed must be/],
      [
        "history",
        { days: 5, seed: 1, room_ids: ["omm_nope"] },
        404,
        /^room_ids: no room omm_nope$/,
      ],
      ["history", { days: 5, seed: 1, now: "soon" }, 400, /^now must be/],
      ["bookings", { start_time: 1, end_time: 2 }, 400, /^room_id is required$/],
      ["bookings", { room_id: roomIds[0], start_time: 5, end_time: 2 }, 400, /after start_time/],
      ["bookings", { room_id: "omm_nope", start_time: 1, end_time: 2 }, 404, /^no room omm_nope$/],
      [
        "bookings",
        { room_id: roomIds[0], start_time: 1, end_time: 2, reserver_user_id: "nobody" },
        404,
        /^reserver_user_id: no user "nobody"$/,
      ],
      ["exports/config", { delay_ms: -1 }, 400, /^delay_ms must be/],
      ["exports/config", { fail_kinds: ["meetings"] }, 400, /^fail_kinds must list/],
    ];
    for (const [pathName, body, status, message] of cases) {
      const answer = await control<{ error: string }>(emulator, "POST", pathName, body, status);
      expect(answer.error).toMatch(message);
      expect(answer.error).not.toContain("\n");
    }
    expect(await bookingsOf(roomIds[0]!)).toEqual(before);
  });

  it("adds a booking; a past one records its meeting", async () => {
    const start = Math.floor(Date.now() / 1000) - 2 * 3600;
    const past = await control<{ meeting_id?: string }>(emulator, "POST", "bookings", {
      room_id: roomIds[2],
      start_time: start,
      end_time: start + 3600,
      guests: 6,
      accepted: 4,
      topic: "Board",
    });
    expect(past.meeting_id).toMatch(/^\d{19}$/);
    const future = await control<{ meeting_id?: string }>(emulator, "POST", "bookings", {
      room_id: roomIds[2],
      start_time: String(start + 5 * DAY),
      end_time: String(start + 5 * DAY + 1800),
    });
    expect(future.meeting_id).toBeUndefined();
    const added = (await bookingsOf(roomIds[2]!)).filter((b) => b.topic === "Board");
    expect(added).toMatchObject([{ guests: 6, accepted: 4, held: true, status: "booked" }]);
  });
});

it("keeps the seeded history across a restart from the state file", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "feishu-vc-history-"));
  const stateFile = path.join(dir, "tenant.json");
  try {
    const first = await startEmulator({ stateFile, noRateLimit: true });
    const client = sdkClient(first);
    const root = await client.vc.roomLevel.get({ path: { room_level_id: "0" } });
    const room = await client.vc.room.create({
      data: { name: "Kept", capacity: 6, room_level_id: root.data!.room_level!.room_level_id! },
    });
    const roomId = room.data!.room!.room_id!;
    await control(first, "POST", "history", { days: 14, seed: 21, now: NOW });
    await control(first, "POST", "bookings", { room_id: roomId, start_time: 100, end_time: 200 });
    const before = await control(first, "GET", `bookings/${roomId}`);
    await first.close();
    // The file keeps the seeding's parameters, not its generated records.
    expect(fs.statSync(stateFile).size).toBeLessThan(20_000);
    const second = await startEmulator({ stateFile, noRateLimit: true });
    try {
      expect(await control(second, "GET", `bookings/${roomId}`)).toEqual(before);
    } finally {
      await second.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
