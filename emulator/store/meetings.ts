/**
 * Meetings (reference 3.2): live meetings started through the simulator (control endpoints),
 * the API's operations on them, and the history of ended meetings that reports and exports read.
 * Every operation validates everything first and mutates last.
 */
import type { Caller } from "../auth";
import type { PublishEvent } from "../events/bus";
import {
  ALL_MEETING_ENDED,
  ALL_MEETING_STARTED,
  FOR_EVERY_MEETING,
  JOIN_MEETING,
  LEAVE_MEETING,
  MEETING_ENDED,
  MEETING_STARTED,
  RECORDING_ENDED,
  RECORDING_STARTED,
  SHARE_ENDED,
  SHARE_STARTED,
} from "../events/payloads";
import {
  calleeBusy,
  cannotActOnSelf,
  dataNotExist,
  fieldInvalid,
  hostChanged,
  meetingNotExist,
  meetingNotInState,
  noPermission,
  operatorNotInMeeting,
  paramError,
  participantLimit,
  participantStateUnexpected,
  targetNotInMeeting,
  ApiError,
} from "../errors";
import {
  optionalInteger,
  optionalString,
  requireObject,
  type Json,
  type JsonObject,
} from "../validate";
import { compact, numericId, SimulatorError, unixSeconds, type Clock } from "./common";
import type { ReservationRecord } from "./reservations";
import type { RoomStore } from "./rooms";
import type { UserDirectory, UserIdType } from "./users";

/** Reference 3.2: get and list_by_no reach back 90 days. */
export const MEETING_WINDOW_MS = 90 * 24 * 3600 * 1000;
/** Reference 3.2: at most 10 invitees per call. */
const INVITEES_MAX = 10;
/** Undocumented participant cap (122006 beyond); a control endpoint can lower it per meeting. */
const DEFAULT_MAX_PARTICIPANTS = 500;

/** Reference 3.2 user_type: 1 Lark user, 2 Rooms (the two kinds the simulator lets join). */
export type ParticipantType = 1 | 2;

export interface SessionRecord {
  /** Unix ms. */
  join: number;
  leave?: number;
}

export interface ParticipantRecord {
  /** Canonical id: user_id for Lark users, room_id for rooms. */
  id: string;
  user_type: ParticipantType;
  /** Reference 3.2: 2 in meeting, 3 ringing (invited, not joined yet), 4 left. */
  status: 2 | 3 | 4;
  sessions: SessionRecord[];
}

export interface RecordingRecord {
  id: string;
  segments: SessionRecord[];
  timezone?: number;
  permissions: { type: number; id?: string; permission: number }[];
}

export interface MeetingRecord {
  id: string;
  meeting_no: string;
  topic?: string;
  url: string;
  password?: string;
  /** The reservation it was started from; absent for instant meetings. */
  reserve_id?: string;
  /** Canonical user_id of the reservation owner, or of the instant meeting's starter. */
  owner_id: string;
  /** Started from a reservation the app applied for with the tenant token. */
  reserved_by_app: boolean;
  host: { id: string; user_type: ParticipantType };
  /** Unix ms. */
  create_time: number;
  start_time: number;
  end_time?: number;
  /** Reference 3.2: 2 in progress, 3 ended (1 calling is not simulated). */
  status: 2 | 3;
  meeting_connect: boolean;
  participants: ParticipantRecord[];
  /** Peak of simultaneous participants (participant_count). */
  peak: number;
  shares: { id: string; start: number; stop?: number }[];
  locked: boolean;
  max_participants: number;
  recording?: RecordingRecord;
}

/** An ended meeting as reports and exports read it. */
export interface MeetingHistoryRecord {
  meeting_id: string;
  meeting_no: string;
  topic?: string;
  reserve_id?: string;
  owner_id: string;
  host: { id: string; user_type: ParticipantType };
  /** Unix seconds. */
  start_time: number;
  end_time: number;
  participants: {
    id: string;
    user_type: ParticipantType;
    /** Unix seconds of the first join and the final leave. */
    join: number;
    leave: number;
    /** Seconds in the meeting, summed over every session. */
    duration: number;
    sessions: { join: number; leave: number }[];
  }[];
  room_ids: string[];
}

/** This family's part of the tenant snapshot (absent in files written before it existed). */
export interface MeetingsSnapshot {
  meetings?: MeetingRecord[];
}

