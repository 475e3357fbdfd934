import type * as pulumi from "@pulumi/pulumi";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type {
  RoomConfig,
  RoomDigitalSignage,
  RoomDigitalSignageMaterial,
  ScopeConfig as WireScopeConfig,
  ScopeConfigView,
  UserIdType,
} from "../client";
import { isGone } from "./api-outcomes";
import { diffFields } from "./field-diff";
import type { FieldTable, Resolved } from "./field-table";
import { checkFields, objectFromWire, objectToWire, types } from "./field-table";
import { InputChecker } from "./input-check";
import {
  CONFIG_TEXT_MAX_LENGTH,
  CUSTOM_ID_MAX_LENGTH,
  MATERIAL_DURATION_SECONDS_MAX,
  MATERIAL_DURATION_SECONDS_MIN,
  MATERIAL_TYPES,
  SIGNAGE_DISPLAY_MINUTES_MAX,
  SIGNAGE_DISPLAY_MINUTES_MIN,
  USER_ID_TYPES,
} from "./limits";
import { configureProvider, providerClient } from "./provider-runtime";
import { FeishuVcResource, PULUMI_MODULE, providerShim } from "./provider-shim";
import type { RoomStatusArgs, RoomStatusValue } from "./room-status";
import { ROOM_STATUS_TYPE, canonicalRoomStatus } from "./room-status";
import { isPlainObject, withoutUndefined } from "./values";

/** Which kind of object a configuration is attached to. */
export type ScopeType = "roomLevel" | "room";

/** What each scope type is called on the wire (reference 2.4). */
const SCOPE_TYPE_CODES: Record<ScopeType, WireScopeConfig["scope_type"]> = {
  roomLevel: 1,
  room: 2,
};

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

/** Resolved configuration (after `check` normalised the status times). */
export type RoomConfigValue = Omit<Resolved<RoomConfigArgs>, "roomStatus"> & {
  roomStatus?: RoomStatusValue;
};

/** {@link ScopeConfigArgs} resolved, as the provider receives them. */
export type ScopeConfigInputs = Omit<Resolved<ScopeConfigArgs>, "config"> & {
  config: RoomConfigValue;
};

/** The state: the managed keys as they are stored on the scope itself (not inherited values). */
export type ScopeConfigState = ScopeConfigInputs;

/** Texts of a configuration (URLs, material names and ids). */
const configText = types.text({ maxLength: CONFIG_TEXT_MAX_LENGTH });

/** A playlist item's table: the API's `room_digital_signage_material`. */
export const SIGNAGE_MATERIAL_FIELDS = {
  id: { wire: "id", onChange: "update", type: configText },
  name: { wire: "name", onChange: "update", type: configText },
  materialType: { wire: "material_type", onChange: "update", type: types.oneOf(MATERIAL_TYPES) },
  url: { wire: "url", onChange: "update", type: configText },
  duration: {
    wire: "duration",
    onChange: "update",
    type: types.integer(MATERIAL_DURATION_SECONDS_MIN, MATERIAL_DURATION_SECONDS_MAX),
  },
  cover: { wire: "cover", onChange: "update", type: configText },
  md5: { wire: "md5", onChange: "update", type: configText },
  vid: { wire: "vid", onChange: "update", type: configText },
  size: { wire: "size", onChange: "update", type: configText },
} satisfies FieldTable<SignageMaterialArgs, RoomDigitalSignageMaterial>;

const displayMinutes = types.integer(SIGNAGE_DISPLAY_MINUTES_MIN, SIGNAGE_DISPLAY_MINUTES_MAX);

