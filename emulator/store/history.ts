/**
 * The tenant's meeting history and room bookings as reports and exports read them: bookings
 * seeded by `POST /__emulator/history` (regenerated from their seeding parameters), bookings added
 * one by one (`POST /__emulator/bookings`), and the meetings the live simulator has ended. Every
 * report and export reads {@link HistoryStore.meetings} and {@link HistoryStore.bookings}, so the
 * numbers agree across endpoints.
 */
import { SimulatorError } from "./common";
import {
  generateBookings,
  heldMeeting,
  mixSeed,
  type BookingRecord,
  type GeneratorRoom,
} from "./history-generator";
import type { MeetingStore } from "./meetings";
import type { RoomStore } from "./rooms";
import type { DirectoryUser, UserDirectory } from "./users";

/** The parameters of one seeding: enough to regenerate its bookings exactly. */
export interface Seeding {
  seed: number;
  days: number;
  /** Unix seconds. */
  now: number;
  rooms: GeneratorRoom[];
}

/** This family's part of the tenant snapshot (absent in files written before it existed). */
export interface HistorySnapshot {
  history?: { seeding?: Seeding; added: BookingRecord[] };
}

/** A participant of an ended meeting. Times are unix seconds. */
export interface HistoryParticipant {
  /** user_id for Lark users, room_id for rooms. */
  id: string;
  user_type: 1 | 2;
  name: string;
  join: number;
  leave: number;
  /** Seconds in the meeting, over every session. */
  duration: number;
  /** The participant was still there when the meeting ended. */
  stayed_to_end: boolean;
}

/** An ended meeting, whichever source it comes from. Times are unix seconds. */
export interface HistoryMeeting {
  meeting_id: string;
  meeting_no: string;
  topic: string;
  /** Canonical user_id of the organizer. */
  owner_id: string;
  start: number;
  end: number;
  participants: HistoryParticipant[];
  room_ids: string[];
  shared: boolean;
  recorded: boolean;
}

/** A booking with the ids it is known by. */
export interface HistoryBooking extends BookingRecord {
  /** The held meeting's id, when one was held. */
  meeting_id?: string;
}

/** Where a booking came from: 0 added one by one, 1 the seeding. */
type Source = 0 | 1;

/** A 19-digit meeting id (reference 1.13) that names its booking. */
const meetingIdOf = (source: Source, index: number): string =>
  `7${String(source).padStart(3, "0")}${String(index).padStart(15, "0")}`;
/** A 9-digit meeting number derived from the meeting id. */
const meetingNoOf = (meetingId: string): string =>
  String(100_000_000 + (mixSeed(0, meetingId) % 900_000_000));

export class HistoryStore {
  private seeding: Seeding | undefined;
  private seeded: BookingRecord[] = [];
  private readonly added: BookingRecord[];

  constructor(
    private readonly users: UserDirectory,
    private readonly rooms: RoomStore,
    private readonly simulated: MeetingStore,
    snapshot?: HistorySnapshot,
  ) {
    this.added = snapshot?.history?.added ?? [];
    if (snapshot?.history?.seeding !== undefined) this.seed(snapshot.history.seeding);
  }

  snapshot(): HistorySnapshot {
    return {
      history: {
        ...(this.seeding === undefined ? {} : { seeding: this.seeding }),
        added: this.added,
      },
    };
  }

  /** Replaces the seeded bookings (added ones stay); answers what was generated. */
  seed(seeding: Seeding): { meetings: number; bookings: number } {
    this.seeding = seeding;
    this.seeded = generateBookings({ ...seeding, users: this.users.all().length });
    return { meetings: this.seeded.filter((b) => b.held).length, bookings: this.seeded.length };
  }

  /** Adds one booking; a past one records the meeting held for it. */
  add(booking: BookingRecord): HistoryBooking {
    if (this.rooms.find(booking.room_id) === undefined)
      throw new SimulatorError(404, `no room ${booking.room_id}`);
    this.added.push(booking);
    return this.withIds(0, this.added.length - 1, booking);
  }

  private withIds(source: Source, index: number, booking: BookingRecord): HistoryBooking {
    return booking.held ? { ...booking, meeting_id: meetingIdOf(source, index) } : booking;
  }

  /** Every booking, seeded then added; `keep` filters before ids are attached. */
  bookings(keep: (booking: BookingRecord) => boolean = () => true): HistoryBooking[] {
    const out: HistoryBooking[] = [];
    this.seeded.forEach((b, i) => {
      if (keep(b)) out.push(this.withIds(1, i, b));
    });
    this.added.forEach((b, i) => {
      if (keep(b)) out.push(this.withIds(0, i, b));
    });
    return out;
  }

  /** The directory user at an index of the directory. */
  private userAt(index: number): DirectoryUser {
    return this.users.all()[index % this.users.all().length]!;
  }

  private roomName(roomId: string): string {
    return this.rooms.find(roomId)?.name ?? roomId;
  }

  /**
   * Ended meetings that started within [from, to] (unix seconds, both inclusive), oldest first:
   * the meetings of held bookings and those the simulator has ended.
   */
  meetings(from: number, to: number): HistoryMeeting[] {
    const out: HistoryMeeting[] = [];
    const userCount = this.users.all().length;
    const collect = (source: Source, list: readonly BookingRecord[]): void => {
      list.forEach((booking, index) => {
        // A held meeting starts at most 5 minutes after its booking.
        if (!booking.held || booking.start > to || booking.start + 300 < from) return;
        const derived = heldMeeting(booking, userCount);
        if (derived.start < from || derived.start > to) return;
        const meetingId = meetingIdOf(source, index);
        out.push({
          meeting_id: meetingId,
          meeting_no: meetingNoOf(meetingId),
          topic: booking.topic,
          owner_id: this.userAt(booking.reserver).user_id,
          start: derived.start,
          end: derived.end,
          participants: derived.participants.map((p) => {
            const user = p.user === undefined ? undefined : this.userAt(p.user);
            return {
              id: user?.user_id ?? p.room_id!,
              user_type: user === undefined ? 2 : 1,
              name: user?.name ?? this.roomName(p.room_id!),
              join: p.join,
              leave: p.leave,
              duration: p.leave - p.join,
              stayed_to_end: p.leave === derived.end,
            };
          }),
          room_ids: [booking.room_id],
          shared: derived.shared,
          recorded: derived.recorded,
        });
      });
    };
    collect(1, this.seeded);
    collect(0, this.added);
    for (const ended of this.simulated.history()) {
      if (ended.start_time < from || ended.start_time > to) continue;
      const record = this.simulated.all().find((m) => m.id === ended.meeting_id);
      out.push({
        meeting_id: ended.meeting_id,
        meeting_no: ended.meeting_no,
        topic: ended.topic ?? "",
        owner_id: ended.owner_id,
        start: ended.start_time,
        end: ended.end_time,
        participants: ended.participants.map((p) => ({
          id: p.id,
          user_type: p.user_type,
          name: p.user_type === 1 ? (this.users.byUserId(p.id)?.name ?? p.id) : this.roomName(p.id),
          join: p.join,
          leave: p.leave,
          duration: p.duration,
          stayed_to_end: p.leave >= ended.end_time,
        })),
        room_ids: ended.room_ids,
        shared: (record?.shares.length ?? 0) > 0,
        recorded: record?.recording !== undefined,
      });
    }
    return out.sort((a, b) => a.start - b.start);
  }
}