/** A participant reference as the wire sends it: `{id, user_type}`. */
interface WireUser {
  id: string;
  user_type: number;
}

function wireUser(value: Json | undefined, field: string): WireUser {
  const body = requireObject(value, field);
  const id = optionalString(body, "id", `${field}.`);
  if (id === undefined || id === "") throw fieldInvalid(`${field}.id`, "is required");
  const userType = optionalInteger(body, "user_type", `${field}.`) ?? 1;
  return { id, user_type: userType };
}

function wireUsers(value: Json | undefined, field: string): WireUser[] {
  if (value === undefined || value === null) throw fieldInvalid(field, "is required");
  if (!Array.isArray(value)) throw fieldInvalid(field, "must be a list", value);
  if (value.length === 0) throw fieldInvalid(field, "must not be empty");
  return value.map((item, i) => wireUser(item, `${field}[${i}]`));
}

const inMeeting = (p: ParticipantRecord): boolean => p.status === 2;

/** Who an event names: a Lark user by user_id, or a room by room_id. */
export interface EventSubject {
  id: string;
  user_type: ParticipantType;
}

/**
 * Reference 3.6: "reserved through the Open API". Every reservation in the emulator comes from
 * `reserves/apply` (with either token: both are the Open API), so a meeting started from one is.
 */
export const apiReserved = (record: MeetingRecord): boolean => record.reserve_id !== undefined;
const durationMs = (sessions: SessionRecord[], until: number): number =>
  sessions.reduce((sum, s) => sum + ((s.leave ?? until) - s.join), 0);

export class MeetingStore {
  private readonly meetings = new Map<string, MeetingRecord>();

  constructor(
    private readonly users: UserDirectory,
    private readonly rooms: RoomStore,
    private readonly now: Clock,
    /** Meeting numbers held by live reservations (an instant meeting must not take one). */
    private readonly reservedNumbers: () => ReadonlySet<string>,
    /** Where the meeting events go (reference 3.6). */
    private readonly publish: PublishEvent,
    /** Called once a meeting has ended (and published its end): the recording file becomes ready. */
    private readonly ended: (record: MeetingRecord) => void,
    snapshot?: MeetingsSnapshot,
  ) {
    for (const record of snapshot?.meetings ?? []) this.meetings.set(record.id, record);
  }

  snapshot(): Required<MeetingsSnapshot> {
    return { meetings: [...this.meetings.values()] };
  }

  all(): MeetingRecord[] {
    return [...this.meetings.values()];
  }

  /** Numbers of meetings in progress. */
  liveNumbers(): Set<string> {
    return new Set(
      this.all()
        .filter((m) => m.status === 2)
        .map((m) => m.meeting_no),
    );
  }

  /** The live meeting of a reservation, if any (reference 3.1: at most one). */
  liveFor(reserveId: string): MeetingRecord | undefined {
    return this.all().find((m) => m.reserve_id === reserveId && m.status === 2);
  }

  /** A meeting by id, 404/122002 when there is none. */
  meeting(id: string): MeetingRecord {
    const record = this.meetings.get(id);
    if (record === undefined) throw meetingNotExist();
    return record;
  }

  /** A meeting that must be in progress (400/122001 otherwise). */
  live(id: string): MeetingRecord {
    const record = this.meeting(id);
    if (record.status !== 2) throw meetingNotInState("the meeting has ended");
    return record;
  }

  // ---- events (reference 3.6) -----------------------------------------------------------------

  /**
   * An event user `{id: {union_id, user_id, open_id}, user_role, user_type}`. Guesses: a room has
   * no user ids, so its room_id fills all three (as room events do for contact ids); user_role is
   * the subject's role at the moment of the event (2 host, else 1; co-hosts are not simulated).
   */
  eventUser(record: MeetingRecord, subject: EventSubject): JsonObject {
    const user = subject.user_type === 1 ? this.users.byUserId(subject.id) : undefined;
    const ids =
      user === undefined
        ? { union_id: subject.id, user_id: subject.id, open_id: subject.id }
        : { union_id: user.union_id, user_id: user.user_id, open_id: user.open_id };
    const host = record.host.id === subject.id && record.host.user_type === subject.user_type;
    return { id: ids, user_role: host ? 2 : 1, user_type: subject.user_type };
  }

