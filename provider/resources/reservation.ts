import * as pulumi from "@pulumi/pulumi";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type {
  Reserve,
  ReserveApplyBody,
  ReserveMeetingSettings,
  ReserveUpdateBody,
  UserIdType,
} from "../client";
import { ASSIGN_HOSTS_MAX, RESERVE_MAX_DAYS_AHEAD } from "../client";
import { FEISHU_CODES } from "../client";
import { apiErrorCode, isGone } from "./api-outcomes";
import { ResourceError } from "./errors";
import { diffFields } from "./field-diff";
import type { AnyFieldTable, FieldTable, Resolved } from "./field-table";
import {
  checkFields,
  declaredFields,
  objectFromWire,
  objectToWire,
  providerSettings,
  types,
} from "./field-table";
import { InputChecker } from "./input-check";
import { CUSTOM_ID_MAX_LENGTH, NAME_MAX_LENGTH, USER_ID_TYPES } from "./limits";
import { configureProvider, providerClient } from "./provider-runtime";
import { FeishuVcResource, PULUMI_MODULE, providerShim } from "./provider-shim";
import { UNKNOWN_VALUE, isPlainObject, withoutUndefined } from "./values";

/** Who a permission checker looks at, and how (reference 3.1 `permission_checkers`). */
export interface PermissionCheckerArgs {
  /** What `checkList` holds: user ids, user types or tenant ids. */
  checkField: pulumi.Input<"userId" | "userType" | "tenantId">;
  /** `allow`: only those listed; `deny`: everyone but those listed. */
  checkMode: pulumi.Input<"allow" | "deny">;
  checkList: pulumi.Input<pulumi.Input<string>[]>;
}

/** One permission of the meeting and who holds it. */
export interface ActionPermissionArgs {
  permission: pulumi.Input<"host" | "invite" | "join">;
  permissionCheckers: pulumi.Input<pulumi.Input<PermissionCheckerArgs>[]>;
}

/** The callee of a 1v1 PSTN call (`meetingInitialType: call`). */
export interface CallSettingArgs {
  callee: pulumi.Input<{
    id?: pulumi.Input<string>;
    /** Only 6 (PSTN) is documented. */
    userType: pulumi.Input<6>;
    pstnSipInfo?: pulumi.Input<{
      nickname?: pulumi.Input<string>;
      mainAddress: pulumi.Input<string>;
    }>;
  }>;
}

/** The meeting a reservation books (reference 3.1 `meeting_settings`). */
export interface MeetingSettingsArgs {
  topic?: pulumi.Input<string>;
  /** Record from the start; a 1v1 call cannot auto-record. */
  autoRecord?: pulumi.Input<boolean>;
  /** Empty for none, else 4 to 9 digits; absent keeps the owner's own setting. Stored secret. */
  password?: pulumi.Input<string>;
  /** Ids (of `userIdType`) of up to 10 hosts assigned ahead. */
  assignHosts?: pulumi.Input<pulumi.Input<string>[]>;
  actionPermissions?: pulumi.Input<pulumi.Input<ActionPermissionArgs>[]>;
  /** `group` (default) or a 1v1 PSTN `call`. */
  meetingInitialType?: pulumi.Input<"group" | "call">;
  callSetting?: pulumi.Input<CallSettingArgs>;
  /** Beta; the API cannot change it after apply, so a change replaces the reservation. */
  meetingConnect?: pulumi.Input<boolean>;
}

/** Arguments of a {@link Reservation}. */
export interface ReservationArgs {
  /** The owner (an id of `userIdType`); a change replaces the reservation (new meeting number). */
  ownerId: pulumi.Input<string>;
  /**
   * When the reservation expires: ISO 8601 with a zone, or unix seconds; at most 30 days ahead.
   * Required for group meetings.
   */
  endTime?: pulumi.Input<string>;
  meetingSettings: pulumi.Input<MeetingSettingsArgs>;
  /** Id type of `ownerId` and `assignHosts` (`open_id` by default). */
  userIdType?: pulumi.Input<UserIdType>;
}

export type ReservationInputs = Resolved<ReservationArgs>;

/** What the state records: the reservation as it is live, plus the service's own fields. */
export type ReservationState = ReservationInputs & {
  reserveId: string;
  /** 9 digits; released when the reservation expires or is deleted. */
  meetingNo: string;
  url?: string;
  appLink?: string;
  liveLink?: string;
  /** The meeting password as the service holds it (secret in state). */
  password?: string;
  /** True once `endTime` has passed; the next `up` extends it if the declared `endTime` is ahead. */
  expired: boolean;
};

