/** The `event` bodies of the room and level events (reference 2.6), built from the API views. */
import type { JsonObject } from "../validate";

export const LEVEL_CREATED = "vc.room_level.created_v1";
export const LEVEL_UPDATED = "vc.room_level.updated_v1";
export const LEVEL_DELETED = "vc.room_level.deleted_v1";
export const ROOM_CREATED = "vc.room.created_v1";
export const ROOM_UPDATED = "vc.room.updated_v1";
export const ROOM_DELETED = "vc.room.deleted_v1";

export const levelEvent = (level: JsonObject): JsonObject => ({ room_level: level });

export const levelDeletedEvent = (roomLevelId: string, deleteChild: boolean): JsonObject => ({
  room_level_id: roomLevelId,
  delete_child: deleteChild,
});

/**
 * Reference 2.6: in room events `room_status.contact_ids` are objects {union_id, user_id,
 * open_id}. The emulator keeps no user directory, so it cannot translate ids; it puts the stored
 * id in all three (a guess; a receiver must not compare them across id types).
 */
export function roomEvent(room: JsonObject): JsonObject {
  const status = room.room_status;
  if (status === null || typeof status !== "object" || Array.isArray(status)) return { room };
  const ids = status.contact_ids;
  if (!Array.isArray(ids)) return { room };
  const contacts = ids.map((id) => ({ union_id: id, user_id: id, open_id: id }));
  return { room: { ...room, room_status: { ...status, contact_ids: contacts } } };
}

export const roomDeletedEvent = (roomId: string): JsonObject => ({ room: { room_id: roomId } });

/**
 * Meeting events (reference 3.6). All but the `all_meeting_*` pair fire only for meetings
 * reserved through the API (`reserves/apply`); the pair fires for every meeting.
 */
export const MEETING_STARTED = "vc.meeting.meeting_started_v1";
export const MEETING_ENDED = "vc.meeting.meeting_ended_v1";
export const JOIN_MEETING = "vc.meeting.join_meeting_v1";
export const LEAVE_MEETING = "vc.meeting.leave_meeting_v1";
export const RECORDING_STARTED = "vc.meeting.recording_started_v1";
export const RECORDING_ENDED = "vc.meeting.recording_ended_v1";
export const RECORDING_READY = "vc.meeting.recording_ready_v1";
export const SHARE_STARTED = "vc.meeting.share_started_v1";
export const SHARE_ENDED = "vc.meeting.share_ended_v1";
export const ALL_MEETING_STARTED = "vc.meeting.all_meeting_started_v1";
export const ALL_MEETING_ENDED = "vc.meeting.all_meeting_ended_v1";

/** The meeting event types that fire for every meeting, not only API-reserved ones. */
export const FOR_EVERY_MEETING: ReadonlySet<string> = new Set([
  ALL_MEETING_STARTED,
  ALL_MEETING_ENDED,
]);