  /**
   * The meeting in its event form (reference 3.6), with what the emulator knows; unknowns are
   * left out: calendar_event_id (API reservations create no calendar event), meeting_sub_type and
   * webinar_setting (not simulated). Guesses: times are unix-second strings as in the API's
   * meeting; end_time only once the meeting has ended; security_setting only when the simulator
   * locked the meeting (security_level 4), since the level of an unlocked one is not modelled.
   */
  eventMeeting(record: MeetingRecord): JsonObject {
    return compact({
      id: record.id,
      topic: record.topic,
      meeting_no: record.meeting_no,
      // Reference 3.6 meeting_source: 4 open platform, 2 instant.
      meeting_source: apiReserved(record) ? 4 : 2,
      start_time: unixSeconds(record.start_time),
      end_time: record.end_time === undefined ? undefined : unixSeconds(record.end_time),
      host_user: this.eventUser(record, record.host),
      owner: this.eventUser(record, { id: record.owner_id, user_type: 1 }),
      security_setting: record.locked ? { security_level: 4 } : undefined,
    }) as JsonObject;
  }

  /** Publishes `{meeting, operator}`; only the all_meeting_* pair fires for meetings not API-reserved. */
  private announce(eventType: string, record: MeetingRecord, operator: EventSubject): void {
    if (!apiReserved(record) && !FOR_EVERY_MEETING.has(eventType)) return;
    this.publish(eventType, {
      meeting: this.eventMeeting(record),
      operator: this.eventUser(record, operator),
    });
  }

  // ---- the simulator (control endpoints) -----------------------------------------------------

  private startRecord(fields: {
    meeting_no: string;
    topic?: string;
    password?: string;
    reserve_id?: string;
    owner_id: string;
    reserved_by_app: boolean;
    meeting_connect: boolean;
    max_participants?: number;
  }): MeetingRecord {
    const now = this.now();
    const record: MeetingRecord = compact({
      id: numericId(19),
      meeting_no: fields.meeting_no,
      topic: fields.topic,
      url: `https://vc.feishu.cn/j/${fields.meeting_no}`,
      password: fields.password,
      reserve_id: fields.reserve_id,
      owner_id: fields.owner_id,
      reserved_by_app: fields.reserved_by_app,
      host: { id: fields.owner_id, user_type: 1 as const },
      create_time: now,
      start_time: now,
      status: 2 as const,
      meeting_connect: fields.meeting_connect,
      participants: [],
      peak: 0,
      shares: [],
      locked: false,
      max_participants: fields.max_participants ?? DEFAULT_MAX_PARTICIPANTS,
    });
    this.meetings.set(record.id, record);
    const starter = { id: fields.owner_id, user_type: 1 as const };
    this.announce(MEETING_STARTED, record, starter);
    this.announce(ALL_MEETING_STARTED, record, starter);
    return record;
  }

  /** Starts a reservation's meeting: the owner hosts, and one other user has joined. */
  startReserved(
    reservation: ReservationRecord,
    options: { max_participants?: number } = {},
  ): MeetingRecord {
    if (reservation.expired) throw new SimulatorError(409, "the reservation has expired");
    if (this.liveFor(reservation.id) !== undefined)
      throw new SimulatorError(409, "the reservation already has a live meeting");
    const other =
      reservation.settings.assign_host_list?.find((h) => h.id !== reservation.owner_id)?.id ??
      this.users.all().find((u) => u.user_id !== reservation.owner_id)!.user_id;
    const record = this.startRecord({
      meeting_no: reservation.meeting_no,
      ...(reservation.settings.topic === undefined ? {} : { topic: reservation.settings.topic }),
      ...(reservation.settings.password === undefined
        ? {}
        : { password: reservation.settings.password }),
      reserve_id: reservation.id,
      owner_id: reservation.owner_id,
      reserved_by_app: reservation.applied_by_app,
      meeting_connect: reservation.settings.meeting_connect ?? false,
      ...options,
    });
    this.join(record, reservation.owner_id, 1);
    this.join(record, other, 1);
    if (reservation.settings.auto_record === true) {
      record.recording = { id: numericId(19), segments: [{ join: this.now() }], permissions: [] };
      // Guess: an automatic recording is started by the owner, who hosts at that moment.
      this.announce(RECORDING_STARTED, record, record.host);
    }
    return record;
  }

