import type * as pulumi from "@pulumi/pulumi";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { RoomConfig, RoomDigitalSignage, ScopeConfigView, UserIdType } from "../client";
import { isGone } from "./api-outcomes";
import type { FieldTable } from "./field-diff";
import { diffFields } from "./field-diff";
import { InputChecker } from "./input-check";
import {
  CUSTOM_ID_MAX_LENGTH,
  MATERIAL_DURATION_SECONDS_MAX,
  MATERIAL_DURATION_SECONDS_MIN,
  SIGNAGE_DISPLAY_MINUTES_MAX,
  SIGNAGE_DISPLAY_MINUTES_MIN,
  USER_ID_TYPES,
} from "./limits";
import { configureProvider, providerClient } from "./provider-runtime";
import { FeishuVcResource, PULUMI_MODULE, providerShim } from "./provider-shim";
import type { RoomStatusArgs, RoomStatusValue } from "./room-status";
import {
  canonicalRoomStatus,
  checkRoomStatus,
  roomStatusFromWire,
  roomStatusToWire,
} from "./room-status";
import { isPlainObject, withoutUndefined } from "./values";

/** Which kind of object a configuration is attached to. */
export type ScopeType = "roomLevel" | "room";

const SCOPE_TYPE_CODES: Record<ScopeType, 1 | 2> = { roomLevel: 1, room: 2 };

/** One item of a signage playlist (the API's `room_digital_signage_material`). */
export interface SignageMaterialArgs {
  /** The service's material id; leave it out for a new material. */
  id?: pulumi.Input<string>;
  name?: pulumi.Input<string>;
  /** 1 image, 2 video, 3 GIF. */
  materialType?: pulumi.Input<number>;
  url?: pulumi.Input<string>;
  /** Seconds the item plays, 1 to 43200. */
  duration?: pulumi.Input<number>;
  /** Cover image URL. */
  cover?: pulumi.Input<string>;
  md5?: pulumi.Input<string>;
  /** Video id. */
  vid?: pulumi.Input<string>;
  /** File size in bytes, as a string. */
  size?: pulumi.Input<string>;
}

/** Digital signage settings (the API's `room_digital_signage`). */
export interface DigitalSignageArgs {
  /** Also push this setting onto every level and room below, overriding theirs. */
  ifCoverChildScope?: pulumi.Input<boolean>;
  enable?: pulumi.Input<boolean>;
  /** Play videos muted. */
  mute?: pulumi.Input<boolean>;
  /** Start playing N minutes (1-720) after a meeting ends (Feishu Rooms signage only). */
  startDisplay?: pulumi.Input<number>;
  /** Stop playing N minutes (1-720) before the next meeting (Feishu Rooms signage only). */
  stopDisplay?: pulumi.Input<number>;
  /** The playlist, in order. */
  materials?: pulumi.Input<pulumi.Input<SignageMaterialArgs>[]>;
}

/** The configuration of a scope (the API's `room_config`); every key is optional. */
export interface RoomConfigArgs {
  /** Background image URL of the in-room Feishu Rooms display. */
  roomBackground?: pulumi.Input<string>;
  /** Background image URL of the sign-in board at the door. */
  displayBackground?: pulumi.Input<string>;
  /** Idle-time signage on the Feishu Rooms display. */
  digitalSignage?: pulumi.Input<DigitalSignageArgs>;
  /** Idle-time signage on the Feishu share box. */
  roomBoxDigitalSignage?: pulumi.Input<DigitalSignageArgs>;
  /** Availability of every room in the scope. */
  roomStatus?: pulumi.Input<RoomStatusArgs>;
}

/** Arguments of a {@link ScopeConfig}. */
export interface ScopeConfigArgs {
  /** `roomLevel` or `room`; changing it replaces the resource. */
  scopeType: pulumi.Input<ScopeType>;
  /** Id of the level or room; changing it replaces the resource. */
  scopeId: pulumi.Input<string>;
  /** The keys this resource manages; keys left out keep whatever the scope has (or inherits). */
  config: pulumi.Input<RoomConfigArgs>;
  /** Id type of `roomStatus.contactIds` (`open_id` by default). */
  userIdType?: pulumi.Input<UserIdType>;
  /**
   * The scope may already carry this configuration (e.g. right after `feishu-vc export`): read it
   * first and write only when it differs, so adopting an exported tenant spends no write.
   */
  adopt?: pulumi.Input<boolean>;
}

/** Resolved signage settings: {@link DigitalSignageArgs} with every input resolved. */
export type DigitalSignageValue = pulumi.Unwrap<DigitalSignageArgs>;

