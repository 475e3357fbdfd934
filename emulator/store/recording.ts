/**
 * Recording (reference 3.3): the host starts and stops recording a live meeting; the file can
 * be read and shared once the meeting has ended. Recordings are kept on their meeting's record.
 */
import type { Caller } from "../auth";
import type { PublishEvent } from "../events/bus";
import { RECORDING_ENDED, RECORDING_READY, RECORDING_STARTED } from "../events/payloads";
import {
  dataNotExist,
  fieldInvalid,
  meetingNotInState,
  noPermission,
  paramError,
  recordProcessing,
} from "../errors";
import { optionalInteger, optionalString, requireObject, type JsonObject } from "../validate";
import { numericId, type Clock } from "./common";
import { apiReserved, type MeetingRecord, type MeetingStore } from "./meetings";
import type { UserDirectory, UserIdType } from "./users";

/** Reference 3.3: recordings shorter than about 5 s may produce no file (we say: never do). */
const RECORDING_MIN_MS = 5000;
/** Reference 3.3: timezone is −12…12. */
const TIMEZONE = [-12, 12] as const;

const fileUrl = (record: MeetingRecord): string =>
  `https://meetings.feishu.cn/minutes/obcn${record.recording!.id}`;

/** Milliseconds recorded over every segment (an open one counts up to the meeting's end). */
const recordedMs = (record: MeetingRecord): number =>
  (record.recording?.segments ?? []).reduce(
    (sum, s) => sum + (s.leave ?? record.end_time!) - s.join,
    0,
  );

export class RecordingStore {
  constructor(
    private readonly meetings: MeetingStore,
    private readonly users: UserDirectory,
    private readonly now: Clock,
    /** Where the recording events go (reference 3.6). */
    private readonly publish: PublishEvent,
  ) {}

  /** `{meeting, operator}` of a recording event; only meetings reserved through the API have them. */
  private announce(eventType: string, record: MeetingRecord, userId: string): void {
    if (!apiReserved(record)) return;
    this.publish(eventType, {
      meeting: this.meetings.eventMeeting(record),
      operator: this.meetings.eventUser(record, { id: userId, user_type: 1 }),
    });
  }

  /**
   * A meeting has ended: its recording file is ready at once (the emulator generates nothing, so
   * get answers from now on), unless it is too short to have a file. Reference 3.6 payload
   * `{meeting, url, duration}`; guess: duration in milliseconds as a string, as get answers it.
   */
  meetingEnded(record: MeetingRecord): void {
    if (!apiReserved(record) || (record.recording?.segments.length ?? 0) === 0) return;
    const durationMs = recordedMs(record);
    if (durationMs < RECORDING_MIN_MS) return;
    this.publish(RECORDING_READY, {
      meeting: this.meetings.eventMeeting(record),
      url: fileUrl(record),
      duration: String(durationMs),
    });
  }

  start(meetingId: string, body: JsonObject, caller: Caller & { kind: "user" }): void {
    const timezone = optionalInteger(body, "timezone");
    if (timezone !== undefined && (timezone < TIMEZONE[0] || timezone > TIMEZONE[1]))
      throw paramError("timezone must be between -12 and 12");
    const record = this.meetings.hostedBy(meetingId, caller);
    const segments = record.recording?.segments ?? [];
    if (segments.some((s) => s.leave === undefined))
      throw meetingNotInState("the meeting is already being recorded");
    const recording = record.recording ?? { id: numericId(19), segments, permissions: [] };
    recording.segments.push({ join: this.now() });
    if (timezone !== undefined) recording.timezone = timezone;
    record.recording = recording;
    this.announce(RECORDING_STARTED, record, caller.userId);
  }

  stop(meetingId: string, caller: Caller & { kind: "user" }): void {
    const record = this.meetings.hostedBy(meetingId, caller);
    const open = record.recording?.segments.find((s) => s.leave === undefined);
    if (open === undefined) throw meetingNotInState("the meeting is not being recorded");
    open.leave = this.now();
    this.announce(RECORDING_ENDED, record, caller.userId);
  }

  /** The ended meeting's recording file; 124002 while it is not ready, 121004 when there is none. */
  private file(meetingId: string, caller: Caller): { record: MeetingRecord; durationMs: number } {
    const record = this.meetings.meeting(meetingId);
    // Reference 3.3: with a user token only the owner may read or share; a tenant token reads any.
    if (caller.kind === "user" && record.owner_id !== caller.userId)
      throw noPermission("only the meeting owner can read its recording");
    if (record.recording === undefined || record.recording.segments.length === 0)
      throw dataNotExist();
    // Reference 3.3: files exist only after the meeting ended (and the file was generated).
    if (record.status !== 3) throw recordProcessing();
    const durationMs = recordedMs(record);
    if (durationMs < RECORDING_MIN_MS) throw dataNotExist();
    return { record, durationMs };
  }

  get(meetingId: string, caller: Caller): JsonObject {
    const { record, durationMs } = this.file(meetingId, caller);
    return {
      recording: {
        id: record.recording!.id,
        meeting_id: record.id,
        url: fileUrl(record),
        duration: String(durationMs),
      },
    };
  }

  setPermission(
    meetingId: string,
    body: JsonObject,
    caller: Caller & { kind: "user" },
    idType: UserIdType,
  ): void {
    const raw = body.permission_objects;
    if (raw === undefined || raw === null) throw fieldInvalid("permission_objects", "is required");
    if (!Array.isArray(raw) || raw.length === 0)
      throw fieldInvalid("permission_objects", "must be a non-empty list", raw);
    const actionType = optionalInteger(body, "action_type") ?? 0;
    if (actionType !== 0 && actionType !== 1) throw paramError("action_type must be 0 or 1");
    const objects = raw.map((item, i) => {
      const p = `permission_objects[${i}].`;
      const entry = requireObject(item, `permission_objects[${i}]`);
      const type = optionalInteger(entry, "type", p);
      const permission = optionalInteger(entry, "permission", p);
      const id = optionalString(entry, "id", p);
      if (type === undefined) throw fieldInvalid(`${p}type`, "is required");
      if (permission === undefined) throw fieldInvalid(`${p}permission`, "is required");
      if (![1, 2, 3, 4].includes(type)) throw paramError(`${p}type must be 1, 2, 3 or 4`);
      if (permission !== 1) throw paramError(`${p}permission must be 1 (view)`);
      if (type === 1) {
        const user = id === undefined ? undefined : this.users.find(id, idType);
        if (user === undefined) throw paramError(`${p}id is not a user of this tenant`);
        return { type, id: user.user_id, permission };
      }
      if (type === 2) {
        if (id === undefined || id === "") throw paramError(`${p}id is required for a group`);
        return { type, id, permission };
      }
      // Reference 3.3: the whole tenant (3) and the public internet (4) take no id.
      if (id !== undefined && id !== "") throw paramError(`${p}id must be absent for type ${type}`);
      return { type, permission };
    });
    const { record } = this.file(meetingId, caller);
    const recording = record.recording!;
    const same = (a: { type: number; id?: string }, b: { type: number; id?: string }): boolean =>
      a.type === b.type && a.id === b.id;
    for (const object of objects) {
      recording.permissions = recording.permissions.filter((p) => !same(p, object));
      if (actionType === 0) recording.permissions.push(object);
    }
  }
}