  /** Starts an instant meeting hosted by a directory user, with a fresh meeting number. */
  startInstant(
    topic: string | undefined,
    hostId: string,
    options: { max_participants?: number } = {},
  ): MeetingRecord {
    if (this.users.byUserId(hostId) === undefined)
      throw new SimulatorError(404, `no user ${hostId} in the directory`);
    const taken = new Set([...this.reservedNumbers(), ...this.liveNumbers()]);
    let meetingNo = numericId(9);
    while (taken.has(meetingNo)) meetingNo = numericId(9);
    const record = this.startRecord({
      meeting_no: meetingNo,
      ...(topic === undefined ? {} : { topic }),
      owner_id: hostId,
      reserved_by_app: false,
      meeting_connect: false,
      ...options,
    });
    this.join(record, hostId, 1);
    return record;
  }

  private participant(
    record: MeetingRecord,
    id: string,
    userType: number,
  ): ParticipantRecord | undefined {
    return record.participants.find((p) => p.id === id && p.user_type === userType);
  }

  private occupancy(record: MeetingRecord): number {
    return record.participants.filter((p) => p.status === 2 || p.status === 3).length;
  }

  /** A user or room joins (a ringing invitee answers, someone who left comes back). */
  join(record: MeetingRecord, id: string, userType: ParticipantType): void {
    if (record.status !== 2) throw new SimulatorError(409, "the meeting has ended");
    if (userType === 1 && this.users.byUserId(id) === undefined)
      throw new SimulatorError(404, `no user ${id} in the directory`);
    if (userType === 2 && this.rooms.find(id) === undefined)
      throw new SimulatorError(404, `no room ${id}`);
    const existing = this.participant(record, id, userType);
    if (existing !== undefined && inMeeting(existing))
      throw new SimulatorError(409, `${id} is already in the meeting`);
    if (existing?.status !== 3 && this.occupancy(record) >= record.max_participants)
      throw new SimulatorError(409, "the meeting is full");
    const now = this.now();
    if (existing === undefined) {
      record.participants.push({ id, user_type: userType, status: 2, sessions: [{ join: now }] });
    } else {
      existing.status = 2;
      existing.sessions.push({ join: now });
    }
    record.peak = Math.max(record.peak, record.participants.filter(inMeeting).length);
    // Guess: the starter's own arrival is a join too (after meeting_started).
    this.announce(JOIN_MEETING, record, { id, user_type: userType });
  }

  /** A participant leaves; the host passes on, and the last one out ends the meeting. */
  leave(record: MeetingRecord, id: string): void {
    if (record.status !== 2) throw new SimulatorError(409, "the meeting has ended");
    const present = record.participants.find((p) => p.id === id && inMeeting(p));
    if (present === undefined) throw new SimulatorError(404, `${id} is not in the meeting`);
    this.remove(record, present);
  }

  private remove(record: MeetingRecord, participant: ParticipantRecord): void {
    const now = this.now();
    participant.status = 4;
    const session = participant.sessions[participant.sessions.length - 1];
    if (session !== undefined && session.leave === undefined) session.leave = now;
    const share = record.shares.find((s) => s.stop === undefined && s.id === participant.id);
    if (share !== undefined) {
      share.stop = now;
      this.announce(SHARE_ENDED, record, participant);
    }
    // Guess: a kickout is a leave too, and its operator is the participant removed (the event
    // describes who left; the app that kicked has no event-user form).
    this.announce(LEAVE_MEETING, record, participant);
    const remaining = record.participants.filter(inMeeting);
    // Guess: the last participant out is the operator of the meeting's end.
    if (remaining.length === 0) return this.finish(record, participant);
    if (record.host.id === participant.id && record.host.user_type === participant.user_type) {
      // Our reading: the host role passes to the longest-present Lark user still in the meeting.
      const next = remaining.find((p) => p.user_type === 1) ?? remaining[0]!;
      record.host = { id: next.id, user_type: next.user_type };
    }
  }

  startShare(record: MeetingRecord, userId: string): void {
    if (record.status !== 2) throw new SimulatorError(409, "the meeting has ended");
    const present = record.participants.find((p) => p.id === userId && inMeeting(p));
    if (present === undefined) throw new SimulatorError(404, `${userId} is not in the meeting`);
    const now = this.now();
    // One screen at a time: a new share replaces the current one.
    for (const share of record.shares) {
      if (share.stop !== undefined) continue;
      share.stop = now;
      this.announce(SHARE_ENDED, record, { id: share.id, user_type: 1 });
    }
    record.shares.push({ id: userId, start: now });
    this.announce(SHARE_STARTED, record, present);
  }