/** Resolved playlist item: {@link SignageMaterialArgs} with every input resolved. */
export type SignageMaterialValue = pulumi.Unwrap<SignageMaterialArgs>;

/** Resolved configuration. */
export interface RoomConfigValue {
  roomBackground?: string;
  displayBackground?: string;
  digitalSignage?: DigitalSignageValue;
  roomBoxDigitalSignage?: DigitalSignageValue;
  roomStatus?: RoomStatusValue;
}

/** {@link ScopeConfigArgs} resolved, as the provider receives them. */
export interface ScopeConfigInputs {
  scopeType: ScopeType;
  scopeId: string;
  config: RoomConfigValue;
  userIdType?: UserIdType;
  adopt?: boolean;
}

/** The state: the managed keys as they are stored on the scope itself (not inherited values). */
export type ScopeConfigState = ScopeConfigInputs;

type ConfigKey = keyof RoomConfigValue;
const CONFIG_KEYS: readonly ConfigKey[] = [
  "roomBackground",
  "displayBackground",
  "digitalSignage",
  "roomBoxDigitalSignage",
  "roomStatus",
];
const SIGNAGE_KEYS = [
  "ifCoverChildScope",
  "enable",
  "mute",
  "startDisplay",
  "stopDisplay",
  "materials",
] as const;
const MATERIAL_KEYS = [
  "id",
  "name",
  "materialType",
  "url",
  "duration",
  "cover",
  "md5",
  "vid",
  "size",
] as const;

function canonicalSignage(value: unknown): unknown {
  if (!isPlainObject(value)) return value;
  const signage = value as DigitalSignageValue;
  return {
    ifCoverChildScope: signage.ifCoverChildScope ?? false,
    enable: signage.enable ?? false,
    mute: signage.mute ?? false,
    startDisplay: signage.startDisplay ?? 0,
    stopDisplay: signage.stopDisplay ?? 0,
    // Material ids are assigned by the service, so they are not part of what is declared.
    materials: (signage.materials ?? []).map((material) =>
      Object.fromEntries(
        MATERIAL_KEYS.filter((key) => key !== "id").map((key) => [key, material[key] ?? ""]),
      ),
    ),
  };
}

/**
 * The compared form of a configuration: only the keys present, each in canonical form. A key
 * dropped from the program counts as a change, since the resource then resets it to inherit.
 */
function canonicalConfig(value: unknown): unknown {
  if (!isPlainObject(value)) return value;
  const config = value as RoomConfigValue;
  const canonical: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) {
    const item = config[key];
    if (item === undefined) continue;
    canonical[key] =
      key === "roomStatus"
        ? canonicalRoomStatus(item)
        : key.endsWith("Signage")
          ? canonicalSignage(item)
          : item;
  }
  return canonical;
}

/** The field table: the one definition of what each argument is on the wire. */
export const SCOPE_CONFIG_FIELDS = {
  scopeType: { wire: "scope_type", onChange: "replace" },
  scopeId: { wire: "scope_id", onChange: "replace" },
  config: { wire: "scope_config", onChange: "update", canonical: canonicalConfig },
  userIdType: { wire: undefined, onChange: "update", canonical: (v) => v ?? "open_id" },
  adopt: { wire: undefined, onChange: "update", canonical: (v) => v ?? false },
} satisfies FieldTable<ScopeConfigArgs>;

function checkSignage(checker: InputChecker, property: string, value: unknown): void {
  const signage = checker.object(property, value);
  if (signage === undefined) return;
  checker.noUnknownKeys(property, signage, SIGNAGE_KEYS);
  for (const flag of ["ifCoverChildScope", "enable", "mute"] as const)
    checker.boolean(`${property}.${flag}`, signage[flag]);
  for (const minutes of ["startDisplay", "stopDisplay"] as const) {
    checker.integer(`${property}.${minutes}`, signage[minutes], {
      min: SIGNAGE_DISPLAY_MINUTES_MIN,
      max: SIGNAGE_DISPLAY_MINUTES_MAX,
    });
  }
  checker.array(`${property}.materials`, signage.materials)?.forEach((item, index) => {
    const where = `${property}.materials[${index}]`;
    const material = checker.object(where, item);
    if (material === undefined) return;
    checker.noUnknownKeys(where, material, MATERIAL_KEYS);
    for (const key of ["id", "name", "url", "cover", "md5", "vid", "size"] as const) {
      checker.string(`${where}.${key}`, material[key], { maxLength: 2048 });
    }
    checker.oneOf(`${where}.materialType`, material.materialType, [1, 2, 3]);
    checker.integer(`${where}.duration`, material.duration, {
      min: MATERIAL_DURATION_SECONDS_MIN,
      max: MATERIAL_DURATION_SECONDS_MAX,
    });
  });
}