const DAY_SECONDS = 24 * 60 * 60;
const orEmpty = (value: unknown): unknown => value ?? "";
const orEmptyList = (value: unknown): unknown => value ?? [];

const PERMISSION_CHECKER_FIELDS = {
  checkField: {
    wire: "check_field",
    onChange: "update",
    type: types.oneOf(["userId", "userType", "tenantId"], { userId: 1, userType: 2, tenantId: 3 }),
    required: true,
  },
  checkMode: {
    wire: "check_mode",
    onChange: "update",
    type: types.oneOf(["allow", "deny"], { allow: 1, deny: 2 }),
    required: true,
  },
  checkList: {
    wire: "check_list",
    onChange: "update",
    type: types.list(types.text({ minLength: 1, maxLength: CUSTOM_ID_MAX_LENGTH })),
    required: true,
  },
} satisfies FieldTable<
  PermissionCheckerArgs,
  NonNullable<ReserveMeetingSettings["action_permissions"]>[number]["permission_checkers"][number]
>;

const ACTION_PERMISSION_FIELDS = {
  permission: {
    wire: "permission",
    onChange: "update",
    type: types.oneOf(["host", "invite", "join"], { host: 1, invite: 2, join: 3 }),
    required: true,
  },
  permissionCheckers: {
    wire: "permission_checkers",
    onChange: "update",
    type: types.list(types.object(PERMISSION_CHECKER_FIELDS)),
    required: true,
  },
} satisfies FieldTable<
  ActionPermissionArgs,
  NonNullable<ReserveMeetingSettings["action_permissions"]>[number]
>;

const PSTN_SIP_INFO_FIELDS = {
  nickname: {
    wire: "nickname",
    onChange: "update",
    type: types.text({ maxLength: NAME_MAX_LENGTH }),
  },
  mainAddress: {
    wire: "main_address",
    onChange: "update",
    type: types.text({ minLength: 1, maxLength: NAME_MAX_LENGTH }),
    required: true,
  },
} as const satisfies AnyFieldTable;

const CALLEE_FIELDS = {
  id: { wire: "id", onChange: "update", type: types.text({ maxLength: CUSTOM_ID_MAX_LENGTH }) },
  userType: { wire: "user_type", onChange: "update", type: types.oneOf([6]), required: true },
  pstnSipInfo: {
    wire: "pstn_sip_info",
    onChange: "update",
    type: types.object(PSTN_SIP_INFO_FIELDS),
  },
} as const satisfies AnyFieldTable;

const CALL_SETTING_FIELDS = {
  callee: {
    wire: "callee",
    onChange: "update",
    type: types.object(CALLEE_FIELDS),
    required: true,
  },
} satisfies FieldTable<CallSettingArgs, NonNullable<ReserveMeetingSettings["call_setting"]>>;

/** The meeting settings' table: one row per field of the API's `meeting_settings`. */
const MEETING_SETTINGS_FIELDS = {
  topic: {
    wire: "topic",
    onChange: "update",
    type: types.text({ maxLength: NAME_MAX_LENGTH }),
    canonical: orEmpty,
  },
  autoRecord: {
    wire: "auto_record",
    onChange: "update",
    type: types.flag,
    canonical: (v) => v ?? false,
  },
  password: {
    wire: "password",
    onChange: "update",
    // The 4-9 digit rule is checked by `checkReservation` (a pattern, not a length bound).
    type: types.text({ maxLength: 9 }),
    canonical: orEmpty,
  },
  assignHosts: {
    // Sent as `[{user_type: 1, id}]`: see `settingsToWire`.
    wire: "assign_host_list",
    onChange: "update",
    type: types.list(types.text({ minLength: 1, maxLength: CUSTOM_ID_MAX_LENGTH })),
    canonical: orEmptyList,
  },
  actionPermissions: {
    wire: "action_permissions",
    onChange: "update",
    type: types.list(types.object(ACTION_PERMISSION_FIELDS)),
    canonical: orEmptyList,
  },
  meetingInitialType: {
    wire: "meeting_initial_type",
    onChange: "update",
    type: types.oneOf(["group", "call"], { group: 1, call: 2 }),
    canonical: (v) => v ?? "group",
  },
  callSetting: {
    wire: "call_setting",
    onChange: "update",
    type: types.object(CALL_SETTING_FIELDS),
  },
  meetingConnect: {
    // Reference 3.1: not changeable by update.
    wire: "meeting_connect",
    onChange: "replace",
    type: types.flag,
    canonical: (v) => v ?? false,
  },
} satisfies FieldTable<MeetingSettingsArgs, ReserveMeetingSettings>;