/** Signage settings' table: the API's `room_digital_signage`. */
export const DIGITAL_SIGNAGE_FIELDS = {
  ifCoverChildScope: { wire: "if_cover_child_scope", onChange: "update", type: types.flag },
  enable: { wire: "enable", onChange: "update", type: types.flag },
  mute: { wire: "mute", onChange: "update", type: types.flag },
  startDisplay: { wire: "start_display", onChange: "update", type: displayMinutes },
  stopDisplay: { wire: "stop_display", onChange: "update", type: displayMinutes },
  materials: {
    wire: "materials",
    onChange: "update",
    type: types.list(types.object(SIGNAGE_MATERIAL_FIELDS)),
  },
} satisfies FieldTable<DigitalSignageArgs, RoomDigitalSignage>;

/** A configuration's table: the API's `room_config`. */
export const ROOM_CONFIG_FIELDS = {
  roomBackground: { wire: "room_background", onChange: "update", type: configText },
  displayBackground: { wire: "display_background", onChange: "update", type: configText },
  digitalSignage: {
    wire: "digital_signage",
    onChange: "update",
    type: types.object(DIGITAL_SIGNAGE_FIELDS),
  },
  roomBoxDigitalSignage: {
    wire: "room_box_digital_signage",
    onChange: "update",
    type: types.object(DIGITAL_SIGNAGE_FIELDS),
  },
  roomStatus: { wire: "room_status", onChange: "update", type: ROOM_STATUS_TYPE },
} satisfies FieldTable<RoomConfigArgs, RoomConfig>;

type ConfigKey = keyof RoomConfigValue;
const CONFIG_KEYS = Object.keys(ROOM_CONFIG_FIELDS) as readonly ConfigKey[];
const MATERIAL_KEYS = Object.keys(
  SIGNAGE_MATERIAL_FIELDS,
) as readonly (keyof SignageMaterialValue)[];

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

/**
 * The field table: the one definition of each argument, its wire name, codec, bounds and what a
 * change costs. The wire mappers, `check` and the export all derive from it.
 */
export const SCOPE_CONFIG_FIELDS = {
  scopeType: {
    wire: "scope_type",
    onChange: "replace",
    type: types.oneOf(Object.keys(SCOPE_TYPE_CODES), SCOPE_TYPE_CODES),
    required: true,
  },
  scopeId: {
    wire: "scope_id",
    onChange: "replace",
    type: types.text({ minLength: 1, maxLength: CUSTOM_ID_MAX_LENGTH }),
    required: true,
  },
  config: {
    wire: "scope_config",
    onChange: "update",
    type: types.object(ROOM_CONFIG_FIELDS),
    required: true,
    canonical: canonicalConfig,
  },
  userIdType: {
    wire: undefined,
    onChange: "update",
    type: types.oneOf(USER_ID_TYPES),
    canonical: (v) => v ?? "open_id",
  },
  adopt: { wire: undefined, onChange: "update", type: types.flag, canonical: (v) => v ?? false },
} satisfies FieldTable<ScopeConfigArgs, WireScopeConfig>;

function checkScopeConfig(news: Record<string, unknown>): dynamic.CheckResult {
  const checker = new InputChecker();
  // `__provider` is the engine's own serialized provider, not an argument.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { __provider, ...args } = news;
  const checked = checkFields(checker, "", SCOPE_CONFIG_FIELDS, args);
  return { inputs: { ...news, ...checked }, failures: checker.failures };
}

/** A configuration as the API stores it, in the resource's terms (every key it carries). */
export function roomConfigFromWire(wire: RoomConfig | undefined): RoomConfigValue {
  return objectFromWire(ROOM_CONFIG_FIELDS, { ...wire });
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
  const { scope_type, scope_id } = objectToWire(SCOPE_CONFIG_FIELDS, {
    scopeType: inputs.scopeType,
    scopeId: inputs.scopeId,
  }) as unknown as WireScopeConfig;
  return withoutUndefined({ scope_type, scope_id, user_id_type: inputs.userIdType });
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
  const { user_id_type } = scopeOf(inputs);
  const body = objectToWire(SCOPE_CONFIG_FIELDS, {
    ...inputs,
    config,
  }) as unknown as WireScopeConfig;
  await providerClient().scopeConfig.set(body, user_id_type === undefined ? {} : { user_id_type });
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