  stopShare(record: MeetingRecord): void {
    const share = record.shares.find((s) => s.stop === undefined);
    if (share === undefined) throw new SimulatorError(409, "nobody is sharing");
    share.stop = this.now();
    this.announce(SHARE_ENDED, record, { id: share.id, user_type: 1 });
  }

  /**
   * Ends a meeting: everyone leaves, recording and sharing stop. `operator` is who ended it
   * (the host by default: the simulator's end is read as the host ending the meeting, a guess).
   * Guesses on the events: a share or recording still running ends with its own event first,
   * then meeting_ended and all_meeting_ended; the participants still in get no leave_meeting
   * (the end says they all left); then the recording file becomes ready.
   */
  finish(record: MeetingRecord, operator: EventSubject = record.host): void {
    const now = this.now();
    for (const p of record.participants) {
      if (p.status === 2 || p.status === 3) p.status = 4;
      for (const s of p.sessions) if (s.leave === undefined) s.leave = now;
    }
    for (const share of record.shares) {
      if (share.stop !== undefined) continue;
      share.stop = now;
      this.announce(SHARE_ENDED, record, { id: share.id, user_type: 1 });
    }
    for (const segment of record.recording?.segments ?? []) {
      if (segment.leave !== undefined) continue;
      segment.leave = now;
      this.announce(RECORDING_ENDED, record, operator);
    }
    record.status = 3;
    record.end_time = now;
    this.announce(MEETING_ENDED, record, operator);
    this.announce(ALL_MEETING_ENDED, record, operator);
    this.ended(record);
  }

  // ---- history --------------------------------------------------------------------------------

  /** Ended meetings, oldest first, in the shape reports and exports read. */
  history(): MeetingHistoryRecord[] {
    return this.all()
      .filter((m) => m.status === 3)
      .sort((a, b) => a.start_time - b.start_time)
      .map((m) => {
        const participants = m.participants
          .filter((p) => p.sessions.length > 0)
          .map((p) => {
            const sessions = p.sessions.map((s) => ({
              join: Math.floor(s.join / 1000),
              leave: Math.floor((s.leave ?? m.end_time!) / 1000),
            }));
            return {
              id: p.id,
              user_type: p.user_type,
              join: sessions[0]!.join,
              leave: sessions[sessions.length - 1]!.leave,
              duration: Math.floor(durationMs(p.sessions, m.end_time!) / 1000),
              sessions,
            };
          });
        return compact({
          meeting_id: m.id,
          meeting_no: m.meeting_no,
          topic: m.topic,
          reserve_id: m.reserve_id,
          owner_id: m.owner_id,
          host: m.host,
          start_time: Math.floor(m.start_time / 1000),
          end_time: Math.floor(m.end_time! / 1000),
          participants,
          room_ids: participants.filter((p) => p.user_type === 2).map((p) => p.id),
        });
      });
  }

  // ---- the API (reference 3.2) ----------------------------------------------------------------

  /** Reference 3.2: the caller's meetings of the last 90 days. */
  private visible(record: MeetingRecord, caller: Caller): boolean {
    if (record.start_time < this.now() - MEETING_WINDOW_MS) return false;
    // Our reading of "the caller's meetings": with the tenant token, meetings of reservations the
    // app applied for; with a user token, meetings the user owns or has been in.
    if (caller.kind === "tenant") return record.reserved_by_app;
    return (
      record.owner_id === caller.userId ||
      record.participants.some(
        (p) => p.user_type === 1 && p.id === caller.userId && p.sessions.length > 0,
      )
    );
  }

  /** Renders a participant id: users in the requested id type, rooms by room_id. */
  private render(id: string, userType: number, idType: UserIdType): string {
    return userType === 1 ? this.users.render(id, idType) : id;
  }

  /** Resolves a wire `{id, user_type}` to a canonical participant id, if it names a user or room. */
  private resolve(user: WireUser, idType: UserIdType): string | undefined {
    if (user.user_type === 1) return this.users.find(user.id, idType)?.user_id;
    if (user.user_type === 2) return this.rooms.find(user.id)?.room_id;
    return undefined;
  }