/** The wire object a reservation's fields map to (`owner_id` reads back as `reserve_user_id`). */
type ReservationWire = Pick<ReserveApplyBody, "owner_id" | "end_time" | "meeting_settings">;

/**
 * The field table: the one definition of each argument, its wire name, codec, bounds and what a
 * change costs. `meetingSettings` is diffed field by field with its own table.
 */
const RESERVATION_FIELDS = {
  ownerId: {
    wire: "owner_id",
    onChange: "replace",
    type: types.text({ minLength: 1, maxLength: CUSTOM_ID_MAX_LENGTH }),
    required: true,
  },
  endTime: { wire: "end_time", onChange: "update", type: types.time },
  meetingSettings: {
    wire: "meeting_settings",
    onChange: "update",
    type: types.object(MEETING_SETTINGS_FIELDS),
    required: true,
  },
  userIdType: {
    wire: undefined,
    onChange: "update",
    type: types.oneOf(USER_ID_TYPES),
    canonical: (v) => v ?? "open_id",
  },
} satisfies FieldTable<ReservationArgs, ReservationWire>;

const PASSWORD_DIGITS = /^(|\d{4,9})$/;

/** The message of an `endTime` that has passed: what to do next. */
function endTimePassed(endTime: string): string {
  return (
    `has passed (${new Date(Number(endTime) * 1000).toISOString()}): move endTime to a time within the next ` +
    `${RESERVE_MAX_DAYS_AHEAD} days; the next up extends the reservation (an expired one gets a meeting number again)`
  );
}

export function checkReservation(
  news: Record<string, unknown>,
  nowMs: number = Date.now(),
): dynamic.CheckResult {
  const checker = new InputChecker();
  // `__provider` is the engine's own serialized provider, not an argument.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { __provider, ...args } = news;
  const checked = checkFields(checker, "", RESERVATION_FIELDS, args);
  const settings = isPlainObject(checked.meetingSettings) ? checked.meetingSettings : {};
  const isCall = settings.meetingInitialType === "call";
  const end = checked.endTime;
  if (typeof end === "string" && /^\d+$/.test(end)) {
    const now = Math.floor(nowMs / 1000);
    if (Number(end) <= now) checker.fail("endTime", endTimePassed(end));
    else if (Number(end) > now + RESERVE_MAX_DAYS_AHEAD * DAY_SECONDS)
      checker.fail("endTime", `must be at most ${RESERVE_MAX_DAYS_AHEAD} days ahead`);
  } else if (end === undefined && !isCall) {
    checker.fail("endTime", "is required for a group meeting");
  }
  const password = settings.password;
  if (typeof password === "string" && password !== UNKNOWN_VALUE && !PASSWORD_DIGITS.test(password))
    checker.fail("meetingSettings.password", "must be empty (no password) or 4 to 9 digits");
  const hosts = settings.assignHosts;
  if (Array.isArray(hosts) && hosts.length > ASSIGN_HOSTS_MAX)
    checker.fail("meetingSettings.assignHosts", `takes at most ${ASSIGN_HOSTS_MAX} hosts`);
  if (isCall && settings.autoRecord === true)
    checker.fail(
      "meetingSettings.autoRecord",
      "cannot be true for a 1v1 call (meetingInitialType call)",
    );
  return { inputs: withoutUndefined({ ...news, ...checked }), failures: checker.failures };
}

function settingsToWire(settings: Readonly<Record<string, unknown>>): ReserveMeetingSettings {
  const wire = objectToWire(MEETING_SETTINGS_FIELDS, settings);
  const hosts: unknown = wire.assign_host_list;
  if (Array.isArray(hosts))
    wire.assign_host_list = hosts.map((id: unknown) => ({ user_type: 1, id: String(id) }));
  return wire;
}

function settingsFromWire(wire: ReserveMeetingSettings): MeetingSettingsArgs {
  const hosts = wire.assign_host_list?.map((host) => host.id ?? "");
  const { assign_host_list: _hosts, ...rest } = wire;
  void _hosts;
  return objectFromWire(MEETING_SETTINGS_FIELDS, {
    ...rest,
    ...(hosts === undefined ? {} : { assign_host_list: hosts }),
  });
}

