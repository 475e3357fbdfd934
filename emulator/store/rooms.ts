/**
 * Rooms (reference 2.3): records, their status windows and devices, placed in room levels.
 * Every operation validates everything first and mutates last.
 */
import { cannotHoldRooms, dataConflict, dataNotExist, fieldInvalid, paramError } from "../errors";
import {
  checkLength,
  checkRange,
  optionalBoolean,
  optionalInteger,
  optionalString,
  optionalStringArray,
  requiredString,
  requireObject,
  type Json,
  type JsonObject,
} from "../validate";
import type { PublishEvent } from "../events/bus";
import {
  ROOM_CREATED,
  ROOM_DELETED,
  ROOM_UPDATED,
  roomDeletedEvent,
  roomEvent,
} from "../events/payloads";
import { compact, hex32, type Clock, type TenantSettings } from "./common";
import {
  BATCH_MAX,
  CUSTOM_ID_MAX,
  DESCRIPTION_MAX,
  NAME_MAX,
  type RoomLevelStore,
} from "./room-levels";

// Reference section 4 item 7: undocumented capacity range, our stricter assumption.
const CAPACITY_MIN = 1;
const CAPACITY_MAX = 9999;

export interface RoomStatusRecord {
  status: boolean;
  disable_start_time?: string;
  disable_end_time?: string;
  disable_reason?: string;
  contact_ids?: string[];
  disable_notice?: boolean;
  resume_notice?: boolean;
}

export interface RoomRecord {
  room_id: string;
  name: string;
  capacity: number;
  description?: string;
  display_id: string;
  custom_room_id?: string;
  room_level_id: string;
  room_status?: RoomStatusRecord;
  device?: { name: string }[];
}

/** This family's part of the tenant snapshot. */
export interface RoomsSnapshot {
  rooms: RoomRecord[];
  nextDisplayId: number;
}

/** Validates a `room_status` object (reference 2.1; item 20: times must be strings of digits). */
export function checkRoomStatus(
  value: Json | undefined,
  prefix: string,
): RoomStatusRecord | undefined {
  if (value === undefined || value === null) return undefined;
  const body = requireObject(value, prefix);
  const p = `${prefix}.`;
  if (body.status === undefined || body.status === null)
    throw fieldInvalid(`${p}status`, "is required");
  const status = optionalBoolean(body, "status", p)!;
  optionalBoolean(body, "schedule_status", p); // output only: accepted and ignored
  const start = optionalString(body, "disable_start_time", p);
  const end = optionalString(body, "disable_end_time", p);
  for (const [field, time] of [
    ["disable_start_time", start],
    ["disable_end_time", end],
  ] as const) {
    if (time !== undefined && time !== "" && !/^\d{1,12}$/.test(time))
      throw paramError(`${p}${field} must be unix seconds`);
  }
  const record: RoomStatusRecord = compact({
    status,
    disable_start_time: start === "" ? undefined : start,
    disable_end_time: end === "" ? undefined : end,
    disable_reason: optionalString(body, "disable_reason", p),
    contact_ids: optionalStringArray(body, "contact_ids", p),
    disable_notice: optionalBoolean(body, "disable_notice", p),
    resume_notice: optionalBoolean(body, "resume_notice", p),
  });
  checkLength(record.disable_reason, `${p}disable_reason`, 0, DESCRIPTION_MAX);
  return record;
}

export class RoomStore {
  private readonly rooms = new Map<string, RoomRecord>();
  private nextDisplayId: number;

  constructor(
    private readonly settings: TenantSettings,
    private readonly levels: RoomLevelStore,
    private readonly now: Clock,
    /** Called when a room goes, so what belongs to it (its configuration) goes too. */
    private readonly onRemoved: (roomId: string) => void,
    private readonly publish: PublishEvent,
    snapshot?: RoomsSnapshot,
  ) {
    this.nextDisplayId = snapshot?.nextDisplayId ?? 134742334;
    for (const room of snapshot?.rooms ?? []) this.rooms.set(room.room_id, room);
  }

  snapshot(): RoomsSnapshot {
    return { rooms: [...this.rooms.values()], nextDisplayId: this.nextDisplayId };
  }

