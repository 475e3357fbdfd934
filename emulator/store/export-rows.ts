/**
 * What each export task holds (reference 3.5): the create request validated, then the rows read
 * from the history at creation time, in the columns of {@link EXPORT_SHEETS}. Validation runs
 * before anything is created, so a refused request leaves no task behind.
 */
import { dataNotExist, fieldInvalid, paramError } from "../errors";
import {
  optionalBoolean,
  optionalInteger,
  optionalString,
  optionalStringArray,
  type JsonObject,
} from "../validate";
import type { Clock } from "./common";
import { mixSeed } from "./history-generator";
import type { HistoryMeeting, HistoryStore } from "./history";
import { durationCell, timeCell, yesNo, type Cell, type ExportKind } from "./export-files";
import { seededRandom } from "../faults";
import type { MeetingStore } from "./meetings";
import type { RoomLevelStore } from "./room-levels";
import type { RoomStore } from "./rooms";
import type { DirectoryUser, UserDirectory, UserIdType } from "./users";

const DAY = 86_400;
/** The rule (stricter than the reference, which states no export window): 90 days. */
const EXPORT_WINDOW_DAYS = 90;

/** ASSUMPTION: the directory holds no departments, staff numbers or mail; these stand in. */
const DEPARTMENTS = ["Engineering", "Sales", "Operations", "Design"];

/** A required unix-seconds string of the body (the SDK types every export time as a string). */
function bodySeconds(body: JsonObject, field: string): number {
  const value = body[field];
  if (value === undefined || value === null || value === "")
    throw fieldInvalid(field, "is required");
  if (typeof value !== "string") throw fieldInvalid(field, "must be a string", value);
  if (!/^\d{1,12}$/.test(value)) throw paramError(`${field} must be unix seconds`);
  return Number(value);
}

/** An export window: start before end, at most 90 days long, not beyond `latest`. */
function window(
  body: JsonObject,
  fields: [string, string],
  latest: number,
): { from: number; to: number } {
  const from = bodySeconds(body, fields[0]);
  const to = bodySeconds(body, fields[1]);
  if (to <= from) throw paramError(`${fields[1]} must be after ${fields[0]}`);
  if (to - from > EXPORT_WINDOW_DAYS * DAY)
    throw paramError(`the window must be at most ${EXPORT_WINDOW_DAYS} days`);
  if (to > latest) throw paramError(`${fields[1]} is too far in the future`);
  return { from, to };
}

const BOOKING_STATUS = { booked: "已预定", cancelled: "已取消", released: "已释放" } as const;

export class ExportRows {
  constructor(
    private readonly history: HistoryStore,
    private readonly meetings: MeetingStore,
    private readonly rooms: RoomStore,
    private readonly levels: RoomLevelStore,
    private readonly users: UserDirectory,
    private readonly now: Clock,
  ) {}

  /**
   * Validates a create request of `kind` (throwing the documented error) and answers how to read
   * its rows: reading a large window takes a while, so the task does it after answering.
   */
  rows(kind: ExportKind, body: JsonObject, idType: UserIdType): () => Cell[][] {
    switch (kind) {
      case "meeting_list":
        return this.meetingList(body, idType);
      case "participant_list":
        return this.participantList(body, idType);
      case "participant_quality_list":
        return this.qualityList(body, idType);
      case "resource_reservation_list":
        return this.reservationList(body);
    }
  }

  private nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  /** Stricter choice, as for reports: past data ends at most a day ahead of now. */
  private pastWindow(body: JsonObject, fields: [string, string]): { from: number; to: number } {
    return window(body, fields, this.nowSeconds() + DAY);
  }

  private userIndex(user: DirectoryUser): number {
    return this.users.all().indexOf(user);
  }

  private department(userId: string): string {
    const user = this.users.byUserId(userId);
    return user === undefined ? "" : DEPARTMENTS[this.userIndex(user) % DEPARTMENTS.length]!;
  }

  private userOf(id: string, idType: UserIdType): DirectoryUser {
    const user = this.users.find(id, idType);
    if (user === undefined) throw dataNotExist();
    return user;
  }

  private roomOf(id: string): string {
    if (this.rooms.find(id) === undefined) throw dataNotExist();
    return id;
  }

  private roomName(id: string): string {
    return this.rooms.find(id)?.name ?? id;
  }

  /** At most one of `fields` may be set; answers the one that is. */
  private oneOf(body: JsonObject, fields: string[]): { field: string; value: string } | undefined {
    const set = fields
      .map((field) => ({ field, value: optionalString(body, field) }))
      .filter(
        (f): f is { field: string; value: string } => f.value !== undefined && f.value !== "",
      );
    if (set.length > 1) throw paramError(`at most one of ${fields.join(", ")}`);
    return set[0];
  }