  view(
    record: MeetingRecord,
    idType: UserIdType,
    withParticipants: boolean,
    withAbility: boolean,
  ): JsonObject {
    const now = this.now();
    const until = record.end_time ?? now;
    // Reference 3.2: with user_id_type=user_id only Lark users are listed.
    const listed = record.participants.filter((p) => idType !== "user_id" || p.user_type === 1);
    const accumulated = record.participants.filter((p) => p.sessions.length > 0).length;
    return {
      meeting: compact({
        id: record.id,
        topic: record.topic,
        url: record.url,
        meeting_no: record.meeting_no,
        password: record.password,
        create_time: unixSeconds(record.create_time),
        start_time: unixSeconds(record.start_time),
        end_time: record.end_time === undefined ? undefined : unixSeconds(record.end_time),
        host_user: {
          id: this.render(record.host.id, record.host.user_type, idType),
          user_type: record.host.user_type,
        },
        meeting_connect: record.meeting_connect,
        status: record.status,
        participant_count: String(record.peak),
        participant_count_accumulated: String(accumulated),
        participants: withParticipants
          ? listed.map((p) =>
              compact({
                id: this.render(p.id, p.user_type, idType),
                first_join_time:
                  p.sessions[0] === undefined ? undefined : unixSeconds(p.sessions[0].join),
                final_leave_time:
                  p.status === 4 && p.sessions.length > 0
                    ? unixSeconds(p.sessions[p.sessions.length - 1]!.leave!)
                    : undefined,
                in_meeting_duration: String(Math.floor(durationMs(p.sessions, until) / 1000)),
                user_type: p.user_type,
                is_host: p.id === record.host.id && p.user_type === record.host.user_type,
                is_cohost: false,
                is_external: false,
                status: p.status,
              }),
            )
          : undefined,
        ability: withAbility
          ? {
              use_video: true,
              use_audio: true,
              use_share_screen: record.shares.length > 0,
              use_follow_screen: false,
              use_recording: (record.recording?.segments.length ?? 0) > 0,
              use_pstn: false,
            }
          : undefined,
      }) as JsonObject,
    };
  }

  get(
    id: string,
    caller: Caller,
    idType: UserIdType,
    withParticipants: boolean,
    withAbility: boolean,
  ): JsonObject {
    // Reference 3.2: with_meeting_ability is for tenant tokens only (refused otherwise, our choice).
    if (withAbility && caller.kind !== "tenant")
      throw noPermission("with_meeting_ability needs a tenant access token");
    const record = this.meetings.get(id);
    // Reference 3.2: get answers 404/121004 for an unknown meeting; one older than 90 days is gone too.
    if (record === undefined || record.start_time < this.now() - MEETING_WINDOW_MS)
      throw dataNotExist();
    if (!this.visible(record, caller)) throw noPermission("not one of the caller's meetings");
    return this.view(record, idType, withParticipants, withAbility);
  }

  /** Meetings with a number whose start falls in [start, end] (unix s), oldest first. */
  listByNo(meetingNo: string, start: number, end: number, caller: Caller): JsonObject[] {
    return this.all()
      .filter((m) => m.meeting_no === meetingNo)
      .filter((m) => m.start_time >= start * 1000 && m.start_time <= end * 1000)
      .filter((m) => this.visible(m, caller))
      .sort((a, b) => a.start_time - b.start_time)
      .map(
        (m) =>
          compact({
            id: m.id,
            topic: m.topic,
            url: m.url,
            meeting_no: m.meeting_no,
            password: m.password,
            meeting_connect: m.meeting_connect,
          }) as JsonObject,
      );
  }

  /** The caller (a user) must be in the live meeting (400/122003). */
  private operator(record: MeetingRecord, caller: Caller): ParticipantRecord | undefined {
    if (caller.kind !== "user") return undefined;
    const me = record.participants.find(
      (p) => p.user_type === 1 && p.id === caller.userId && inMeeting(p),
    );
    if (me === undefined) throw operatorNotInMeeting();
    return me;
  }

  private isHost(record: MeetingRecord, userId: string): boolean {
    return record.host.user_type === 1 && record.host.id === userId;
  }