  room(id: string): RoomRecord {
    const room = this.rooms.get(id);
    if (room === undefined) throw dataNotExist();
    return room;
  }

  /** The room if it exists, without failing (cross-family lookups). */
  find(id: string): RoomRecord | undefined {
    return this.rooms.get(id);
  }

  view(room: RoomRecord): JsonObject {
    return compact({
      room_id: room.room_id,
      name: room.name,
      capacity: room.capacity,
      description: room.description,
      display_id: room.display_id,
      custom_room_id: room.custom_room_id,
      room_level_id: room.room_level_id,
      // Reference section 4 item 9: a room's path is root ... room_level_id (inclusive).
      path: [...this.levels.ancestors(room.room_level_id), room.room_level_id],
      room_status: room.room_status === undefined ? undefined : this.statusView(room.room_status),
      device: room.device?.map((d) => ({ name: d.name })),
    }) as JsonObject;
  }

  all(): JsonObject[] {
    return [...this.rooms.values()].map((r) => this.view(r));
  }

  /** Reference section 4 item 19: schedule_status is status, unless a future window disables it. */
  private statusView(status: RoomStatusRecord): JsonObject {
    const start =
      status.disable_start_time === undefined ? undefined : Number(status.disable_start_time);
    const futureWindow = start !== undefined && start * 1000 > this.now();
    return compact({
      ...status,
      schedule_status: futureWindow ? false : status.status,
    });
  }

