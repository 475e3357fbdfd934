/**
 * The live meeting simulator: start meetings (from a reservation or instant), people and rooms
 * join and leave, screens are shared, meetings end into the history; and the tenant clock.
 */
import { SimulatorError } from "../store/common";
import type { MeetingRecord } from "../store/meetings";
import type { Json } from "../validate";
import {
  control,
  ok,
  refuse,
  type ControlAnswer,
  type ControlContext,
  type ControlRoute,
} from "./control";

const text = (value: Json | undefined): string | undefined =>
  typeof value === "string" && value !== "" ? value : undefined;

function limits(ctx: ControlContext): { max_participants?: number } | ControlAnswer {
  const max = ctx.input.max_participants;
  if (max === undefined) return {};
  if (typeof max !== "number" || !Number.isInteger(max) || max < 1)
    return refuse(400, "max_participants must be a positive integer");
  return { max_participants: max };
}

/** Runs a simulator step on a meeting, persisting after it. */
function onMeeting(
  ctx: ControlContext,
  step: (meeting: MeetingRecord) => ControlAnswer | void,
): ControlAnswer {
  const meeting = ctx.tenant.meetings.all().find((m) => m.id === ctx.params.meeting_id);
  if (meeting === undefined) return refuse(404, `no meeting ${ctx.params.meeting_id}`);
  const answer = step(meeting);
  ctx.persist();
  return answer ?? ok();
}

export const MEETING_CONTROLS: ControlRoute[] = [
  control("GET /__emulator/meetings", (ctx) => {
    const meetings = ctx.tenant.meetings;
    return ok({
      live: meetings
        .all()
        .filter((m) => m.status === 2)
        .map((m) => meetings.view(m, "user_id", true, true).meeting),
      history: meetings.history(),
    });
  }),
  control("POST /__emulator/meetings", (ctx) => {
    const options = limits(ctx);
    if ("status" in options) return options;
    const reserveId = text(ctx.input.reserve_id);
    const hostId = text(ctx.input.host_id);
    let meeting: MeetingRecord;
    if (reserveId !== undefined) {
      const reservation = ctx.tenant.reservations.all().find((r) => r.id === reserveId);
      if (reservation === undefined) return refuse(404, `no reservation ${reserveId}`);
      meeting = ctx.tenant.meetings.startReserved(reservation, options);
    } else if (hostId !== undefined) {
      meeting = ctx.tenant.meetings.startInstant(text(ctx.input.topic), hostId, options);
    } else {
      return refuse(400, "meetings need {reserve_id} or {topic, host_id}");
    }
    ctx.persist();
    return ok({ meeting_id: meeting.id, meeting_no: meeting.meeting_no });
  }),
  control("PATCH /__emulator/meetings/:meeting_id", (ctx) => {
    const options = limits(ctx);
    if ("status" in options) return options;
    const locked = ctx.input.locked;
    if (locked !== undefined && typeof locked !== "boolean")
      return refuse(400, "locked must be a boolean");
    return onMeeting(ctx, (meeting) => {
      if (locked !== undefined) meeting.locked = locked;
      if (options.max_participants !== undefined)
        meeting.max_participants = options.max_participants;
      return ok({ locked: meeting.locked, max_participants: meeting.max_participants });
    });
  }),
  control("POST /__emulator/meetings/:meeting_id/participants", (ctx) => {
    const userId = text(ctx.input.user_id);
    const roomId = text(ctx.input.room_id);
    if ((userId === undefined) === (roomId === undefined))
      return refuse(400, "participants need {user_id} or {room_id}");
    return onMeeting(ctx, (meeting) => {
      if (userId !== undefined) ctx.tenant.meetings.join(meeting, userId, 1);
      else ctx.tenant.meetings.join(meeting, roomId!, 2);
    });
  }),
  control("DELETE /__emulator/meetings/:meeting_id/participants/:user_id", (ctx) =>
    onMeeting(ctx, (meeting) => ctx.tenant.meetings.leave(meeting, ctx.params.user_id!)),
  ),
  control("POST /__emulator/meetings/:meeting_id/share/start", (ctx) => {
    const userId = text(ctx.input.user_id);
    if (userId === undefined) return refuse(400, "share/start needs {user_id}");
    return onMeeting(ctx, (meeting) => ctx.tenant.meetings.startShare(meeting, userId));
  }),
  control("POST /__emulator/meetings/:meeting_id/share/stop", (ctx) =>
    onMeeting(ctx, (meeting) => ctx.tenant.meetings.stopShare(meeting)),
  ),
  control("POST /__emulator/meetings/:meeting_id/end", (ctx) =>
    onMeeting(ctx, (meeting) => {
      if (meeting.status !== 2) throw new SimulatorError(409, "the meeting has ended");
      ctx.tenant.meetings.finish(meeting);
    }),
  ),
  control("POST /__emulator/clock", (ctx) => {
    const seconds = ctx.input.advance_seconds;
    if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0)
      return refuse(400, "clock needs {advance_seconds: a number of seconds, 0 or more}");
    ctx.tenant.advanceClock(seconds * 1000);
    ctx.persist();
    return ok({ now: Math.floor(ctx.tenant.now() / 1000) });
  }),
];
