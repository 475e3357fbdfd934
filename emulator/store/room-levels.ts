/**
 * Room levels (reference 2.2): the flexible level tree under the tenant's root level. Every
 * operation validates everything first and mutates last, so a rejected request changes nothing.
 */
import { cannotDeleteChild, dataConflict, dataNotExist, fieldInvalid, paramError } from "../errors";
import {
  checkLength,
  optionalBoolean,
  optionalString,
  optionalStringArray,
  requiredString,
  type JsonObject,
} from "../validate";
import type { PublishEvent } from "../events/bus";
import {
  LEVEL_CREATED,
  LEVEL_DELETED,
  LEVEL_UPDATED,
  levelDeletedEvent,
  levelEvent,
} from "../events/payloads";
import { compact, hex32, type TenantSettings } from "./common";

// Reference section 4 item 7: undocumented bounds, our stricter assumptions (121003 beyond).
export const NAME_MAX = 100;
export const DESCRIPTION_MAX = 1000;
export const CUSTOM_ID_MAX = 100;
/** Reference section 4 item 8: undocumented batch sizes, capped at 100. */
export const BATCH_MAX = 100;

export interface LevelRecord {
  room_level_id: string;
  name: string;
  parent_id: string;
  custom_group_id?: string;
}

/** This family's part of the tenant snapshot. */
export interface RoomLevelsSnapshot {
  rootId: string;
  levels: LevelRecord[];
}

/** What lives inside levels besides child levels (rooms, their configuration): a delete cascades to it. */
export interface LevelOccupants {
  /** Whether anything lives in one of these levels (refuses a delete without delete_child). */
  occupied(levelIds: ReadonlySet<string>): boolean;
  /** Removes everything that lives in these levels, before the levels go. */
  removeIn(levelIds: ReadonlySet<string>): void;
}

export class RoomLevelStore {
  readonly rootId: string;
  private readonly levels = new Map<string, LevelRecord>();

  constructor(
    private readonly settings: TenantSettings,
    private readonly occupants: LevelOccupants,
    private readonly publish: PublishEvent,
    snapshot?: RoomLevelsSnapshot,
  ) {
    this.rootId = snapshot?.rootId ?? `omb_${hex32()}`;
    // Reference section 4 item 9: the root's parent_id is "" and its path is []; its name is the tenant's.
    this.levels.set(this.rootId, {
      room_level_id: this.rootId,
      name: settings.name,
      parent_id: "",
    });
    for (const level of snapshot?.levels ?? [])
      if (level.room_level_id !== this.rootId) this.levels.set(level.room_level_id, level);
  }

  snapshot(): RoomLevelsSnapshot {
    return {
      rootId: this.rootId,
      levels: [...this.levels.values()].filter((l) => l.room_level_id !== this.rootId),
    };
  }

  /** Ancestors of a level, root first, excluding the level itself. */
  ancestors(levelId: string): string[] {
    const chain: string[] = [];
    let current = this.levels.get(levelId)?.parent_id;
    while (current !== undefined && current !== "") {
      chain.unshift(current);
      current = this.levels.get(current)?.parent_id;
    }
    return chain;
  }

  /** A level and every level below it. */
  subtree(id: string): Set<string> {
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

  /** The name of a level, if it exists (room search by level name). */
  nameOf(id: string): string | undefined {
    return this.levels.get(id)?.name;
  }

  view(level: LevelRecord): JsonObject {
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

  all(): JsonObject[] {
    return [...this.levels.values()].map((l) => this.view(l));
  }

  /** Resolves a level id; `0` is the root alias, accepted only where `allowRootAlias` (GET; item 23). */
  level(id: string, allowRootAlias = false): LevelRecord {
    const level = this.levels.get(allowRootAlias && id === "0" ? this.rootId : id);
    if (level === undefined) throw dataNotExist();
    return level;
  }

  private checkFields(body: JsonObject): {
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

  create(body: JsonObject): JsonObject {
    const { name, parentId, customGroupId } = this.checkFields(body);
    this.level(parentId);
    this.checkCustomGroupIdFree(customGroupId);
    const level: LevelRecord = compact({
      room_level_id: `omb_${hex32()}`,
      name,
      parent_id: parentId,
      custom_group_id: customGroupId,
    });
    this.levels.set(level.room_level_id, level);
    const view = this.view(level);
    // Guess: only the level written gets an event; its parent's derived has_child does not.
    this.publish(LEVEL_CREATED, levelEvent(view));
    return { room_level: view };
  }

  patch(id: string, body: JsonObject): void {
    checkLength(id, "room_level_id", 1, 100);
    const level = this.level(id);
    const { name, parentId, customGroupId } = this.checkFields(body);
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
    // Guess: one event per PATCH, even when nothing changed; moved descendants (new path) get none.
    this.publish(LEVEL_UPDATED, levelEvent(this.view(level)));
  }

  delete(body: JsonObject): void {
    const id = requiredString(body, "room_level_id");
    checkLength(id, "room_level_id", 1, 100);
    const deleteChild = optionalBoolean(body, "delete_child") ?? false;
    const level = this.level(id);
    // Reference section 4 item 12: the root cannot be deleted.
    if (level.room_level_id === this.rootId) throw paramError("the root level cannot be deleted");
    // Reference section 4 item 25: tenants not on flexible levels get 125001.
    if (!this.settings.flexibleLevels) throw cannotDeleteChild();
    const subtree = this.subtree(id);
    // Reference section 4 item 12: without delete_child, any child level or room refuses the delete.
    if (!deleteChild && (subtree.size > 1 || this.occupants.occupied(subtree)))
      throw cannotDeleteChild();
    this.occupants.removeIn(subtree);
    // Reference section 4 item 12: a subtree delete emits a deleted event per level, deepest first.
    for (const levelId of [...subtree].reverse()) {
      this.levels.delete(levelId);
      this.publish(LEVEL_DELETED, levelDeletedEvent(levelId, deleteChild));
    }
  }

  mget(body: JsonObject): JsonObject {
    const ids = optionalStringArray(body, "level_ids");
    if (ids === undefined) throw fieldInvalid("level_ids", "is required");
    if (ids.length > BATCH_MAX) throw paramError(`at most ${BATCH_MAX} level_ids`);
    // Reference section 4 item 8: unknown ids are omitted silently.
    const items = ids.flatMap((id) => {
      const level = this.levels.get(id);
      return level === undefined ? [] : [this.view(level)];
    });
    return { items };
  }

  /** Direct child levels of `parentId` (root when empty; reference section 4 item 11), in creation order. */
  children(parentId: string): JsonObject[] {
    const parent = parentId === "" ? this.rootId : this.level(parentId).room_level_id;
    return [...this.levels.values()].filter((l) => l.parent_id === parent).map((l) => this.view(l));
  }

  search(customIds: string[]): JsonObject {
    if (customIds.length > BATCH_MAX) throw paramError(`at most ${BATCH_MAX} custom_level_ids`);
    // Reference section 4 item 14 makes custom ids unique, so each id matches at most one level;
    // results follow the request order and non-matching ids are left out (our choice, item 8).
    const levelIds = customIds.flatMap((customId) => {
      const level = [...this.levels.values()].find((l) => l.custom_group_id === customId);
      return level === undefined ? [] : [level.room_level_id];
    });
    return { level_ids: levelIds };
  }
}