function stateFromLive(reserve: Reserve, declared: ReservationInputs): ReservationState {
  const settings = reserve.meeting_settings;
  return withoutUndefined({
    // The owner and the settings are in every `get` answer; the declared values stand in only for
    // an answer that leaves them out.
    ownerId: reserve.reserve_user_id ?? declared.ownerId,
    endTime: reserve.end_time,
    meetingSettings:
      settings === undefined
        ? (declared.meetingSettings as MeetingSettingsArgs)
        : settingsFromWire(settings),
    ...providerSettings(RESERVATION_FIELDS, declared),
    reserveId: reserve.id,
    meetingNo: reserve.meeting_no,
    url: reserve.url,
    appLink: reserve.app_link,
    liveLink: reserve.live_link,
    password: reserve.password,
    expired: reserve.expire_status === 2,
  }) as ReservationState;
}

function query(inputs: { userIdType?: UserIdType }): { user_id_type?: UserIdType } {
  return inputs.userIdType === undefined ? {} : { user_id_type: inputs.userIdType };
}

async function readBack(id: string, inputs: ReservationInputs): Promise<Reserve> {
  try {
    return await providerClient().reservations.get(id, query(inputs));
  } catch (error) {
    if (!isGone(error)) throw error;
    throw new ResourceError(
      "Reservation",
      `[feishu-vc] reservation ${id} was deleted out of band right after it was written`,
    );
  }
}

async function createReservation(
  inputs: ReservationInputs,
): Promise<dynamic.CreateResult<ReservationState>> {
  const body: ReserveApplyBody = {
    owner_id: inputs.ownerId,
    meeting_settings: settingsToWire(inputs.meetingSettings),
    ...(inputs.endTime === undefined ? {} : { end_time: inputs.endTime }),
  };
  const applied = await providerClient().reservations.apply(body, query(inputs));
  // `apply` answers without the owner, the settings and the expiry: read the whole reservation.
  const live = await readBack(applied.reserve.id, inputs);
  return { id: live.id, outs: stateFromLive(live, inputs) };
}

async function readReservation(
  id: string,
  props: ReservationState,
): Promise<dynamic.ReadResult<ReservationState | ReservationInputs>> {
  let live: Reserve;
  try {
    live = await providerClient().reservations.get(id, query(props));
  } catch (error) {
    if (isGone(error)) return {};
    throw error;
  }
  const state = stateFromLive(live, props);
  return { id, props: state, inputs: inputsOf(state, props) };
}

/** What differs between the recorded state and the declaration, with nested settings paths. */
export function diffReservation(
  olds: Readonly<Record<string, unknown>>,
  news: Readonly<Record<string, unknown>>,
): { changed: string[]; replaces: string[] } {
  const top = diffFields(RESERVATION_FIELDS, olds, { ...news, meetingSettings: undefined });
  const oldSettings = isPlainObject(olds.meetingSettings) ? olds.meetingSettings : {};
  const newSettings = isPlainObject(news.meetingSettings) ? news.meetingSettings : {};
  const nested = diffFields(MEETING_SETTINGS_FIELDS, oldSettings, newSettings);
  const changed = [...top.changed, ...nested.changed.map((f) => `meetingSettings.${f}`)];
  const replaces = [...top.replaces, ...nested.replaces.map((f) => `meetingSettings.${f}`)];
  // An expired reservation whose declared end is still ahead is extended: update re-sends it.
  if (olds.expired === true && !changed.includes("endTime")) changed.push("endTime");
  return { changed, replaces };
}

