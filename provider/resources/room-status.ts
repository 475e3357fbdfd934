import type * as pulumi from "@pulumi/pulumi";
import type { RoomStatus } from "../client";
import type { FieldProblem, FieldTable, Resolved } from "./field-table";
import { checkValue, objectFromWire, objectToWire, types } from "./field-table";
import type { InputChecker } from "./input-check";
import { CONTACT_ID_MAX_LENGTH, DISABLE_REASON_MAX_LENGTH } from "./limits";
import { toUnixSecondsString } from "./values";

export { toUnixSecondsString } from "./values";

/**
 * Availability of a room (or of every room in a scope): the API's `room_status` object in
 * camelCase, with `status` named `enabled` so that `status: { enabled: false }` reads naturally.
 */
export interface RoomStatusArgs {
  /** `true`: the room can be booked. `false`: disabled (within the window, if one is given). */
  enabled: pulumi.Input<boolean>;
  /**
   * Start of the disable window: unix seconds (number or numeric string) or an ISO 8601 date-time.
   * Stored as a unix-seconds string, as the API expects.
   */
  disableStartTime?: pulumi.Input<string | number>;
  /** End of the disable window, same forms; `0` means disabled permanently. */
  disableEndTime?: pulumi.Input<string | number>;
  /** Why the room is disabled, shown to people who try to book it. */
  disableReason?: pulumi.Input<string>;
  /** People to contact about the room; their id type follows the resource's `userIdType`. */
  contactIds?: pulumi.Input<pulumi.Input<string>[]>;
  /** Notify people with bookings in the window when the room gets disabled. */
  disableNotice?: pulumi.Input<boolean>;
  /** Notify the contacts when the room is enabled again. */
  resumeNotice?: pulumi.Input<boolean>;
}

/** {@link RoomStatusArgs} with every input resolved and times normalised to unix-seconds strings. */
export type RoomStatusValue = Omit<
  Resolved<RoomStatusArgs>,
  "disableStartTime" | "disableEndTime"
> & {
  disableStartTime?: string;
  disableEndTime?: string;
};

/** The status table: the one definition of each status field, its wire name and bounds. */
export const ROOM_STATUS_FIELDS = {
  enabled: { wire: "status", onChange: "update", type: types.flag, required: true },
  disableStartTime: { wire: "disable_start_time", onChange: "update", type: types.time },
  disableEndTime: { wire: "disable_end_time", onChange: "update", type: types.time },
  disableReason: {
    wire: "disable_reason",
    onChange: "update",
    type: types.text({ maxLength: DISABLE_REASON_MAX_LENGTH }),
  },
  contactIds: {
    wire: "contact_ids",
    onChange: "update",
    type: types.list(types.text({ minLength: 1, maxLength: CONTACT_ID_MAX_LENGTH })),
  },
  disableNotice: { wire: "disable_notice", onChange: "update", type: types.flag },
  resumeNotice: { wire: "resume_notice", onChange: "update", type: types.flag },
} satisfies FieldTable<RoomStatusArgs, RoomStatus>;

/**
 * The rules of a disable window, for every status (a room's, a scope's) and for both places that
 * check one: the layout validator and each resource's `check`, with the same words. Times may be
 * given in any accepted form; values that are not times are left to the field checks.
 */
export function statusWindowProblems(status: Readonly<Record<string, unknown>>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const start = toUnixSecondsString(status.disableStartTime);
  const end = toUnixSecondsString(status.disableEndTime);
  if (start !== undefined && end !== undefined && end !== "0" && Number(end) <= Number(start)) {
    problems.push({
      field: "disableEndTime",
      message: "must be after disableStartTime (or 0 for no end)",
    });
  }
  if (
    status.enabled === true &&
    (status.disableStartTime !== undefined || status.disableEndTime !== undefined)
  ) {
    problems.push({ field: "enabled", message: "must be false when a disable window is given" });
  }
  return problems;
}

/** A status as a field type: its table plus the window rules. */
export const ROOM_STATUS_TYPE = types.object(ROOM_STATUS_FIELDS, statusWindowProblems);

/**
 * Checks a status object (at `property`) and returns it with times normalised, so the state and
 * every later diff compare like with like.
 */
export function checkRoomStatus(checker: InputChecker, property: string, value: unknown): unknown {
  return checkValue(checker, property, ROOM_STATUS_TYPE, value);
}

/** The API's `room_status` for a resolved status. */
export function roomStatusToWire(value: RoomStatusValue): RoomStatus {
  return objectToWire(ROOM_STATUS_FIELDS, value) as unknown as RoomStatus;
}

/**
 * The resolved status for an API `room_status`. `schedule_status` has no row on purpose: it is
 * an output the service computes from the clock, so keeping it would make every refresh noisy.
 */
export function roomStatusFromWire(wire: RoomStatus): RoomStatusValue {
  return objectFromWire(ROOM_STATUS_FIELDS, { ...wire }) as unknown as RoomStatusValue;
}

/**
 * The form two statuses are compared in: the service leaves unset fields out (reference section
 * 4, item 21), so an absent flag equals `false`, an absent text equals `""` and absent contacts
 * equal `[]`.
 */
export function canonicalRoomStatus(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  const status = value as Partial<RoomStatusValue>;
  return {
    enabled: status.enabled,
    disableStartTime: status.disableStartTime ?? "",
    disableEndTime: status.disableEndTime ?? "",
    disableReason: status.disableReason ?? "",
    contactIds: status.contactIds ?? [],
    disableNotice: status.disableNotice ?? false,
    resumeNotice: status.resumeNotice ?? false,
  };
}
