/**
 * Turns a layout into resources. Logical names derive from keys only (`level-<key>`,
 * `room-<key>`, `config-<key>`, `reservation-<key>`), so renames are updates and reordering the file changes nothing.
 * Custom ids default to the key, so existing objects can be found and adopted.
 */
import type * as pulumi from "@pulumi/pulumi";
import { Reservation, Room, RoomLevel, ScopeConfig, type ScopeType } from "../resources";
import type { Layout, LayoutConfig, LayoutLevel, LayoutRoom } from "./types";

export interface DeclareOptions {
  /** Adopt existing objects with matching custom ids (overridden by `adopt` in the layout). */
  adopt?: boolean;
  /** Put the top-level levels under this level (default: the layout's `parentLevelId`, else the tenant root). */
  parentId?: pulumi.Input<string>;
  /**
   * Options given to every resource (provider, protect, ...). Levels are protected unless the
   * layout's `protect` (level, then `defaults`) or this `protect` says false.
   */
  resourceOptions?: pulumi.CustomResourceOptions;
  /** Prefix of every logical name, to declare two layouts in one program. */
  namePrefix?: string;
}

export interface DeclaredLayout {
  levels: Record<string, RoomLevel>;
  rooms: Record<string, Room>;
  configs: Record<string, ScopeConfig>;
  reservations: Record<string, Reservation>;
}

export function declareLayout(layout: Layout, options: DeclareOptions = {}): DeclaredLayout {
  const declared: DeclaredLayout = { levels: {}, rooms: {}, configs: {}, reservations: {} };
  const prefix = options.namePrefix ?? "";
  const adoptDefault = layout.defaults?.adopt ?? options.adopt;
  const userIdType = layout.defaults?.userIdType;
  const opts = options.resourceOptions;

  const config = (
    key: string,
    scopeType: ScopeType,
    scopeId: pulumi.Input<string>,
    value: LayoutConfig | undefined,
    adopt: boolean | undefined,
  ): void => {
    if (value === undefined) return;
    declared.configs[key] = new ScopeConfig(
      `${prefix}config-${key}`,
      {
        scopeType,
        scopeId,
        config: value,
        ...(userIdType === undefined ? {} : { userIdType }),
        ...(adopt === undefined ? {} : { adopt }),
      },
      opts,
    );
  };

  // Every resource argument a node carries is passed on as it is (the layout's types are the
  // resources' Args), so a new field needs no line here; only the tree and the defaults are added.
  const room = (node: LayoutRoom, levelId: pulumi.Input<string>): void => {
    const { key, config: nodeConfig, customRoomId, adopt: nodeAdopt, ...args } = node;
    const adopt = nodeAdopt ?? adoptDefault;
    const roomUserIdType = args.userIdType ?? userIdType;
    const resource = new Room(
      `${prefix}room-${key}`,
      {
        ...args,
        roomLevelId: levelId,
        customRoomId: customRoomId ?? key,
        ...(roomUserIdType === undefined ? {} : { userIdType: roomUserIdType }),
        ...(adopt === undefined ? {} : { adopt }),
      },
      opts,
    );
    declared.rooms[key] = resource;
    config(key, "room", resource.roomId, nodeConfig, adopt);
  };

  const level = (node: LayoutLevel, parentId: pulumi.Input<string> | undefined): void => {
    const {
      key,
      config: nodeConfig,
      levels,
      rooms,
      customGroupId,
      adopt: nodeAdopt,
      protect, // a Pulumi option (below), not an argument of the level
      ...args
    } = node;
    const adopt = nodeAdopt ?? adoptDefault;
    const resource = new RoomLevel(
      `${prefix}level-${key}`,
      {
        ...args,
        customGroupId: customGroupId ?? key,
        ...(parentId === undefined ? {} : { parentId }),
        ...(adopt === undefined ? {} : { adopt }),
      },
      // Levels are protected unless the layout says otherwise: removing a building by mistake
      // must not delete it (and every room in it) on the next up.
      { ...opts, protect: protect ?? layout.defaults?.protect ?? opts?.protect ?? true },
    );
    declared.levels[key] = resource;
    config(key, "roomLevel", resource.roomLevelId, nodeConfig, adopt);
    for (const child of levels ?? []) level(child, resource.roomLevelId);
    for (const child of rooms ?? []) room(child, resource.roomLevelId);
  };

  for (const node of layout.levels) level(node, options.parentId ?? layout.parentLevelId);
  for (const { key, ...args } of layout.reservations ?? []) {
    const reservationUserIdType = args.userIdType ?? userIdType;
    declared.reservations[key] = new Reservation(
      `${prefix}reservation-${key}`,
      {
        ...args,
        ...(reservationUserIdType === undefined ? {} : { userIdType: reservationUserIdType }),
      },
      opts,
    );
  }
  return declared;
}
