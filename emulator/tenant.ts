/**
 * The tenant's data: the flexible level tree, rooms and per-scope configuration, with the
 * operations of the room-level, room and scope-config endpoints (reference 2.2–2.4). Every
 * operation validates everything first and mutates last, so a rejected request changes nothing.
 */
import { randomBytes } from "node:crypto";
import {
  cannotDeleteChild,
  cannotHoldRooms,
  dataConflict,
  dataNotExist,
  fieldInvalid,
  paramError,
} from "./errors";
import {
  checkLength,
  checkRange,
  isObject,
  optionalBoolean,
  optionalInteger,
  optionalString,
  optionalStringArray,
  requiredString,
  requireObject,
  type Json,
  type JsonObject,
} from "./validate";

// Reference section 4 item 7: undocumented bounds, our stricter assumptions (121003 beyond).
export const NAME_MAX = 100;
export const DESCRIPTION_MAX = 1000;
export const CUSTOM_ID_MAX = 100;
export const CAPACITY_MIN = 1;
export const CAPACITY_MAX = 9999;
/** Reference section 4 item 8: undocumented batch sizes, capped at 100. */
export const BATCH_MAX = 100;
export const SIGNAGE_MINUTES = [1, 720] as const;
export const MATERIAL_SECONDS = [1, 43200] as const;

export interface LevelRecord {
  room_level_id: string;
  name: string;
  parent_id: string;
  custom_group_id?: string;
}

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

/** Stored configuration of one scope: only the top-level keys that were set. */
export interface ConfigRecord {
  scope_type: 1 | 2;
  scope_id: string;
  scope_config: JsonObject;
}

export interface TenantSnapshot {
  version: 1;
  name: string;
  flexibleLevels: boolean;
  rootId: string;
  levels: LevelRecord[];
  rooms: RoomRecord[];
  configs: ConfigRecord[];
  nextDisplayId: number;
}

const hex32 = (): string => randomBytes(16).toString("hex");
const CONFIG_KEYS = [
  "room_background",
  "display_background",
  "digital_signage",
  "room_box_digital_signage",
  "room_status",
];
const SIGNAGE_KEYS = ["digital_signage", "room_box_digital_signage"];