function checkScopeConfig(news: Record<string, unknown>): dynamic.CheckResult {
  const checker = new InputChecker();
  // `__provider` is the engine's own serialized provider, not an argument.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { __provider, ...args } = news;
  checker.noUnknownKeys("", args, Object.keys(SCOPE_CONFIG_FIELDS));
  checker.oneOf("scopeType", args.scopeType, Object.keys(SCOPE_TYPE_CODES), { required: true });
  checker.string("scopeId", args.scopeId, { required: true, maxLength: CUSTOM_ID_MAX_LENGTH });
  checker.oneOf("userIdType", args.userIdType, USER_ID_TYPES);
  checker.boolean("adopt", args.adopt);
  if (args.config === undefined) checker.fail("config", "is required");
  const config = checker.object("config", args.config);
  if (config === undefined) return { inputs: news, failures: checker.failures };
  checker.noUnknownKeys("config", config, CONFIG_KEYS);
  checker.string("config.roomBackground", config.roomBackground, { maxLength: 2048 });
  checker.string("config.displayBackground", config.displayBackground, { maxLength: 2048 });
  checkSignage(checker, "config.digitalSignage", config.digitalSignage);
  checkSignage(checker, "config.roomBoxDigitalSignage", config.roomBoxDigitalSignage);
  const roomStatus =
    config.roomStatus === undefined
      ? undefined
      : checkRoomStatus(checker, "config.roomStatus", config.roomStatus);
  return {
    inputs: { ...news, config: withoutUndefined({ ...config, roomStatus }) },
    failures: checker.failures,
  };
}

function signageToWire(value: DigitalSignageValue): RoomDigitalSignage {
  return withoutUndefined({
    if_cover_child_scope: value.ifCoverChildScope,
    enable: value.enable,
    mute: value.mute,
    start_display: value.startDisplay,
    stop_display: value.stopDisplay,
    materials: value.materials?.map((m) =>
      withoutUndefined({
        id: m.id,
        name: m.name,
        material_type: m.materialType,
        url: m.url,
        duration: m.duration,
        cover: m.cover,
        md5: m.md5,
        vid: m.vid,
        size: m.size,
      }),
    ),
  });
}

function signageFromWire(wire: RoomDigitalSignage): DigitalSignageValue {
  return withoutUndefined({
    ifCoverChildScope: wire.if_cover_child_scope,
    enable: wire.enable,
    mute: wire.mute,
    startDisplay: wire.start_display,
    stopDisplay: wire.stop_display,
    materials: wire.materials?.map((m) =>
      withoutUndefined({
        id: m.id,
        name: m.name,
        materialType: m.material_type,
        url: m.url,
        duration: m.duration,
        cover: m.cover,
        md5: m.md5,
        vid: m.vid,
        size: m.size,
      }),
    ),
  });
}

function configToWire(config: RoomConfigValue): RoomConfig {
  return withoutUndefined({
    room_background: config.roomBackground,
    display_background: config.displayBackground,
    digital_signage:
      config.digitalSignage === undefined ? undefined : signageToWire(config.digitalSignage),
    room_box_digital_signage:
      config.roomBoxDigitalSignage === undefined
        ? undefined
        : signageToWire(config.roomBoxDigitalSignage),
    room_status: config.roomStatus === undefined ? undefined : roomStatusToWire(config.roomStatus),
  });
}

/** A configuration as the API stores it, in the resource's terms (every key it carries). */
export function roomConfigFromWire(wire: RoomConfig | undefined): RoomConfigValue {
  return withoutUndefined({
    roomBackground: wire?.room_background,
    displayBackground: wire?.display_background,
    digitalSignage:
      wire?.digital_signage === undefined ? undefined : signageFromWire(wire.digital_signage),
    roomBoxDigitalSignage:
      wire?.room_box_digital_signage === undefined
        ? undefined
        : signageFromWire(wire.room_box_digital_signage),
    roomStatus: wire?.room_status === undefined ? undefined : roomStatusFromWire(wire.room_status),
  });
}

/** The stored configuration of the scope itself, restricted to the managed keys. */
function managedConfigFromWire(
  wire: RoomConfig | undefined,
  managed: readonly ConfigKey[],
): RoomConfigValue {
  const all = roomConfigFromWire(wire);
  const picked: Record<string, unknown> = {};
  for (const key of managed) {
    // A key the scope no longer sets reads as its "inherit" form, so the drift is visible.
    picked[key] = all[key] ?? INHERIT[key];
  }
  return picked;
}

