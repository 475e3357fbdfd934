/**
 * Typed VC events (reference 2.6 rooms and levels, 3.6 meetings) in the platform's v2 envelope,
 * and a small handler API: `createEventHandler({ "vc.room.updated_v1": (e) => ... })`.
 */

/** The v2 envelope header (reference 2.6). */
export interface EventHeader<T extends string = string> {
  /** Unique per event; a retried delivery repeats it (deduplicate on it). */
  event_id: string;
  event_type: T;
  /** Milliseconds since the epoch, as a string. */
  create_time: string;
  /**
   * The app's Verification Token on the wire; the receiver checks it and removes it, so the
   * envelopes it hands on never carry the secret.
   */
  token?: string;
  app_id: string;
  tenant_key: string;
}

export interface EventEnvelope<T extends string = string, E = unknown> {
  schema: "2.0";
  header: EventHeader<T>;
  event: E;
}

/** A user in an event: the same user in each id type. */
export interface EventUserId {
  union_id?: string;
  user_id?: string;
  open_id?: string;
}

export interface EventRoomLevel {
  room_level_id: string;
  name?: string;
  parent_id?: string;
  path?: string[];
  has_child?: boolean;
  custom_group_id?: string;
}

export interface EventRoom {
  room_id: string;
  name?: string;
  capacity?: number;
  description?: string;
  display_id?: string;
  custom_room_id?: string;
  room_level_id?: string;
  path?: string[];
  room_status?: {
    status?: boolean;
    schedule_status?: boolean;
    disable_start_time?: string;
    disable_end_time?: string;
    disable_reason?: string;
    contact_ids?: EventUserId[];
    disable_notice?: boolean;
    resume_notice?: boolean;
  };
  device?: { name: string }[];
}

export interface RoomLevelEvent {
  room_level: EventRoomLevel;
}
export interface RoomLevelDeletedEvent {
  room_level_id: string;
  delete_child?: boolean;
}
export interface RoomEvent {
  room: EventRoom;
}
export interface RoomDeletedEvent {
  room: { room_id: string };
}

/** A participant or operator in a meeting event (reference 3.6). */
export interface EventUser {
  id?: EventUserId;
  /** 1 participant, 2 host, 3 co-host. */
  user_role?: number;
  user_type?: number;
}

export interface EventMeeting {
  id: string;
  topic?: string;
  meeting_no?: string;
  meeting_source?: number;
  start_time?: string;
  end_time?: string;
  host_user?: EventUser;
  owner?: EventUser;
  calendar_event_id?: string;
  meeting_sub_type?: number;
  security_setting?: {
    security_level?: number;
    group_ids?: string[];
    user_ids?: string[];
    room_ids?: string[];
    has_set_security_contacts_and_group?: boolean;
  };
  webinar_setting?: { webinar_type?: number };
}

/**
 * Reference 3.6: all but the `all_meeting_*` pair fire only for meetings reserved through the
 * API (`reserves/apply`); `meeting_source` is then 4 (open platform).
 */
export interface MeetingEvent {
  meeting: EventMeeting;
  operator?: EventUser;
}
export interface RecordingReadyEvent {
  meeting: EventMeeting;
  url: string;
  /**
   * Milliseconds. Reference 3.6 gives no type; the emulator sends a string, as the recording
   * get answers it, and a number is accepted too.
   */
  duration: string | number;
}

/** Every VC event type and its `event` body. */
export interface VcEventBodies {
  "vc.room_level.created_v1": RoomLevelEvent;
  "vc.room_level.updated_v1": RoomLevelEvent;
  "vc.room_level.deleted_v1": RoomLevelDeletedEvent;
  "vc.room.created_v1": RoomEvent;
  "vc.room.updated_v1": RoomEvent;
  "vc.room.deleted_v1": RoomDeletedEvent;
  "vc.meeting.meeting_started_v1": MeetingEvent;
  "vc.meeting.meeting_ended_v1": MeetingEvent;
  "vc.meeting.join_meeting_v1": MeetingEvent;
  "vc.meeting.leave_meeting_v1": MeetingEvent;
  "vc.meeting.recording_started_v1": MeetingEvent;
  "vc.meeting.recording_ended_v1": MeetingEvent;
  "vc.meeting.recording_ready_v1": RecordingReadyEvent;
  "vc.meeting.share_started_v1": MeetingEvent;
  "vc.meeting.share_ended_v1": MeetingEvent;
  "vc.meeting.all_meeting_started_v1": MeetingEvent;
  "vc.meeting.all_meeting_ended_v1": MeetingEvent;
}

export type VcEventType = keyof VcEventBodies;

/** One typed VC event. */
export type VcEvent = { [K in VcEventType]: EventEnvelope<K, VcEventBodies[K]> }[VcEventType];

export type EventHandlers = {
  [K in VcEventType]?: (event: EventEnvelope<K, VcEventBodies[K]>) => void | Promise<void>;
};

/**
 * Routes envelopes to the handler of their type; events without a handler go to `otherwise`
 * (ignored by default). Pass the result as the receiver's `onEvent`.
 */
export function createEventHandler(
  handlers: EventHandlers,
  otherwise: (event: EventEnvelope) => void | Promise<void> = () => undefined,
): (event: EventEnvelope) => Promise<void> {
  return async (event) => {
    const handler = (handlers as Record<string, ((e: EventEnvelope) => unknown) | undefined>)[
      event.header.event_type
    ];
    await (handler === undefined ? otherwise(event) : handler(event));
  };
}