/** Removes `undefined` members, so responses omit unset fields (reference section 4 item 21). */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export class Tenant {
  name: string;
  flexibleLevels: boolean;
  readonly rootId: string;
  private readonly levels = new Map<string, LevelRecord>();
  private readonly rooms = new Map<string, RoomRecord>();
  private readonly configs = new Map<string, ConfigRecord>();
  private nextDisplayId: number;

  constructor(snapshot?: TenantSnapshot, now: () => number = Date.now) {
    this.now = now;
    this.name = snapshot?.name ?? "Emulator Tenant";
    this.flexibleLevels = snapshot?.flexibleLevels ?? true;
    this.rootId = snapshot?.rootId ?? `omb_${hex32()}`;
    this.nextDisplayId = snapshot?.nextDisplayId ?? 134742334;
    // Reference section 4 item 9: the root's parent_id is "" and its path is [].
    this.levels.set(this.rootId, { room_level_id: this.rootId, name: this.name, parent_id: "" });
    for (const level of snapshot?.levels ?? [])
      if (level.room_level_id !== this.rootId) this.levels.set(level.room_level_id, level);
    for (const room of snapshot?.rooms ?? []) this.rooms.set(room.room_id, room);
    for (const config of snapshot?.configs ?? []) this.configs.set(config.scope_id, config);
  }

  private readonly now: () => number;

  snapshot(): TenantSnapshot {
    return {
      version: 1,
      name: this.name,
      flexibleLevels: this.flexibleLevels,
      rootId: this.rootId,
      levels: [...this.levels.values()].filter((l) => l.room_level_id !== this.rootId),
      rooms: [...this.rooms.values()],
      configs: [...this.configs.values()],
      nextDisplayId: this.nextDisplayId,
    };
  }

  // ---- levels -------------------------------------------------------------------------------

  /** Ancestors of a level, root first, excluding the level itself. */
  private ancestors(levelId: string): string[] {
    const chain: string[] = [];
    let current = this.levels.get(levelId)?.parent_id;
    while (current !== undefined && current !== "") {
      chain.unshift(current);
      current = this.levels.get(current)?.parent_id;
    }
    return chain;
  }

  levelView(level: LevelRecord): JsonObject {
    const hasChild = [...this.levels.values()].some((l) => l.parent_id === level.room_level_id);
    return compact({
      room_level_id: level.room_level_id,
      name: level.name,
      parent_id: level.parent_id,
      // Reference section 4 item 9: a level's path is root ... parent (inclusive).
      path: this.ancestors(level.room_level_id),
      // Reference section 4 item 10: has_child counts child levels only.
      has_child: hasChild,
      custom_group_id: level.custom_group_id,
    }) as JsonObject;
  }

  /** Resolves a level id; `0` is the root alias, accepted only where `allowRootAlias` (GET; item 23). */
  level(id: string, allowRootAlias = false): LevelRecord {
    const level = this.levels.get(allowRootAlias && id === "0" ? this.rootId : id);
    if (level === undefined) throw dataNotExist();
    return level;
  }

  private checkLevelFields(body: JsonObject): {
    name: string;
    parentId: string;
    customGroupId: string | undefined;
  } {
    const name = requiredString(body, "name");
    const parentId = requiredString(body, "parent_id");
    const customGroupId = optionalString(body, "custom_group_id");
    if (name.trim() === "") throw paramError("name must not be empty");
    checkLength(name, "name", 1, NAME_MAX);
    checkLength(customGroupId, "custom_group_id", 0, CUSTOM_ID_MAX);
    return { name, parentId, customGroupId: customGroupId === "" ? undefined : customGroupId };
  }

  /** Reference section 4 item 14: custom ids are unique per tenant and type; duplicates are 121006. */
  private checkCustomGroupIdFree(customGroupId: string | undefined, exceptId?: string): void {
    if (customGroupId === undefined) return;
    for (const level of this.levels.values()) {
      if (level.custom_group_id === customGroupId && level.room_level_id !== exceptId) {
        throw dataConflict(`custom_group_id ${customGroupId} is used by ${level.room_level_id}`);
      }
    }
  }

  createLevel(body: JsonObject): JsonObject {
    const { name, parentId, customGroupId } = this.checkLevelFields(body);
    this.level(parentId);
    this.checkCustomGroupIdFree(customGroupId);
    const level: LevelRecord = compact({
      room_level_id: `omb_${hex32()}`,
      name,
      parent_id: parentId,
      custom_group_id: customGroupId,
    });
    this.levels.set(level.room_level_id, level);
    return { room_level: this.levelView(level) };
  }

  patchLevel(id: string, body: JsonObject): void {
    checkLength(id, "room_level_id", 1, 100);
    const level = this.level(id);
    const { name, parentId, customGroupId } = this.checkLevelFields(body);
    if (level.room_level_id === this.rootId) throw paramError("the root level cannot be changed");
    this.level(parentId);
    // Reference section 4 item 13: moving a level under itself or a descendant is rejected.
    if (parentId === id || this.ancestors(parentId).includes(id))
      throw paramError("a level cannot move under itself");
    this.checkCustomGroupIdFree(customGroupId, id);
    level.name = name;
    level.parent_id = parentId;
    // Reference section 4 item 15: an omitted custom_group_id is kept.
    if (body.custom_group_id !== undefined && body.custom_group_id !== null) {
      if (customGroupId === undefined) delete level.custom_group_id;
      else level.custom_group_id = customGroupId;
    }
  }

  deleteLevel(body: JsonObject): void {
    const id = requiredString(body, "room_level_id");
    checkLength(id, "room_level_id", 1, 100);
    const deleteChild = optionalBoolean(body, "delete_child") ?? false;
    const level = this.level(id);
    // Reference section 4 item 12: the root cannot be deleted.
    if (level.room_level_id === this.rootId) throw paramError("the root level cannot be deleted");
    // Reference section 4 item 25: tenants not on flexible levels get 125001.
    if (!this.flexibleLevels) throw cannotDeleteChild();
    const subtree = this.subtree(id);
    const rooms = [...this.rooms.values()].filter((room) => subtree.has(room.room_level_id));
    // Reference section 4 item 12: without delete_child, any child level or room refuses the delete.
    if (!deleteChild && (subtree.size > 1 || rooms.length > 0)) throw cannotDeleteChild();
    for (const room of rooms) this.removeRoom(room.room_id);
    for (const levelId of subtree) {
      this.levels.delete(levelId);
      this.configs.delete(levelId);
    }
  }

  /** A level and every level below it. */
  private subtree(id: string): Set<string> {
    const out = new Set([id]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const level of this.levels.values()) {
        if (out.has(level.parent_id) && !out.has(level.room_level_id)) {
          out.add(level.room_level_id);
          grew = true;
        }
      }
    }
    return out;
  }

  mgetLevels(body: JsonObject): JsonObject {
    const ids = optionalStringArray(body, "level_ids");
    if (ids === undefined) throw fieldInvalid("level_ids", "is required");
    if (ids.length > BATCH_MAX) throw paramError(`at most ${BATCH_MAX} level_ids`);
    // Reference section 4 item 8: unknown ids are omitted silently.
    const items = ids.flatMap((id) => {
      const level = this.levels.get(id);
      return level === undefined ? [] : [this.levelView(level)];
    });
    return { items };
  }

  /** Direct child levels of `parentId` (root when empty; reference section 4 item 11), in creation order. */
  childLevels(parentId: string): JsonObject[] {
    const parent = parentId === "" ? this.rootId : this.level(parentId).room_level_id;
    return [...this.levels.values()]
      .filter((l) => l.parent_id === parent)
      .map((l) => this.levelView(l));
  }

  searchLevels(customIds: string[]): JsonObject {
    if (customIds.length > BATCH_MAX) throw paramError(`at most ${BATCH_MAX} custom_level_ids`);
    // Reference section 4 item 14 makes custom ids unique, so each id matches at most one level;
    // results follow the request order and non-matching ids are left out (our choice, item 8).
    const levelIds = customIds.flatMap((customId) => {
      const level = [...this.levels.values()].find((l) => l.custom_group_id === customId);
      return level === undefined ? [] : [level.room_level_id];
    });
    return { level_ids: levelIds };
  }

  // ---- rooms --------------------------------------------------------------------------------

  room(id: string): RoomRecord {
    const room = this.rooms.get(id);
    if (room === undefined) throw dataNotExist();
    return room;
  }

  roomView(room: RoomRecord): JsonObject {
    return compact({
      room_id: room.room_id,
      name: room.name,
      capacity: room.capacity,
      description: room.description,
      display_id: room.display_id,
      custom_room_id: room.custom_room_id,
      room_level_id: room.room_level_id,
      // Reference section 4 item 9: a room's path is root ... room_level_id (inclusive).
      path: [...this.ancestors(room.room_level_id), room.room_level_id],
      room_status: room.room_status === undefined ? undefined : this.statusView(room.room_status),
      device: room.device?.map((d) => ({ name: d.name })),
    }) as JsonObject;
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

  /** Validates a `room_status` object (reference 2.1; item 20: times must be strings of digits). */
  checkRoomStatus(value: Json | undefined, prefix: string): RoomStatusRecord | undefined {
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
  private checkRoomFields(
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
    const roomStatus = this.checkRoomStatus(body.room_status, "room_status");
    const device = this.checkDevices(body.device);
    if (name !== undefined && name.trim() === "") throw paramError("name must not be empty");
    checkLength(name, "name", 1, NAME_MAX);
    checkRange(capacity, "capacity", CAPACITY_MIN, CAPACITY_MAX);
    checkLength(description, "description", 0, DESCRIPTION_MAX);
    checkLength(customRoomId, "custom_room_id", 0, CUSTOM_ID_MAX);
    if (levelId !== undefined) this.level(levelId);
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

  createRoom(body: JsonObject): JsonObject {
    const fields = this.checkRoomFields(body, true);
    if (!this.flexibleLevels) throw cannotHoldRooms();
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
    return { room: this.roomView(room) };
  }

  patchRoom(id: string, body: JsonObject): void {
    checkLength(id, "room_id", 1, 100);
    const room = this.room(id);
    const fields = this.checkRoomFields(body, false);
    if (!this.flexibleLevels) throw cannotHoldRooms();
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
  }

  deleteRoom(id: string): void {
    checkLength(id, "room_id", 1, 100);
    this.room(id);
    this.removeRoom(id);
  }

  private removeRoom(id: string): void {
    this.rooms.delete(id);
    this.configs.delete(id);
  }

  mgetRooms(body: JsonObject): JsonObject {
    const ids = optionalStringArray(body, "room_ids");
    if (ids === undefined) throw fieldInvalid("room_ids", "is required");
    if (ids.length > BATCH_MAX) throw paramError(`at most ${BATCH_MAX} room_ids`);
    const items = ids.flatMap((id) => {
      const room = this.rooms.get(id);
      return room === undefined ? [] : [this.roomView(room)];
    });
    return { items };
  }

  /** Rooms directly in a level, or every room of the tenant when empty (reference section 4 item 11). */
  listRooms(levelId: string): JsonObject[] {
    if (levelId !== "") this.level(levelId);
    return [...this.rooms.values()]
      .filter((r) => levelId === "" || r.room_level_id === levelId)
      .map((r) => this.roomView(r));
  }

  /** Reference section 4 item 24: case-insensitive substring on names; all rooms are bookable. */
  searchRooms(body: JsonObject): JsonObject[] {
    const customIds = optionalStringArray(body, "custom_room_ids");
    const keyword = optionalString(body, "keyword");
    const levelId = optionalString(body, "room_level_id");
    const withLevelNames = optionalBoolean(body, "search_level_name") ?? false;
    if (customIds !== undefined && customIds.length > 0) {
      if (customIds.length > BATCH_MAX) throw paramError(`at most ${BATCH_MAX} custom_room_ids`);
      return customIds.flatMap((customId) => {
        const room = [...this.rooms.values()].find((r) => r.custom_room_id === customId);
        return room === undefined ? [] : [this.roomView(room)];
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
          [...this.ancestors(room.room_level_id), room.room_level_id].some((id) =>
            this.levels.get(id)?.name.toLowerCase().includes(needle),
          )
        );
      })
      .map((room) => this.roomView(room));
  }

  // ---- scope configuration ------------------------------------------------------------------

  private scopeExists(scopeType: number, scopeId: string): void {
    if (scopeType === 1) this.level(scopeId);
    else this.room(scopeId);
  }

  private checkSignage(value: Json, prefix: string): JsonObject {
    const body = requireObject(value, prefix);
    const p = `${prefix}.`;
    optionalBoolean(body, "if_cover_child_scope", p);
    optionalBoolean(body, "enable", p);
    optionalBoolean(body, "mute", p);
    checkRange(optionalInteger(body, "start_display", p), `${p}start_display`, ...SIGNAGE_MINUTES);
    checkRange(optionalInteger(body, "stop_display", p), `${p}stop_display`, ...SIGNAGE_MINUTES);
    const materials = body.materials;
    if (materials !== undefined && materials !== null) {
      if (!Array.isArray(materials))
        throw fieldInvalid(`${p}materials`, "must be a list", materials);
      materials.forEach((item, i) => {
        const m = requireObject(item, `${p}materials[${i}]`);
        const mp = `${p}materials[${i}].`;
        for (const field of ["id", "name", "url", "cover", "md5", "vid", "size"])
          optionalString(m, field, mp);
        const type = optionalInteger(m, "material_type", mp);
        // The doc examples send 0 besides the documented 1 image, 2 video, 3 GIF.
        if (type !== undefined && ![0, 1, 2, 3].includes(type))
          throw paramError(`${mp}material_type must be 1, 2 or 3`);
        checkRange(optionalInteger(m, "duration", mp), `${mp}duration`, ...MATERIAL_SECONDS);
      });
    }
    return body;
  }

  setScopeConfig(body: JsonObject): void {
    const scopeType = optionalInteger(body, "scope_type");
    if (scopeType === undefined) throw fieldInvalid("scope_type", "is required");
    if (scopeType !== 1 && scopeType !== 2)
      throw fieldInvalid("scope_type", "must be 1 (room level) or 2 (room)", scopeType);
    const scopeId = requiredString(body, "scope_id");
    const config =
      body.scope_config === undefined || body.scope_config === null
        ? {}
        : requireObject(body.scope_config, "scope_config");
    optionalString(config, "room_background", "scope_config.");
    optionalString(config, "display_background", "scope_config.");
    for (const key of SIGNAGE_KEYS)
      if (config[key] !== undefined && config[key] !== null)
        this.checkSignage(config[key], `scope_config.${key}`);
    const status = this.checkRoomStatus(config.room_status, "scope_config.room_status");
    this.scopeExists(scopeType, scopeId);

    const stored = this.configs.get(scopeId)?.scope_config ?? {};
    // Reference section 4 item 16: each provided top-level key replaces the stored one, omitted
    // keys are kept, and an empty value is stored as unset.
    for (const key of CONFIG_KEYS) {
      const value = key === "room_status" ? (status as unknown as Json | undefined) : config[key];
      if (value === undefined || value === null) continue;
      const empty = value === "" || (isObject(value) && Object.keys(value).length === 0);
      if (empty) delete stored[key];
      else stored[key] = value;
    }
    this.configs.set(scopeId, { scope_type: scopeType, scope_id: scopeId, scope_config: stored });
    // Reference section 4 item 17: if_cover_child_scope clears the key on every descendant.
    if (scopeType === 1) {
      for (const key of SIGNAGE_KEYS) {
        const signage = config[key];
        if (isObject(signage) && signage.if_cover_child_scope === true)
          this.clearBelow(scopeId, key);
      }
    }
  }

  private clearBelow(levelId: string, key: string): void {
    const subtree = this.subtree(levelId);
    for (const config of this.configs.values()) {
      const inside =
        config.scope_id !== levelId &&
        (config.scope_type === 1
          ? subtree.has(config.scope_id)
          : subtree.has(this.rooms.get(config.scope_id)?.room_level_id ?? ""));
      if (inside) delete config.scope_config[key];
    }
  }

  getScopeConfig(scopeType: number, scopeId: string): JsonObject {
    this.scopeExists(scopeType, scopeId);
    const chain: { type: 1 | 2; id: string }[] = [];
    if (scopeType === 2) chain.push({ type: 2, id: scopeId });
    const firstLevel = scopeType === 2 ? this.room(scopeId).room_level_id : scopeId;
    for (const id of [firstLevel, ...this.ancestors(firstLevel).reverse()])
      chain.push({ type: 1, id });
    const origin = chain.map(({ type, id }) => ({
      scope_type: type,
      scope_id: id,
      scope_config: { ...(this.configs.get(id)?.scope_config ?? {}) },
    }));
    // Bottom-up merge per top-level key (reference 2.4: the nearest node that sets a value wins).
    const current: JsonObject = {};
    for (const node of [...origin].reverse()) Object.assign(current, node.scope_config);
    return {
      current_config: { scope_type: scopeType, scope_id: scopeId, scope_config: current },
      origin_configs: origin,
    };
  }

  /** Everything, for the control endpoint `/__emulator/state`. */
  stateView(): JsonObject {
    return {
      tenant: { name: this.name, flexibleLevels: this.flexibleLevels },
      levels: [...this.levels.values()].map((l) => this.levelView(l)),
      rooms: [...this.rooms.values()].map((r) => this.roomView(r)),
      configs: [...this.configs.values()].map((c) => ({ ...c })),
    };
  }
}
