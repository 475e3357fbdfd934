/**
 * The layout file's shape (schemas/layout.schema.json is its description for editors and ajv).
 * Every node's fields are the TypeScript resource arguments with their inputs resolved, derived
 * from the resources' Args types: a field added to a resource is a layout field at once, and a
 * test ties the schema's properties to the resources' field tables.
 */
import type {
  ReservationArgs,
  RoomArgs,
  RoomConfigArgs,
  RoomLevelArgs,
  RoomStatusArgs,
} from "../resources";
import type { Resolved } from "../resources/field-table";

export type UserIdType = NonNullable<Resolved<RoomArgs>["userIdType"]>;

/** A room's (or a scope's) availability: the resources' status arguments. */
export type LayoutRoomStatus = Resolved<RoomStatusArgs>;

/** A scope's configuration: the ScopeConfig resource's `config`. */
export type LayoutConfig = Resolved<RoomConfigArgs>;

/** What every node has besides its resource's arguments. */
interface LayoutNode {
  /** Stable identifier, unique in the file: logical names and default custom ids derive from it. */
  key: string;
  /** The node's configuration (a ScopeConfig resource). */
  config?: LayoutConfig;
}

/** A room: the Room resource's arguments, less the level it sits in (the tree says that). */
export type LayoutRoom = LayoutNode & Omit<Resolved<RoomArgs>, "roomLevelId">;

/** A level: the RoomLevel resource's arguments, less its parent (the tree says that). */
export type LayoutLevel = LayoutNode &
  Omit<Resolved<RoomLevelArgs>, "parentId"> & {
    /** Pulumi `protect` on this level (default: `defaults.protect`, else true): a Pulumi option, not an API field. */
    protect?: boolean;
    levels?: LayoutLevel[];
    rooms?: LayoutRoom[];
  };

/** A reserved meeting bridge: the Reservation resource's arguments and a key. */
export type LayoutReservation = { key: string } & Resolved<ReservationArgs>;

export interface Layout {
  version: 1;
  defaults?: { adopt?: boolean; protect?: boolean; userIdType?: UserIdType };
  /** Existing level the top-level levels live under (default: the tenant root). */
  parentLevelId?: string;
  levels: LayoutLevel[];
  /** Standing meeting bridges (not part of the level tree). */
  reservations?: LayoutReservation[];
}

/** A layout as loaded, with the file it came from. */
export interface LoadedLayout extends Layout {
  file: string;
}

/** One problem of a layout file, located in the file. */
export interface LayoutIssue {
  file: string;
  line: number;
  column: number;
  /** Path of the field, e.g. `levels[0].rooms[2].capacity`. */
  path: string;
  message: string;
}
