import type * as pulumi from "@pulumi/pulumi";
import type { RoomStatus } from "../client";
import type { InputChecker } from "./input-check";
import { UNKNOWN_VALUE, withoutUndefined } from "./values";

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
export interface RoomStatusValue {
  enabled: boolean;
  disableStartTime?: string;
  disableEndTime?: string;
  disableReason?: string;
  contactIds?: string[];
  disableNotice?: boolean;
  resumeNotice?: boolean;
}

const STATUS_KEYS = [
  "enabled",
  "disableStartTime",
  "disableEndTime",
  "disableReason",
  "contactIds",
  "disableNotice",
  "resumeNotice",
] as const;

/**
 * Turns a time given as unix seconds, a numeric string or an ISO 8601 date-time into the API's
 * unix-seconds string; `undefined` when the value is not a time.
 */
export function toUnixSecondsString(value: unknown): string | undefined {
  if (typeof value === "number") {
    return Number.isInteger(value) && value >= 0 ? String(value) : undefined;
  }
  if (typeof value !== "string") return undefined;
  if (/^\d+$/.test(value)) return String(Number(value));
  // Only full date-times with an explicit zone: a bare date would depend on the runner's time zone.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value))
    return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : String(Math.floor(ms / 1000));
}

/**
 * Checks a status object (at `property`) and returns it with times normalised, so the state and
 * every later diff compare like with like.
 */
export function checkRoomStatus(checker: InputChecker, property: string, value: unknown): unknown {
  const status = checker.object(property, value);
  if (status === undefined) return value;
  checker.noUnknownKeys(property, status, STATUS_KEYS);
  checker.boolean(`${property}.enabled`, status.enabled, { required: true });
  checker.string(`${property}.disableReason`, status.disableReason, { maxLength: 1000 });
  checker.boolean(`${property}.disableNotice`, status.disableNotice);
  checker.boolean(`${property}.resumeNotice`, status.resumeNotice);
  const contacts = checker.array(`${property}.contactIds`, status.contactIds);
  contacts?.forEach((id, index) =>
    checker.string(`${property}.contactIds[${index}]`, id, { required: true, maxLength: 100 }),
  );
  const normalised: Record<string, unknown> = { ...status };
  for (const key of ["disableStartTime", "disableEndTime"] as const) {
    const raw = status[key];
    if (raw === undefined || raw === UNKNOWN_VALUE) continue;
    const seconds = toUnixSecondsString(raw);
    if (seconds === undefined) {
      checker.fail(
        `${property}.${key}`,
        `must be unix seconds or an ISO 8601 date-time with a zone (e.g. 2026-12-01T09:00:00+08:00), got ${JSON.stringify(raw)}`,
      );
    } else {
      normalised[key] = seconds;
    }
  }
  const start = normalised.disableStartTime;
  const end = normalised.disableEndTime;
  if (
    typeof start === "string" &&
    typeof end === "string" &&
    end !== "0" &&
    Number(end) <= Number(start)
  ) {
    checker.fail(
      `${property}.disableEndTime`,
      "must be after disableStartTime (or 0 for a permanent disable)",
    );
  }
  return normalised;
}

/** The API's `room_status` for a resolved status. */
export function roomStatusToWire(value: RoomStatusValue): RoomStatus {
  return withoutUndefined({
    status: value.enabled,
    disable_start_time: value.disableStartTime,
    disable_end_time: value.disableEndTime,
    disable_reason: value.disableReason,
    contact_ids: value.contactIds,
    disable_notice: value.disableNotice,
    resume_notice: value.resumeNotice,
  });
}

/**
 * The resolved status for an API `room_status`. `schedule_status` is left out on purpose: it is
 * an output the service computes from the clock, so keeping it would make every refresh noisy.
 */
export function roomStatusFromWire(wire: RoomStatus): RoomStatusValue {
  return withoutUndefined({
    enabled: wire.status,
    disableStartTime: wire.disable_start_time,
    disableEndTime: wire.disable_end_time,
    disableReason: wire.disable_reason,
    contactIds: wire.contact_ids,
    disableNotice: wire.disable_notice,
    resumeNotice: wire.resume_notice,
  });
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
