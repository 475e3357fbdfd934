/**
 * Seeding what reports and exports read: a generated history of meetings and room bookings
 * (`POST /__emulator/history`), single bookings (`POST /__emulator/bookings`), a room's bookings
 * (`GET /__emulator/bookings/:room_id`), and how export tasks behave (`POST /__emulator/exports/config`).
 * Bad input is refused with a one-line error and changes nothing.
 */
import type { ExportKind } from "../store/export-files";
import { mixSeed, type GeneratorRoom } from "../store/history-generator";
import type { Json } from "../validate";
import {
  control,
  ok,
  refuse,
  type ControlAnswer,
  type ControlContext,
  type ControlRoute,
} from "./control";

/** The longest history one seeding generates (two years). */
const MAX_DAYS = 731;
const EXPORT_KINDS: readonly ExportKind[] = [
  "meeting_list",
  "participant_list",
  "participant_quality_list",
  "resource_reservation_list",
];

const isCount = (value: Json | undefined): value is number =>
  typeof value === "number" && Number.isInteger(value) && value >= 0;

/** Unix seconds given as a number or a string of digits. */
function seconds(value: Json | undefined): number | undefined {
  if (typeof value === "number" && Number.isInteger(value) && value >= 0) return value;
  if (typeof value === "string" && /^\d{1,12}$/.test(value)) return Number(value);
  return undefined;
}

/** The rooms of a seeding: the given ids (each must exist), or every room of the tenant. */
function seedingRooms(ctx: ControlContext): GeneratorRoom[] | ControlAnswer {
  const ids = ctx.input.room_ids;
  if (ids === undefined)
    return ctx.tenant.rooms.all().map((room) => ({
      room_id: room.room_id as string,
      capacity: room.capacity as number,
    }));
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== "string"))
    return refuse(400, "room_ids must be a list of room ids");
  const rooms: GeneratorRoom[] = [];
  for (const id of ids as string[]) {
    const room = ctx.tenant.rooms.find(id);
    if (room === undefined) return refuse(404, `room_ids: no room ${id}`);
    rooms.push({ room_id: room.room_id, capacity: room.capacity });
  }
  return rooms;
}

function exportsConfig(ctx: ControlContext): ControlAnswer {
  const input = ctx.input;
  const config = ctx.tenant.exports.config;
  for (const field of ["delay_ms", "fail_next", "drop_next_downloads", "ttl_ms"] as const) {
    if (input[field] !== undefined && !isCount(input[field]))
      return refuse(400, `${field} must be a whole number, 0 or more`);
  }
  const kinds = input.fail_kinds;
  if (
    kinds !== undefined &&
    (!Array.isArray(kinds) || kinds.some((k) => !EXPORT_KINDS.includes(k as ExportKind)))
  )
    return refuse(400, `fail_kinds must list export kinds (${EXPORT_KINDS.join(", ")})`);
  if (isCount(input.delay_ms)) config.delayMs = input.delay_ms;
  if (isCount(input.fail_next)) config.failNext = input.fail_next;
  if (isCount(input.drop_next_downloads)) config.dropNextDownloads = input.drop_next_downloads;
  if (isCount(input.ttl_ms)) config.ttlMs = input.ttl_ms;
  if (kinds !== undefined) config.failKinds = kinds as ExportKind[];
  return ok({
    delay_ms: config.delayMs,
    fail_next: config.failNext,
    fail_kinds: config.failKinds,
    drop_next_downloads: config.dropNextDownloads,
    ttl_ms: config.ttlMs,
  });
}

export const HISTORY_CONTROLS: ControlRoute[] = [
  control("POST /__emulator/history", (ctx) => {
    const { days, seed } = ctx.input;
    if (typeof days !== "number" || !Number.isInteger(days) || days < 1 || days > MAX_DAYS)
      return refuse(400, `days must be a whole number from 1 to ${MAX_DAYS}`);
    if (typeof seed !== "number" || !Number.isInteger(seed))
      return refuse(400, "seed must be a whole number");
    const now =
      ctx.input.now === undefined ? Math.floor(ctx.tenant.now() / 1000) : seconds(ctx.input.now);
    if (now === undefined) return refuse(400, "now must be unix seconds");
    const rooms = seedingRooms(ctx);
    if (!Array.isArray(rooms)) return rooms;
    const counts = ctx.tenant.history.seed({ seed, days, now, rooms });
    ctx.persist();
    return ok(counts);
  }),
  control("POST /__emulator/bookings", (ctx) => {
    const input = ctx.input;
    const roomId = input.room_id;
    if (typeof roomId !== "string" || roomId === "") return refuse(400, "room_id is required");
    const start = seconds(input.start_time);
    const end = seconds(input.end_time);
    if (start === undefined || end === undefined)
      return refuse(400, "start_time and end_time must be unix seconds");
    if (end <= start) return refuse(400, "end_time must be after start_time");
    const reserverId = input.reserver_user_id;
    let reserver = 0;
    if (reserverId !== undefined) {
      const user =
        typeof reserverId === "string" ? ctx.tenant.users.byUserId(reserverId) : undefined;
      if (user === undefined)
        return refuse(404, `reserver_user_id: no user ${JSON.stringify(reserverId)}`);
      reserver = ctx.tenant.users.all().indexOf(user);
    }
    if (input.topic !== undefined && typeof input.topic !== "string")
      return refuse(400, "topic must be a string");
    for (const field of ["guests", "accepted"] as const) {
      if (input[field] !== undefined && !isCount(input[field]))
        return refuse(400, `${field} must be a whole number, 0 or more`);
    }
    const guests = isCount(input.guests)
      ? input.guests
      : isCount(input.accepted)
        ? input.accepted
        : 1;
    const accepted = isCount(input.accepted) ? input.accepted : guests;
    // A past booking was held: checked in, with a meeting in the room.
    const held = end <= Math.floor(ctx.tenant.now() / 1000);
    const booking = ctx.tenant.history.add({
      room_id: roomId,
      reserver,
      topic: input.topic ?? "",
      guests,
      accepted,
      start,
      end,
      status: "booked",
      checked_in: held,
      released_early: false,
      held,
      seed: mixSeed(start ^ end, roomId),
    });
    ctx.persist();
    return ok(booking.meeting_id === undefined ? {} : { meeting_id: booking.meeting_id });
  }),
  control("GET /__emulator/bookings/:room_id", (ctx) => {
    const roomId = ctx.params.room_id!;
    return ok({ bookings: ctx.tenant.history.bookings((b) => b.room_id === roomId) });
  }),
  control("POST /__emulator/exports/config", exportsConfig),
];