  private checkDevices(value: Json | undefined): { name: string }[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) throw fieldInvalid("device", "must be a list", value);
    return value.map((item, i) => {
      const device = requireObject(item, `device[${i}]`);
      const name = requiredString(device, "name", `device[${i}].`);
      checkLength(name, `device[${i}].name`, 1, NAME_MAX);
      return { name };
    });
  }

  private checkCustomRoomIdFree(customRoomId: string | undefined, exceptId?: string): void {
    if (customRoomId === undefined) return;
    for (const room of this.rooms.values()) {
      if (room.custom_room_id === customRoomId && room.room_id !== exceptId) {
        throw dataConflict(`custom_room_id ${customRoomId} is used by ${room.room_id}`);
      }
    }
  }

  /** Fields of a create or patch body, type-checked; `required` for create. */
  private checkFields(
    body: JsonObject,
    required: boolean,
  ): Partial<Omit<RoomRecord, "room_id" | "display_id">> {
    const name = required ? requiredString(body, "name") : optionalString(body, "name");
    if (required && (body.capacity === undefined || body.capacity === null))
      throw fieldInvalid("capacity", "is required");
    const capacity = optionalInteger(body, "capacity");
    const levelId = required
      ? requiredString(body, "room_level_id")
      : optionalString(body, "room_level_id");
    const description = optionalString(body, "description");
    const customRoomId = optionalString(body, "custom_room_id");
    const roomStatus = checkRoomStatus(body.room_status, "room_status");
    const device = this.checkDevices(body.device);
    if (name !== undefined && name.trim() === "") throw paramError("name must not be empty");
    checkLength(name, "name", 1, NAME_MAX);
    checkRange(capacity, "capacity", CAPACITY_MIN, CAPACITY_MAX);
    checkLength(description, "description", 0, DESCRIPTION_MAX);
    checkLength(customRoomId, "custom_room_id", 0, CUSTOM_ID_MAX);
    if (levelId !== undefined) this.levels.level(levelId);
    return compact({
      name,
      capacity,
      room_level_id: levelId,
      description,
      custom_room_id: customRoomId,
      room_status: roomStatus,
      device,
    });
  }

  create(body: JsonObject): JsonObject {
    const fields = this.checkFields(body, true);
    if (!this.settings.flexibleLevels) throw cannotHoldRooms();
    const customRoomId = fields.custom_room_id === "" ? undefined : fields.custom_room_id;
    this.checkCustomRoomIdFree(customRoomId);
    const room: RoomRecord = compact({
      ...(fields as Omit<RoomRecord, "room_id" | "display_id">),
      custom_room_id: customRoomId,
      description: fields.description === "" ? undefined : fields.description,
      room_id: `omm_${hex32()}`,
      display_id: `LM${this.nextDisplayId++}`,
    });
    this.rooms.set(room.room_id, room);
    const view = this.view(room);
    this.publish(ROOM_CREATED, roomEvent(view));
    return { room: view };
  }

  patch(id: string, body: JsonObject): void {
    checkLength(id, "room_id", 1, 100);
    const room = this.room(id);
    const fields = this.checkFields(body, false);
    if (!this.settings.flexibleLevels) throw cannotHoldRooms();
    if (fields.custom_room_id !== undefined)
      this.checkCustomRoomIdFree(
        fields.custom_room_id === "" ? undefined : fields.custom_room_id,
        id,
      );
    // Reference section 4 item 15: omitted fields are kept; room_status and device replace whole.
    const { custom_room_id, description, ...rest } = fields;
    Object.assign(room, rest);
    if (custom_room_id !== undefined) {
      if (custom_room_id === "") delete room.custom_room_id;
      else room.custom_room_id = custom_room_id;
    }
    if (description !== undefined) {
      if (description === "") delete room.description;
      else room.description = description;
    }
    // Guess: one event per PATCH, even when nothing changed.
    this.publish(ROOM_UPDATED, roomEvent(this.view(room)));
  }

  delete(id: string): void {
    checkLength(id, "room_id", 1, 100);
    this.room(id);
    this.remove(id);
  }

  private remove(id: string): void {
    this.rooms.delete(id);
    this.onRemoved(id);
    this.publish(ROOM_DELETED, roomDeletedEvent(id));
  }

  /** Whether any room is directly in one of these levels. */
  anyIn(levelIds: ReadonlySet<string>): boolean {
    return [...this.rooms.values()].some((room) => levelIds.has(room.room_level_id));
  }

  /** Removes every room directly in one of these levels (a level delete with delete_child). */
  removeIn(levelIds: ReadonlySet<string>): void {
    for (const room of [...this.rooms.values()])
      if (levelIds.has(room.room_level_id)) this.remove(room.room_id);
  }

  mget(body: JsonObject): JsonObject {
    const ids = optionalStringArray(body, "room_ids");
    if (ids === undefined) throw fieldInvalid("room_ids", "is required");
    if (ids.length > BATCH_MAX) throw paramError(`at most ${BATCH_MAX} room_ids`);
    const items = ids.flatMap((id) => {
      const room = this.rooms.get(id);
      return room === undefined ? [] : [this.view(room)];
    });
    return { items };
  }

  /** Rooms directly in a level, or every room of the tenant when empty (reference section 4 item 11). */
  list(levelId: string): JsonObject[] {
    if (levelId !== "") this.levels.level(levelId);
    return [...this.rooms.values()]
      .filter((r) => levelId === "" || r.room_level_id === levelId)
      .map((r) => this.view(r));
  }

  /** Reference section 4 item 24: case-insensitive substring on names; all rooms are bookable. */
  search(body: JsonObject): JsonObject[] {
    const customIds = optionalStringArray(body, "custom_room_ids");
    const keyword = optionalString(body, "keyword");
    const levelId = optionalString(body, "room_level_id");
    const withLevelNames = optionalBoolean(body, "search_level_name") ?? false;
    if (customIds !== undefined && customIds.length > 0) {
      if (customIds.length > BATCH_MAX) throw paramError(`at most ${BATCH_MAX} custom_room_ids`);
      return customIds.flatMap((customId) => {
        const room = [...this.rooms.values()].find((r) => r.custom_room_id === customId);
        return room === undefined ? [] : [this.view(room)];
      });
    }
    const needle = keyword?.toLowerCase() ?? "";
    return [...this.rooms.values()]
      .filter((room) => levelId === undefined || levelId === "" || room.room_level_id === levelId)
      .filter((room) => {
        if (needle === "") return true;
        if (room.name.toLowerCase().includes(needle)) return true;
        return (
          withLevelNames &&
          [...this.levels.ancestors(room.room_level_id), room.room_level_id].some((id) =>
            this.levels.nameOf(id)?.toLowerCase().includes(needle),
          )
        );
      })
      .map((room) => this.view(room));
  }
}