async function updateReservation(
  id: string,
  olds: ReservationState,
  news: ReservationInputs,
): Promise<dynamic.UpdateResult<ReservationState>> {
  const { changed } = diffReservation(olds, news);
  const wireChanged = changed.some((field) => field !== "userIdType");
  if (!wireChanged && !changed.includes("userIdType")) {
    return { outs: withoutUndefined({ ...olds, ...providerSettings(RESERVATION_FIELDS, news) }) };
  }
  if (wireChanged) {
    if (news.endTime !== undefined && Number(news.endTime) * 1000 <= Date.now())
      throw new ResourceError(
        "Reservation",
        `[feishu-vc] Reservation ${id}: endTime ${endTimePassed(news.endTime)}`,
      );
    // The full declared value of each managed field (meeting_connect cannot be sent on update):
    // fields left out of the declaration are kept by the service.
    const { meeting_connect: _connect, ...settings } = settingsToWire(news.meetingSettings);
    void _connect;
    const body: ReserveUpdateBody = {
      meeting_settings: settings,
      ...(news.endTime === undefined ? {} : { end_time: news.endTime }),
    };
    try {
      await providerClient().reservations.update(id, body, query(news));
    } catch (error) {
      if (apiErrorCode(error) === FEISHU_CODES.PARAM_ERROR && olds.expired === true)
        throw new ResourceError(
          "Reservation",
          `[feishu-vc] Reservation ${id} has expired and the service refused to extend it ` +
            `(${error instanceof Error ? error.message : String(error)}): move endTime to a time within the next ${RESERVE_MAX_DAYS_AHEAD} days.`,
        );
      throw error;
    }
  }
  return { outs: stateFromLive(await readBack(id, news), news) };
}

async function deleteReservation(id: string): Promise<void> {
  try {
    await providerClient().reservations.delete(id);
  } catch (error) {
    if (!isGone(error)) throw error;
  }
}

/** The state restricted to the fields the program declared (nested settings included). */
function inputsOf(state: ReservationState, declared: ReservationInputs): ReservationInputs {
  const inputs = declaredFields(RESERVATION_FIELDS, state, declared);
  if (isPlainObject(declared.meetingSettings) && isPlainObject(state.meetingSettings))
    inputs.meetingSettings = declaredFields(
      MEETING_SETTINGS_FIELDS,
      state.meetingSettings,
      declared.meetingSettings,
    );
  return inputs as unknown as ReservationInputs;
}

/** The implementation the serialized shim forwards to, in the provider process. */
export const reservationProvider: dynamic.ResourceProvider = {
  configure: (req) => Promise.resolve(configureProvider(req)),
  check: (_olds: unknown, news: Record<string, unknown>) => Promise.resolve(checkReservation(news)),
  diff: (_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) => {
    const { changed, replaces } = diffReservation(olds, news);
    return Promise.resolve({
      changes: changed.length > 0,
      replaces,
      stables: ["reserveId"],
      deleteBeforeReplace: false,
    });
  },
  create: createReservation,
  read: readReservation,
  update: updateReservation,
  delete: deleteReservation,
};

/**
 * The password as a secret input, so the state's inputs never hold it in plain text. A settings
 * object that is itself an output is made secret as a whole (its fields cannot be reached here).
 */
function secretPassword(
  settings: pulumi.Input<MeetingSettingsArgs>,
): pulumi.Input<MeetingSettingsArgs> {
  if (pulumi.Output.isInstance(settings)) return pulumi.secret(settings);
  const value = settings as MeetingSettingsArgs;
  return value.password === undefined
    ? value
    : { ...value, password: pulumi.secret(value.password) };
}

/** Outputs that hold the meeting password: stored as secrets. */
const SECRET_OUTPUTS = ["password", "meetingSettings"];

/**
 * A reserved meeting bridge. Type token `pulumi-nodejs:dynamic/feishu-vc:Reservation`.
 * Deleting it is irreversible: its meeting number is released and cannot be booked again.
 */
export class Reservation extends FeishuVcResource {
  declare public readonly reserveId: pulumi.Output<string>;
  /** The 9-digit number people dial. */
  declare public readonly meetingNo: pulumi.Output<string>;
  declare public readonly url: pulumi.Output<string | undefined>;
  declare public readonly appLink: pulumi.Output<string | undefined>;
  declare public readonly liveLink: pulumi.Output<string | undefined>;
  /** Secret. */
  declare public readonly password: pulumi.Output<string | undefined>;
  declare public readonly expired: pulumi.Output<boolean>;
  declare public readonly ownerId: pulumi.Output<string>;
  declare public readonly endTime: pulumi.Output<string | undefined>;
  /** Secret (it holds the password). */
  declare public readonly meetingSettings: pulumi.Output<Resolved<MeetingSettingsArgs>>;

  constructor(name: string, args: ReservationArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim("Reservation"),
      name,
      {
        reserveId: undefined,
        meetingNo: undefined,
        url: undefined,
        appLink: undefined,
        liveLink: undefined,
        password: undefined,
        expired: undefined,
        ...args,
        meetingSettings: secretPassword(args.meetingSettings),
      },
      {
        ...opts,
        additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...SECRET_OUTPUTS],
      },
      PULUMI_MODULE,
      "Reservation",
    );
  }
}
