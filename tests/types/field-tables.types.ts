/**
 * Compile-only checks of the field tables (decisions/0004): `tsc --noEmit` fails when a table's
 * wire names stop covering the API object (a row's wire name blanked or misspelled) or when the
 * layout's nodes stop matching the resources' arguments. Never executed.
 */
import type {
  RoomConfig,
  RoomCreateBody,
  RoomDigitalSignage,
  RoomDigitalSignageMaterial,
  RoomLevelCreateBody,
  RoomStatus,
  ScopeConfig as WireScopeConfig,
} from "../../provider/client";
import type {
  LayoutConfig,
  LayoutLevel,
  LayoutRoom,
  LayoutRoomStatus,
} from "../../provider/layout";
import type {
  RoomArgs,
  RoomConfigArgs,
  RoomLevelArgs,
  RoomStatusArgs,
} from "../../provider/resources";
import type {
  DIGITAL_SIGNAGE_FIELDS,
  ROOM_CONFIG_FIELDS,
  ROOM_FIELDS,
  ROOM_LEVEL_FIELDS,
  SCOPE_CONFIG_FIELDS,
  SIGNAGE_MATERIAL_FIELDS,
} from "../../provider/resources";
import type { WireNamesOf } from "../../provider/resources/field-table";
import type { ROOM_STATUS_FIELDS } from "../../provider/resources/room-status";

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

// Every field of the API object the resource writes has exactly one row that maps to it.
export type RoomWire = Expect<Equal<WireNamesOf<typeof ROOM_FIELDS>, keyof RoomCreateBody>>;
export type LevelWire = Expect<
  Equal<WireNamesOf<typeof ROOM_LEVEL_FIELDS>, keyof RoomLevelCreateBody>
>;
export type ScopeConfigWire = Expect<
  Equal<WireNamesOf<typeof SCOPE_CONFIG_FIELDS>, keyof WireScopeConfig>
>;
export type ConfigWire = Expect<Equal<WireNamesOf<typeof ROOM_CONFIG_FIELDS>, keyof RoomConfig>>;
export type SignageWire = Expect<
  Equal<WireNamesOf<typeof DIGITAL_SIGNAGE_FIELDS>, keyof RoomDigitalSignage>
>;
export type MaterialWire = Expect<
  Equal<WireNamesOf<typeof SIGNAGE_MATERIAL_FIELDS>, keyof RoomDigitalSignageMaterial>
>;
// `schedule_status` is computed by the service and never written.
export type StatusWire = Expect<
  Equal<WireNamesOf<typeof ROOM_STATUS_FIELDS>, Exclude<keyof RoomStatus, "schedule_status">>
>;

// A layout node is its resource's arguments, less what the tree itself says, plus key and config.
export type RoomNode = Expect<
  Equal<keyof LayoutRoom, Exclude<keyof RoomArgs, "roomLevelId"> | "key" | "config">
>;
export type LevelNode = Expect<
  Equal<
    keyof LayoutLevel,
    Exclude<keyof RoomLevelArgs, "parentId"> | "key" | "config" | "protect" | "levels" | "rooms"
  >
>;
export type ConfigNode = Expect<Equal<keyof LayoutConfig, keyof RoomConfigArgs>>;
export type StatusNode = Expect<Equal<keyof LayoutRoomStatus, keyof RoomStatusArgs>>;