/**
 * What each key is reset to when the resource stops managing it. The API has no way to clear a
 * key (reference section 4, item 16): an empty string is stored as "unset" and an empty signage
 * object sets nothing, so both make the scope inherit from its parent again. `room_status` needs
 * `status`, so it can only be reset to "enabled, no disable window", the service's default.
 */
const INHERIT: Required<RoomConfigValue> = {
  roomBackground: "",
  displayBackground: "",
  digitalSignage: {},
  roomBoxDigitalSignage: {},
  roomStatus: { enabled: true },
};

function scopeOf(inputs: ScopeConfigInputs): {
  scope_type: 1 | 2;
  scope_id: string;
  user_id_type?: UserIdType;
} {
  return withoutUndefined({
    scope_type: SCOPE_TYPE_CODES[inputs.scopeType],
    scope_id: inputs.scopeId,
    user_id_type: inputs.userIdType,
  });
}

function managedKeys(config: RoomConfigValue): ConfigKey[] {
  return CONFIG_KEYS.filter((key) => config[key] !== undefined);
}

/** The scope's own stored configuration: the queried node comes first in `origin_configs`. */
function ownConfig(view: ScopeConfigView, scopeId: string): RoomConfig | undefined {
  return view.origin_configs?.find((node) => node.scope_id === scopeId)?.scope_config;
}

async function readState(inputs: ScopeConfigInputs): Promise<ScopeConfigState> {
  const view = await providerClient().scopeConfig.get(scopeOf(inputs));
  return withoutUndefined({
    ...inputs,
    config: managedConfigFromWire(ownConfig(view, inputs.scopeId), managedKeys(inputs.config)),
  });
}

async function setConfig(inputs: ScopeConfigInputs, config: RoomConfigValue): Promise<void> {
  const { user_id_type, ...scope } = scopeOf(inputs);
  await providerClient().scopeConfig.set(
    { ...scope, scope_config: configToWire(config) },
    user_id_type === undefined ? {} : { user_id_type },
  );
}

function scopeConfigId(inputs: ScopeConfigInputs): string {
  return `${inputs.scopeType}/${inputs.scopeId}`;
}

/** The implementation the serialized shim forwards to, in the provider process. */
export const scopeConfigProvider: dynamic.ResourceProvider = {
  configure: (req) => Promise.resolve(configureProvider(req)),
  check: (_olds: unknown, news: Record<string, unknown>) => Promise.resolve(checkScopeConfig(news)),
  diff: (_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) => {
    const { changed, replaces } = diffFields(SCOPE_CONFIG_FIELDS, olds, news);
    return Promise.resolve({ changes: changed.length > 0, replaces, deleteBeforeReplace: false });
  },
  create: async (inputs: ScopeConfigInputs) => {
    if (inputs.adopt === true) {
      const stored = await readState(inputs);
      if (diffFields(SCOPE_CONFIG_FIELDS, stored, inputs).changed.length === 0) {
        return { id: scopeConfigId(inputs), outs: stored };
      }
    }
    await setConfig(inputs, inputs.config);
    return { id: scopeConfigId(inputs), outs: await readState(inputs) };
  },
  read: async (id: string, props: ScopeConfigState) => {
    try {
      const state = await readState(props);
      return { id, props: state, inputs: state };
    } catch (error) {
      // The level or room itself is gone, and its configuration with it.
      if (isGone(error)) return {};
      throw error;
    }
  },
  update: async (_id: string, olds: ScopeConfigState, news: ScopeConfigInputs) => {
    const dropped = managedKeys(olds.config).filter((key) => news.config[key] === undefined);
    const reset = Object.fromEntries(dropped.map((key) => [key, INHERIT[key]]));
    await setConfig(news, { ...reset, ...news.config });
    return { outs: await readState(news) };
  },
  delete: async (_id: string, props: ScopeConfigState) => {
    const reset = Object.fromEntries(managedKeys(props.config).map((key) => [key, INHERIT[key]]));
    try {
      await setConfig(props, reset);
    } catch (error) {
      if (!isGone(error)) throw error;
    }
  },
};

/**
 * Configuration of a room level or a room: backgrounds, digital signage and availability.
 * Destroying it resets the keys it managed so the scope inherits from its parent again (see
 * the README). Type token `pulumi-nodejs:dynamic/feishu-vc:ScopeConfig`.
 */
export class ScopeConfig extends FeishuVcResource {
  declare public readonly scopeType: pulumi.Output<ScopeType>;
  declare public readonly scopeId: pulumi.Output<string>;
  /** The managed keys as stored on the scope. */
  declare public readonly config: pulumi.Output<RoomConfigValue>;

  constructor(name: string, args: ScopeConfigArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerShim("ScopeConfig"), name, { ...args }, opts, PULUMI_MODULE, "ScopeConfig");
  }
}