  invite(
    id: string,
    body: JsonObject,
    caller: Caller & { kind: "user" },
    idType: UserIdType,
  ): JsonObject {
    const invitees = wireUsers(body.invitees, "invitees");
    if (invitees.length > INVITEES_MAX)
      throw paramError(`at most ${INVITEES_MAX} invitees per call`);
    const record = this.live(id);
    this.operator(record, caller);
    // Reference 3.2 lists 122008 (meeting locked) for invite; the simulator can lock a meeting.
    if (record.locked) throw new ApiError(400, 122008, "meeting locked");
    const plan = invitees.map((invitee) => {
      const userId =
        invitee.user_type === 1 ? this.users.find(invitee.id, idType)?.user_id : undefined;
      if (userId === caller.userId) throw cannotActOnSelf();
      const here = userId === undefined ? undefined : this.participant(record, userId, 1);
      const ok = userId !== undefined && (here === undefined || here.status === 4);
      return { invitee, userId, ok };
    });
    for (const { userId, ok } of plan) {
      if (!ok || userId === undefined) continue;
      const elsewhere = this.all().some(
        (m) =>
          m.status === 2 &&
          m.id !== record.id &&
          m.participants.some((p) => p.user_type === 1 && p.id === userId && inMeeting(p)),
      );
      // Our reading of 122007 "callee busy": the invitee is in another live meeting.
      if (elsewhere) throw calleeBusy(this.users.render(userId, idType));
    }
    const adding = plan.filter((p) => p.ok).length;
    if (this.occupancy(record) + adding > record.max_participants) throw participantLimit();
    for (const { userId, ok } of plan) {
      if (!ok || userId === undefined) continue;
      const here = this.participant(record, userId, 1);
      if (here === undefined)
        record.participants.push({ id: userId, user_type: 1, status: 3, sessions: [] });
      else here.status = 3;
    }
    return {
      invite_results: plan.map(({ invitee, ok }) => ({
        id: invitee.id,
        user_type: invitee.user_type,
        status: ok ? 1 : 2,
      })),
    };
  }

  kickout(id: string, body: JsonObject, idType: UserIdType): JsonObject {
    const targets = wireUsers(body.kickout_users, "kickout_users");
    const record = this.live(id);
    const found = targets.map((target) => {
      const canonical = this.resolve(target, idType);
      const here =
        canonical === undefined ? undefined : this.participant(record, canonical, target.user_type);
      if (here === undefined || !inMeeting(here)) throw targetNotInMeeting(target.id);
      return { target, here };
    });
    for (const { here } of found)
      if (record.status === 2 && inMeeting(here)) this.remove(record, here);
    return {
      kickout_results: found.map(({ target }) => ({
        id: target.id,
        user_type: target.user_type,
        result: 1,
      })),
    };
  }

  setHost(id: string, body: JsonObject, caller: Caller, idType: UserIdType): JsonObject {
    const target = wireUser(body.host_user, "host_user");
    const expected =
      body.old_host_user === undefined || body.old_host_user === null
        ? undefined
        : wireUser(body.old_host_user, "old_host_user");
    const record = this.live(id);
    if (caller.kind === "user") {
      this.operator(record, caller);
      // Our reading: a user moves the host role only while holding it.
      if (!this.isHost(record, caller.userId))
        throw noPermission("only the current host can set the host");
    }
    if (expected !== undefined) {
      const expectedId = this.resolve(expected, idType);
      if (expectedId !== record.host.id || expected.user_type !== record.host.user_type)
        throw hostChanged(
          `the host is ${this.render(record.host.id, record.host.user_type, idType)}`,
        );
    }
    const targetId = this.resolve(target, idType);
    const here =
      targetId === undefined ? undefined : this.participant(record, targetId, target.user_type);
    if (here === undefined || here.status === 4) throw targetNotInMeeting(target.id);
    // Reference 3.2: 122009 "participant state unexpected" (ringing, or not a Lark user).
    if (here.status !== 2 || here.user_type !== 1)
      throw participantStateUnexpected(`${target.id} cannot host now`);
    record.host = { id: here.id, user_type: here.user_type };
    return {
      host_user: { id: this.render(here.id, here.user_type, idType), user_type: here.user_type },
    };
  }

  /** The live meeting the calling user hosts (122002, 122001, 122003, then 403/121005). */
  hostedBy(id: string, caller: Caller & { kind: "user" }): MeetingRecord {
    const record = this.live(id);
    this.operator(record, caller);
    if (!this.isHost(record, caller.userId))
      throw noPermission("only the current host can do this");
    return record;
  }

  end(id: string, caller: Caller & { kind: "user" }): void {
    this.finish(this.hostedBy(id, caller), { id: caller.userId, user_type: 1 });
  }
}
