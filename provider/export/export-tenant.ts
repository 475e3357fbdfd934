/**
 * Reads a live tenant (all of it, or one level and everything under it) into a layout that
 * declares exactly what is there: names, custom ids, capacities, devices, room status and each
 * scope's own stored configuration. With adoption on, `pulumi up` of that layout finds every
 * object by its custom id and has nothing to change.
 *
 * Adoption finds objects by custom id only (an id the tenant controls, unlike names), so objects
 * without one cannot be adopted. The export reports them, and with `assignCustomIds` gives each
 * the key it was exported under: the only writes an export ever makes, and only when asked.
 */
import type { FeishuVcClient, Room, RoomConfig, RoomLevel } from "../client";
import { ROOT_LEVEL_ALIAS } from "../client";
import type { RoomStatusValue } from "../resources";
import { roomConfigFromWire, roomFromWire, roomLevelFromWire } from "../resources";
import type {
  Layout,
  LayoutConfig,
  LayoutLevel,
  LayoutRoom,
  LayoutRoomStatus,
} from "../layout/types";

export interface ExportOptions {
  /** Export this level and everything under it; default: the whole tenant. */
  fromLevelId?: string;
  /** Give objects without a custom id their export key as custom id (a PATCH each). */
  assignCustomIds?: boolean;
  /** Called after each object is read (levels, rooms, configurations), for progress output. */
  onProgress?: (progress: ExportProgress) => void;
}

export interface ExportProgress {
  /** `tree`: walking levels and rooms; `configs`: reading each scope's configuration. */
  phase: "tree" | "configs";
  done: number;
  /** Known so far; grows while the tree is discovered, fixed during `configs`. */
  total: number;
}

/** An object the layout cannot adopt as it stands. */
export interface ExportWarning {
  kind: "RoomLevel" | "Room";
  id: string;
  name: string;
  message: string;
}

export interface TenantExport {
  layout: Layout;
  levels: number;
  rooms: number;
  configs: number;
  /** Objects that had no custom id and were given one (with `assignCustomIds`). */
  assigned: number;
  /** Objects that adoption will not find (no custom id and `assignCustomIds` off). */
  warnings: ExportWarning[];
}

/** Reads of scope configurations in flight at once; the client's limiter paces them anyway. */
const CONFIG_READ_CONCURRENCY = 8;

export async function exportTenant(
  client: FeishuVcClient,
  options: ExportOptions = {},
): Promise<TenantExport> {
  const progress: ExportProgress = { phase: "tree", done: 0, total: 0 };
  const report = (): void => options.onProgress?.({ ...progress });
  const keys = new KeyAllocator();
  const warnings: ExportWarning[] = [];
  const pendingCustomIds: (() => Promise<void>)[] = [];
  const configTargets: { scopeType: 1 | 2; scopeId: string; node: { config?: LayoutConfig } }[] =
    [];
  let levelCount = 0;
  let roomCount = 0;

  // Nodes carry every field the resources' tables read from the wire (the parent is the tree's
  // own structure); only the custom id, which doubles as the key, is handled here.
  const levelNode = (level: RoomLevel): LayoutLevel => {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { parentId, customGroupId, ...fields } = roomLevelFromWire(level);
    const key = keys.allocate(customGroupId, fields.name, level.room_level_id);
    const node: LayoutLevel = { key, ...withoutEmpty(fields) };
    if (customGroupId === undefined || customGroupId === "") {
      if (options.assignCustomIds === true) {
        pendingCustomIds.push(() =>
          client.roomLevels.patch(level.room_level_id, {
            name: level.name,
            parent_id: level.parent_id,
            custom_group_id: key,
          }),
        );
      } else {
        warnings.push(noCustomId("RoomLevel", level.room_level_id, level.name));
        node.customGroupId = key;
      }
    } else if (customGroupId !== key) {
      node.customGroupId = customGroupId;
    }
    configTargets.push({ scopeType: 1, scopeId: level.room_level_id, node });
    levelCount += 1;
    return node;
  };

  const roomNode = (room: Room): LayoutRoom => {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { roomLevelId, customRoomId, status, ...fields } = roomFromWire(room);
    const key = keys.allocate(customRoomId, fields.name, room.room_id);
    const node: LayoutRoom = { key, ...withoutEmpty(fields) };
    if (customRoomId === undefined || customRoomId === "") {
      if (options.assignCustomIds === true) {
        pendingCustomIds.push(() => client.rooms.patch(room.room_id, { custom_room_id: key }));
      } else {
        warnings.push(noCustomId("Room", room.room_id, room.name));
        node.customRoomId = key;
      }
    } else if (customRoomId !== key) {
      node.customRoomId = customRoomId;
    }
    if (status !== undefined) node.status = statusToLayout(status);
    configTargets.push({ scopeType: 2, scopeId: room.room_id, node });
    roomCount += 1;
    return node;
  };

  // Depth first, children in the API's order; the whole tree is read before any write.
  const subtree = async (level: RoomLevel): Promise<LayoutLevel> => {
    const node = levelNode(level);
    const [children, rooms] = await Promise.all([
      client.roomLevels.listAll(level.room_level_id),
      client.rooms.listAll(level.room_level_id),
    ]);
    if (rooms.length > 0) node.rooms = rooms.map(roomNode);
    progress.total += children.length + rooms.length;
    progress.done += 1 + rooms.length;
    report();
    const childNodes: LayoutLevel[] = [];
    for (const child of children) childNodes.push(await subtree(child));
    if (childNodes.length > 0) node.levels = childNodes;
    return node;
  };

  let tops: RoomLevel[];
  let parentLevelId: string | undefined;
  if (options.fromLevelId === undefined || options.fromLevelId === ROOT_LEVEL_ALIAS) {
    tops = await client.roomLevels.listAll();
  } else {
    const [top, root] = await Promise.all([
      client.roomLevels.get(options.fromLevelId),
      client.roomLevels.root(),
    ]);
    tops = [top];
    if (top.parent_id !== root.room_level_id) parentLevelId = top.parent_id;
  }
  progress.total = tops.length;
  const levels: LayoutLevel[] = [];
  for (const top of tops) levels.push(await subtree(top));

  let configs = 0;
  Object.assign(progress, { phase: "configs", done: 0, total: configTargets.length });
  report();
  await forEachConcurrently(configTargets, CONFIG_READ_CONCURRENCY, async (target) => {
    const view = await client.scopeConfig.get({
      scope_type: target.scopeType,
      scope_id: target.scopeId,
    });
    const own = view.origin_configs?.find((node) => node.scope_id === target.scopeId);
    const config = configToLayout(own?.scope_config);
    if (config !== undefined) {
      target.node.config = config;
      configs += 1;
    }
    progress.done += 1;
    report();
  });

  for (const assign of pendingCustomIds) await assign();

  const layout: Layout = {
    version: 1,
    defaults: { adopt: true },
    ...(parentLevelId === undefined ? {} : { parentLevelId }),
    levels,
  };
  return {
    layout,
    levels: levelCount,
    rooms: roomCount,
    configs,
    assigned: pendingCustomIds.length,
    warnings,
  };
}