  private meetingStatus(body: JsonObject): 1 | 2 | 3 {
    const status = optionalInteger(body, "meeting_status") ?? 2;
    if (status !== 1 && status !== 2 && status !== 3)
      throw paramError("meeting_status must be 1, 2 or 3");
    return status;
  }

  // ---- meeting_list -------------------------------------------------------------------------

  private meetingList(body: JsonObject, idType: UserIdType): () => Cell[][] {
    const { from, to } = this.pastWindow(body, ["start_time", "end_time"]);
    const status = this.meetingStatus(body);
    const filter = this.oneOf(body, ["meeting_no", "user_id", "room_id"]);
    const type = optionalInteger(body, "meeting_type") ?? 1;
    if (type < 1 || type > 3) throw paramError("meeting_type must be 1, 2 or 3");
    let keep: (m: HistoryMeeting) => boolean = () => true;
    if (filter?.field === "meeting_no") keep = (m) => m.meeting_no === filter.value;
    if (filter?.field === "user_id") {
      const userId = this.userOf(filter.value, idType).user_id;
      keep = (m) =>
        m.owner_id === userId || m.participants.some((p) => p.user_type === 1 && p.id === userId);
    }
    if (filter?.field === "room_id") {
      const roomId = this.roomOf(filter.value);
      keep = (m) => m.room_ids.includes(roomId);
    }
    // The emulator has no local screen-share meetings (type 3), and upcoming meetings (status 3)
    // are reservations, not meetings with details yet; live ones (status 1) are the simulator's.
    if (type === 3 || status === 3) return () => [];
    return () =>
      (status === 2 ? this.history.meetings(from, to) : this.liveMeetings(from, to))
        .filter(keep)
        .map((m) => this.meetingRow(m));
  }

  /** Live meetings that started in the window, as they stand now. */
  private liveMeetings(from: number, to: number): HistoryMeeting[] {
    const now = this.nowSeconds();
    return this.meetings
      .all()
      .filter((m) => m.status === 2 && m.start_time / 1000 >= from && m.start_time / 1000 <= to)
      .map((m) => ({
        meeting_id: m.id,
        meeting_no: m.meeting_no,
        topic: m.topic ?? "",
        owner_id: m.owner_id,
        start: Math.floor(m.start_time / 1000),
        end: now,
        participants: m.participants
          .filter((p) => p.sessions.length > 0)
          .map((p) => ({
            id: p.id,
            user_type: p.user_type,
            name:
              p.user_type === 1 ? (this.users.byUserId(p.id)?.name ?? p.id) : this.roomName(p.id),
            join: Math.floor(p.sessions[0]!.join / 1000),
            leave: now,
            duration: 0,
            stayed_to_end: true,
          })),
        room_ids: m.participants.filter((p) => p.user_type === 2).map((p) => p.id),
        shared: m.shares.length > 0,
        recorded: m.recording !== undefined,
      }));
  }

  private meetingRow(m: HistoryMeeting): Cell[] {
    const owner = this.users.byUserId(m.owner_id);
    const index = owner === undefined ? -1 : this.userIndex(owner);
    return [
      m.meeting_no,
      m.topic,
      owner?.name ?? m.owner_id,
      this.department(m.owner_id),
      m.owner_id,
      index < 0 ? "" : `E${String(index + 1).padStart(4, "0")}`,
      owner === undefined ? "" : `${owner.name.toLowerCase().replace(/\s+/g, ".")}@example.com`,
      // ASSUMPTION: the emulator keeps no phone numbers; the column stays empty.
      "",
      timeCell(m.start),
      timeCell(m.end),
      durationCell(m.end - m.start),
      m.participants.length,
      yesNo(true),
      yesNo(true),
      yesNo(m.shared),
      yesNo(m.recorded),
      m.room_ids.map((id) => this.roomName(id)).join("、"),
      m.room_ids.join(","),
    ];
  }

  // ---- participant_list / participant_quality_list ------------------------------------------

  /** The ended meetings of a number that started in the window (121004 when there is none). */
  private meetingsByNo(from: number, to: number, meetingNo: string): HistoryMeeting[] {
    if (!/^\d{9}$/.test(meetingNo)) throw paramError("meeting_no must be 9 digits");
    const found = this.history.meetings(from, to).filter((m) => m.meeting_no === meetingNo);
    if (found.length === 0) throw dataNotExist();
    return found;
  }

  private requiredNo(body: JsonObject): string {
    const meetingNo = optionalString(body, "meeting_no");
    if (meetingNo === undefined || meetingNo === "")
      throw fieldInvalid("meeting_no", "is required");
    return meetingNo;
  }

