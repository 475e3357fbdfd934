/**
 * Room configuration by scope (reference 2.4): the stored configuration of each level or room,
 * the merge rules on set and the inheritance from the node up to the root on get.
 */
import { fieldInvalid, paramError } from "../errors";
import {
  checkRange,
  isObject,
  optionalBoolean,
  optionalInteger,
  optionalString,
  requiredString,
  requireObject,
  type Json,
  type JsonObject,
} from "../validate";
import type { RoomLevelStore } from "./room-levels";
import { checkRoomStatus, type RoomStore } from "./rooms";

const SIGNAGE_MINUTES = [1, 720] as const;
const MATERIAL_SECONDS = [1, 43200] as const;

/** Stored configuration of one scope: only the top-level keys that were set. */
export interface ConfigRecord {
  scope_type: 1 | 2;
  scope_id: string;
  scope_config: JsonObject;
}

/** This family's part of the tenant snapshot. */
export interface ScopeConfigSnapshot {
  configs: ConfigRecord[];
}

const CONFIG_KEYS = [
  "room_background",
  "display_background",
  "digital_signage",
  "room_box_digital_signage",
  "room_status",
];
const SIGNAGE_KEYS = ["digital_signage", "room_box_digital_signage"];

export class ScopeConfigStore {
  private readonly configs = new Map<string, ConfigRecord>();

  constructor(
    private readonly levels: RoomLevelStore,
    private readonly rooms: RoomStore,
    snapshot?: ScopeConfigSnapshot,
  ) {
    for (const config of snapshot?.configs ?? []) this.configs.set(config.scope_id, config);
  }

  snapshot(): ScopeConfigSnapshot {
    return { configs: [...this.configs.values()] };
  }

  all(): JsonObject[] {
    return [...this.configs.values()].map((c) => ({ ...c }));
  }

  /** Drops the configuration of scopes that no longer exist. */
  forget(scopeIds: Iterable<string>): void {
    for (const id of scopeIds) this.configs.delete(id);
  }

  private scopeExists(scopeType: number, scopeId: string): void {
    if (scopeType === 1) this.levels.level(scopeId);
    else this.rooms.room(scopeId);
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

  set(body: JsonObject): void {
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
    const status = checkRoomStatus(config.room_status, "scope_config.room_status");
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
    const subtree = this.levels.subtree(levelId);
    for (const config of this.configs.values()) {
      const inside =
        config.scope_id !== levelId &&
        (config.scope_type === 1
          ? subtree.has(config.scope_id)
          : subtree.has(this.rooms.find(config.scope_id)?.room_level_id ?? ""));
      if (inside) delete config.scope_config[key];
    }
  }

  get(scopeType: number, scopeId: string): JsonObject {
    this.scopeExists(scopeType, scopeId);
    const chain: { type: 1 | 2; id: string }[] = [];
    if (scopeType === 2) chain.push({ type: 2, id: scopeId });
    const firstLevel = scopeType === 2 ? this.rooms.room(scopeId).room_level_id : scopeId;
    for (const id of [firstLevel, ...this.levels.ancestors(firstLevel).reverse()])
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
}
