/**
 * Turns a layout into resources. Logical names derive from keys only (`level-<key>`,
 * `room-<key>`, `config-<key>`), so renames are updates and reordering the file changes nothing.
 * Custom ids default to the key, so existing objects can be found and adopted.
 */
import type * as pulumi from "@pulumi/pulumi";
import { Room, RoomLevel, ScopeConfig, type ScopeType } from "../resources";
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
}

export function declareLayout(layout: Layout, options: DeclareOptions = {}): DeclaredLayout {
  const declared: DeclaredLayout = { levels: {}, rooms: {}, configs: {} };
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

  const room = (node: LayoutRoom, levelId: pulumi.Input<string>): void => {
    const adopt = node.adopt ?? adoptDefault;
    const roomUserIdType = node.userIdType ?? userIdType;
    const resource = new Room(
      `${prefix}room-${node.key}`,
      {
        name: node.name,
        roomLevelId: levelId,
        capacity: node.capacity,
        customRoomId: node.customRoomId ?? node.key,
        ...(node.description === undefined ? {} : { description: node.description }),
        ...(node.devices === undefined ? {} : { devices: node.devices }),
        ...(node.status === undefined ? {} : { status: node.status }),
        ...(roomUserIdType === undefined ? {} : { userIdType: roomUserIdType }),
        ...(adopt === undefined ? {} : { adopt }),
      },
      opts,
    );
    declared.rooms[node.key] = resource;
    config(node.key, "room", resource.roomId, node.config, adopt);
  };

  const level = (node: LayoutLevel, parentId: pulumi.Input<string> | undefined): void => {
    const adopt = node.adopt ?? adoptDefault;
    const resource = new RoomLevel(
      `${prefix}level-${node.key}`,
      {
        name: node.name,
        customGroupId: node.customGroupId ?? node.key,
        ...(parentId === undefined ? {} : { parentId }),
        ...(adopt === undefined ? {} : { adopt }),
        ...(node.cascadeDelete === undefined ? {} : { cascadeDelete: node.cascadeDelete }),
      },
      // Levels are protected unless the layout says otherwise: removing a building by mistake
      // must not delete it (and every room in it) on the next up.
      { ...opts, protect: node.protect ?? layout.defaults?.protect ?? opts?.protect ?? true },
    );
    declared.levels[node.key] = resource;
    config(node.key, "roomLevel", resource.roomLevelId, node.config, adopt);
    for (const child of node.levels ?? []) level(child, resource.roomLevelId);
    for (const child of node.rooms ?? []) room(child, resource.roomLevelId);
  };

  for (const node of layout.levels) level(node, options.parentId ?? layout.parentLevelId);
  return declared;
}