  /** The participant filter (`user_id` in `idType`, or `room_id`) as a canonical id. */
  private participantFilter(body: JsonObject, idType: UserIdType): string | undefined {
    const filter = this.oneOf(body, ["user_id", "room_id"]);
    if (filter === undefined) return undefined;
    return filter.field === "user_id"
      ? this.userOf(filter.value, idType).user_id
      : this.roomOf(filter.value);
  }

  private participantList(body: JsonObject, idType: UserIdType): () => Cell[][] {
    const { from, to } = this.pastWindow(body, ["meeting_start_time", "meeting_end_time"]);
    const status = this.meetingStatus(body);
    const meetingNo = this.requiredNo(body);
    const only = this.participantFilter(body, idType);
    // Only ended meetings keep a participant record the export reads.
    if (status !== 2) throw paramError("only ended meetings (meeting_status 2) can be exported");
    const meetings = this.meetingsByNo(from, to, meetingNo);
    return () =>
      meetings.flatMap((m) =>
        m.participants
          .filter((p) => only === undefined || p.id === only)
          .map((p) => [
            p.name,
            p.user_type === 1 ? this.users.render(p.id, idType) : "",
            String(p.user_type),
            p.user_type === 2 ? p.id : "",
            timeCell(p.join),
            timeCell(p.leave),
            durationCell(p.duration),
            // ASSUMPTION: the two leave reasons the history can tell apart.
            p.stayed_to_end ? "会议结束" : "主动离会",
          ]),
      );
  }

  private qualityList(body: JsonObject, idType: UserIdType): () => Cell[][] {
    const { from, to } = this.pastWindow(body, ["meeting_start_time", "meeting_end_time"]);
    const meetingNo = this.requiredNo(body);
    const joinTime = bodySeconds(body, "join_time");
    const only = this.participantFilter(body, idType);
    if (only === undefined) throw paramError("exactly one of user_id, room_id is required");
    for (const meeting of this.meetingsByNo(from, to, meetingNo)) {
      // join_time has minute precision (reference 3.5): the join of that minute.
      const p = meeting.participants.find(
        (q) => q.id === only && Math.floor(q.join / 60) === Math.floor(joinTime / 60),
      );
      if (p === undefined) continue;
      const random = seededRandom(mixSeed(Number(meeting.meeting_no), `${p.id}:${p.join}`));
      const rows: Cell[][] = [];
      for (let minute = Math.floor(p.join / 60) * 60; minute < p.leave; minute += 60) {
        rows.push([
          timeCell(minute, false),
          p.name,
          20 + Math.floor(random() * 60),
          1 + Math.floor(random() * 14),
          Math.round(random() * 200) / 100,
          24 + Math.floor(random() * 40),
          300 + Math.floor(random() * 1200),
        ]);
      }
      return () => rows;
    }
    throw dataNotExist();
  }

  // ---- resource_reservation_list ------------------------------------------------------------

  private reservationList(body: JsonObject): () => Cell[][] {
    const levelId = optionalString(body, "room_level_id");
    if (levelId === undefined || levelId === "") throw fieldInvalid("room_level_id", "is required");
    this.levels.level(levelId);
    // Upcoming bookings may be exported: the window may reach 90 days ahead.
    const { from, to } = window(body, ["start_time", "end_time"], this.nowSeconds() + 90 * DAY);
    const needTopic = optionalBoolean(body, "need_topic") ?? false;
    const listed = (optionalStringArray(body, "room_ids") ?? []).map((id) => this.roomOf(id));
    const exclude = optionalBoolean(body, "is_exclude") ?? false;
    // ASSUMPTION: a level's rooms include those of the levels below it (a building holds floors).
    const levels = this.levels.subtree(levelId);
    const inLevel = new Set(
      this.rooms
        .all()
        .map((room) => ({ id: room.room_id as string, level: room.room_level_id as string }))
        .filter((room) => levels.has(room.level))
        .map((room) => room.id),
    );
    const chosen = new Set(
      [...inLevel].filter((id) =>
        listed.length === 0 ? true : exclude ? !listed.includes(id) : listed.includes(id),
      ),
    );
    return () =>
      this.history
        .bookings((b) => chosen.has(b.room_id) && b.start >= from && b.start < to)
        .sort((a, b) => a.room_id.localeCompare(b.room_id) || a.start - b.start)
        .map((b) => {
          const reserver = this.users.all()[b.reserver % this.users.all().length]!;
          return [
            b.room_id,
            this.roomName(b.room_id),
            needTopic ? b.topic : "",
            reserver.name,
            reserver.user_id,
            this.department(reserver.user_id),
            b.guests,
            b.accepted,
            timeCell(b.start),
            timeCell(b.end),
            durationCell(b.end - b.start),
            BOOKING_STATUS[b.status],
            b.checked_in ? "已签到" : "未签到",
            yesNo(b.released_early),
          ];
        });
  }
}