function noCustomId(kind: ExportWarning["kind"], id: string, name: string): ExportWarning {
  return {
    kind,
    id,
    name,
    message:
      "has no custom id, so adoption cannot find it and `up` would create a second one; " +
      "export with --assign-custom-ids to give it one",
  };
}

/**
 * `value` without the fields that hold the service's "unset" form (an empty text, list or object):
 * declaring those would make the layout manage what the tenant does not set.
 */
function withoutEmpty<T extends object>(value: T): T {
  const isEmpty = (item: unknown): boolean =>
    item === undefined ||
    item === "" ||
    (Array.isArray(item) && item.length === 0) ||
    (typeof item === "object" && item !== null && Object.keys(item).length === 0);
  return Object.fromEntries(Object.entries(value).filter(([, item]) => !isEmpty(item))) as T;
}

/** Times as unix seconds (numbers), the layout's plainest form; `0` = disabled for good. */
function statusToLayout(value: RoomStatusValue): LayoutRoomStatus {
  const { disableStartTime, disableEndTime, ...rest } = withoutEmpty(value);
  return {
    ...rest,
    ...(disableStartTime === undefined ? {} : { disableStartTime: Number(disableStartTime) }),
    ...(disableEndTime === undefined ? {} : { disableEndTime: Number(disableEndTime) }),
  };
}

/** The keys a scope stores itself, leaving out what means "inherit" (see {@link withoutEmpty}). */
function configToLayout(wire: RoomConfig | undefined): LayoutConfig | undefined {
  const { roomStatus, ...rest } = roomConfigFromWire(wire);
  const config: LayoutConfig = {
    ...withoutEmpty(rest),
    ...(roomStatus === undefined ? {} : { roomStatus: statusToLayout(roomStatus) }),
  };
  return Object.keys(config).length === 0 ? undefined : config;
}

/**
 * Layout keys for exported objects: the custom id when it already is a valid key (so the
 * default custom id of the layout is the object's own), else a slug of the name, else of the id;
 * a numeric suffix keeps them unique.
 */
class KeyAllocator {
  private readonly used = new Set<string>();

  allocate(customId: string | undefined, name: string, id: string): string {
    const fromCustomId = customId === undefined ? "" : slug(customId);
    const base =
      fromCustomId !== "" && fromCustomId === customId
        ? fromCustomId
        : slug(name) || slug(`obj-${id.slice(-12)}`);
    let key = base;
    for (let n = 2; this.used.has(key); n += 1) key = `${base.slice(0, 58)}-${n}`;
    this.used.add(key);
    return key;
  }
}

/** Lowercase letters, digits and single dashes, at most 63 characters (the layout's key rule). */
function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63)
    .replace(/-+$/, "");
}

async function forEachConcurrently<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
