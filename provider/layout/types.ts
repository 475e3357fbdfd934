/**
 * The layout file's shape (schemas/layout.schema.json is its description for editors and ajv).
 * Field names are the TypeScript resource arguments', so a layout node reads like the code it
 * becomes.
 */
import type { DigitalSignageValue, RoomStatusArgs } from "../resources";

export type UserIdType = "open_id" | "union_id" | "user_id";

/** Times in a layout: unix seconds, or an ISO 8601 date-time. */
export type LayoutTime = string | number;

export interface LayoutRoomStatus {
  enabled: boolean;
  disableStartTime?: LayoutTime;
  disableEndTime?: LayoutTime;
  disableReason?: string;
  contactIds?: string[];
  disableNotice?: boolean;
  resumeNotice?: boolean;
}

export interface LayoutConfig {
  roomBackground?: string;
  displayBackground?: string;
  digitalSignage?: DigitalSignageValue;
  roomBoxDigitalSignage?: DigitalSignageValue;
  roomStatus?: LayoutRoomStatus;
}

export interface LayoutRoom {
  key: string;
  name: string;
  capacity: number;
  description?: string;
  customRoomId?: string;
  devices?: { name: string }[];
  status?: LayoutRoomStatus;
  userIdType?: UserIdType;
  adopt?: boolean;
  config?: LayoutConfig;
}

export interface LayoutLevel {
  key: string;
  name: string;
  customGroupId?: string;
  adopt?: boolean;
  cascadeDelete?: boolean;
  /** Pulumi `protect` on this level (default: `defaults.protect`, else true). */
  protect?: boolean;
  config?: LayoutConfig;
  levels?: LayoutLevel[];
  rooms?: LayoutRoom[];
}

export interface Layout {
  version: 1;
  defaults?: { adopt?: boolean; protect?: boolean; userIdType?: UserIdType };
  /** Existing level the top-level levels live under (default: the tenant root). */
  parentLevelId?: string;
  levels: LayoutLevel[];
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

/** Keeps the layout's status type in step with the resources' (a compile error if they drift). */
export type StatusCompatible = LayoutRoomStatus extends RoomStatusArgs ? true : never;
