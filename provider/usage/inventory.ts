/**
 * The managed level tree with tenant ids, from a stack's state or from a layout matched against
 * the tenant, and the unmanaged rooms under it. Pure: the tenant's objects come in as data.
 */
import type { Layout, LayoutLevel } from "../layout/types";
import type { InventoryLevel, UnmanagedRoom } from "./model";

export interface ManagedLevel {
  id: string;
  name: string;
  /** The parent's id; a level whose parent is not managed is a top-level level. */
  parentId?: string;
}

export interface ManagedRoom {
  id: string;
  name: string;
  levelId: string;
  capacity?: number;
}

/** A room as the tenant lists it (rooms API), enough to match and report it. */
export interface TenantRoom {
  id: string;
  name: string;
  levelId: string;
  capacity?: number;
  customId?: string;
}

/** A level as the tenant lists it. */
export interface TenantLevel {
  id: string;
  name: string;
  parentId: string;
  customId?: string;
}

/** Managed levels and rooms as a tree; top-level levels in the order given. */
export function buildInventory(
  levels: readonly ManagedLevel[],
  rooms: readonly ManagedRoom[],
): InventoryLevel[] {
  const nodes = new Map<string, InventoryLevel>(
    levels.map((level) => [level.id, { id: level.id, name: level.name, levels: [], rooms: [] }]),
  );
  const tops: InventoryLevel[] = [];
  for (const level of levels) {
    const node = nodes.get(level.id)!;
    const parent = level.parentId === undefined ? undefined : nodes.get(level.parentId);
    if (parent) parent.levels.push(node);
    else tops.push(node);
  }
  for (const room of rooms) {
    nodes.get(room.levelId)?.rooms.push({
      id: room.id,
      name: room.name,
      ...(room.capacity === undefined ? {} : { capacity: room.capacity }),
    });
  }
  return tops;
}

/** Every level id of a tree with its path of names from the top. */
function levelPaths(levels: readonly InventoryLevel[]): Map<string, string[]> {
  const paths = new Map<string, string[]>();
  const walk = (level: InventoryLevel, parent: string[]): void => {
    const path = [...parent, level.name];
    paths.set(level.id, path);
    for (const child of level.levels) walk(child, path);
  };
  for (const level of levels) walk(level, []);
  return paths;
}

/** Tenant rooms in managed levels that the inventory does not declare. */
export function findUnmanagedRooms(
  inventory: readonly InventoryLevel[],
  tenantRooms: readonly TenantRoom[],
): UnmanagedRoom[] {
  const paths = levelPaths(inventory);
  const managed = new Set<string>();
  const collect = (level: InventoryLevel): void => {
    for (const room of level.rooms) managed.add(room.id);
    level.levels.forEach(collect);
  };
  inventory.forEach(collect);
  return tenantRooms
    .filter((room) => !managed.has(room.id) && paths.has(room.levelId))
    .map((room) => ({
      id: room.id,
      name: room.name,
      ...(room.capacity === undefined ? {} : { capacity: room.capacity }),
      levelPath: paths.get(room.levelId)!,
    }));
}

/** A resource of a stack's state, as `pulumi stack export` gives it. */
export interface StateResource {
  type: string;
  id?: string;
  outputs?: Record<string, unknown>;
}

const LEVEL_TYPE = "pulumi-nodejs:dynamic/feishu-vc:RoomLevel";
const ROOM_TYPE = "pulumi-nodejs:dynamic/feishu-vc:Room";
const text = (value: unknown): string | undefined =>
  typeof value === "string" ? value : undefined;

/** The managed levels and rooms a stack's state records (outputs are the live values). */
export function managedFromState(resources: readonly StateResource[]): {
  levels: ManagedLevel[];
  rooms: ManagedRoom[];
} {
  const levels: ManagedLevel[] = [];
  const rooms: ManagedRoom[] = [];
  for (const resource of resources) {
    const outputs = resource.outputs ?? {};
    if (resource.id === undefined || resource.id === "") continue;
    if (resource.type === LEVEL_TYPE) {
      const parentId = text(outputs.parentLevelId);
      levels.push({
        id: resource.id,
        name: text(outputs.name) ?? resource.id,
        ...(parentId === undefined ? {} : { parentId }),
      });
    } else if (resource.type === ROOM_TYPE) {
      const capacity = outputs.capacity;
      rooms.push({
        id: resource.id,
        name: text(outputs.name) ?? resource.id,
        levelId: text(outputs.roomLevelId) ?? "",
        ...(typeof capacity === "number" ? { capacity } : {}),
      });
    }
  }
  return { levels, rooms };
}

/**
 * A layout's levels and rooms matched to the tenant by custom id (the layout key unless the node
 * names another), as adoption finds them. Declared objects the tenant lacks (not applied yet)
 * are listed in `missing` by key and left out.
 */
export function managedFromLayout(
  layout: Layout,
  tenantLevels: readonly TenantLevel[],
  tenantRooms: readonly TenantRoom[],
): { levels: ManagedLevel[]; rooms: ManagedRoom[]; missing: string[] } {
  const levelByCustomId = new Map(
    tenantLevels.filter((l) => l.customId).map((l) => [l.customId!, l]),
  );
  const roomByCustomId = new Map(
    tenantRooms.filter((r) => r.customId).map((r) => [r.customId!, r]),
  );
  const levels: ManagedLevel[] = [];
  const rooms: ManagedRoom[] = [];
  const missing: string[] = [];
  const walk = (node: LayoutLevel, parentId: string | undefined): void => {
    const level = levelByCustomId.get(node.customGroupId ?? node.key);
    if (!level) {
      missing.push(node.key);
      return;
    }
    levels.push({
      id: level.id,
      name: level.name,
      ...(parentId === undefined ? {} : { parentId }),
    });
    for (const room of node.rooms ?? []) {
      const found = roomByCustomId.get(room.customRoomId ?? room.key);
      if (!found) missing.push(room.key);
      else
        rooms.push({
          id: found.id,
          name: found.name,
          levelId: level.id,
          ...(found.capacity === undefined ? {} : { capacity: found.capacity }),
        });
    }
    for (const child of node.levels ?? []) walk(child, level.id);
  };
  for (const node of layout.levels) walk(node, undefined);
  return { levels, rooms, missing };
}
