import type * as pulumi from "@pulumi/pulumi";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { RoomLevel as WireRoomLevel, RoomLevelCreateBody } from "../client";
import { CODE_DATA_CONFLICT, CODE_LEVEL_CANNOT_HOLD, apiErrorCode, isGone } from "./api-outcomes";
import { ResourceError } from "./errors";
import { diffFields } from "./field-diff";
import type { FieldTable, ProviderOnlyOf, Resolved } from "./field-table";
import {
  checkFields,
  declaredFields,
  objectFromWire,
  objectToWire,
  providerSettings,
  touchesWire,
  types,
} from "./field-table";
import { InputChecker } from "./input-check";
import { CUSTOM_ID_MAX_LENGTH, NAME_MAX_LENGTH } from "./limits";
import { configureProvider, providerClient, rootLevelId } from "./provider-runtime";
import { FeishuVcResource, PULUMI_MODULE, providerShim } from "./provider-shim";
import { withoutUndefined } from "./values";

/** `parentId` value (and default) meaning the tenant's root level. */
export const ROOT_PARENT = "0";

/** Arguments of a {@link RoomLevel}: a campus, building, floor or any other node of the tree. */
export interface RoomLevelArgs {
  /** Display name; siblings should have distinct names. */
  name: pulumi.Input<string>;
  /** The parent level's id; `"0"` or omitted: directly under the tenant root. Changing it moves the level. */
  parentId?: pulumi.Input<string>;
  /** Tenant-defined id, unique in the tenant; lets an existing level be found and adopted. */
  customGroupId?: pulumi.Input<string>;
  /**
   * Take over a level that already exists with the same `customGroupId` instead of failing.
   * Default `false`: an existing level is never silently taken over.
   */
  adopt?: pulumi.Input<boolean>;
  /**
   * When the level is destroyed, also delete child levels and rooms this stack does not manage.
   * Default `false`: destroy fails rather than delete anything that is not declared.
   */
  cascadeDelete?: pulumi.Input<boolean>;
}

/** {@link RoomLevelArgs} resolved, as the provider receives them (`check` fills in `parentId`). */
export type RoomLevelInputs = Resolved<RoomLevelArgs> & { parentId: string };

/** What the state records: the inputs as they are live, plus the service's own fields. */
export type RoomLevelState = RoomLevelInputs & {
  roomLevelId: string;
  /** The real id of the parent (the root's id when `parentId` is `"0"`). */
  parentLevelId: string;
  /** Ancestor level ids from the root down to the parent. */
  path: string[];
};

/**
 * The field table: the one definition of each argument, its wire name, codec, bounds and what a
 * change costs. The wire mappers, `check`, `inputsOf` and the export all derive from it.
 */
export const ROOM_LEVEL_FIELDS = {
  name: {
    wire: "name",
    onChange: "update",
    type: types.text({ minLength: 1, maxLength: NAME_MAX_LENGTH }),
    required: true,
  },
  parentId: {
    wire: "parent_id",
    onChange: "update",
    type: types.text({ minLength: 1, maxLength: CUSTOM_ID_MAX_LENGTH }),
  },
  customGroupId: {
    wire: "custom_group_id",
    onChange: "update",
    type: types.text({ minLength: 1, maxLength: CUSTOM_ID_MAX_LENGTH }),
    canonical: (v) => v ?? "",
  },
  adopt: { wire: undefined, onChange: "update", type: types.flag, canonical: (v) => v ?? false },
  cascadeDelete: {
    wire: undefined,
    onChange: "update",
    type: types.flag,
    canonical: (v) => v ?? false,
  },
} satisfies FieldTable<RoomLevelArgs, RoomLevelCreateBody>;

function checkRoomLevel(news: Record<string, unknown>): dynamic.CheckResult {
  const checker = new InputChecker();
  // `__provider` is the engine's own serialized provider, not an argument.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { __provider, ...args } = news;
  const checked = checkFields(checker, "", ROOM_LEVEL_FIELDS, args);
  if (args.adopt === true && args.customGroupId === undefined) {
    checker.fail("adopt", "needs customGroupId: an existing level is found by its custom id");
  }
  return {
    inputs: { ...news, ...checked, parentId: args.parentId ?? ROOT_PARENT },
    failures: checker.failures,
  };
}

/**
 * The API body for the declared fields, with the parent's real id (the root's id for `"0"`);
 * PATCH needs name and parent_id every time (reference 2.2.5), an omitted custom id is kept.
 */
function toWire(inputs: RoomLevelInputs, parentLevelId: string): RoomLevelCreateBody {
  return objectToWire(ROOM_LEVEL_FIELDS, {
    ...inputs,
    parentId: parentLevelId,
  }) as unknown as RoomLevelCreateBody;
}

/** A live level in the resource's terms (every field the API has a row for). */
export function roomLevelFromWire(
  level: WireRoomLevel,
): Omit<RoomLevelInputs, ProviderOnlyOf<typeof ROOM_LEVEL_FIELDS>> {
  return objectFromWire(ROOM_LEVEL_FIELDS, { ...level }) as unknown as RoomLevelInputs;
}

/**
 * Builds the state from a live level. `parentId` keeps the declared `"0"` while the level is
 * still where it was put, so a refresh of an untouched level changes nothing.
 */
function stateFromLive(
  level: WireRoomLevel,
  declared: RoomLevelInputs,
  declaredParentLevelId: string,
): RoomLevelState {
  const parentId =
    declared.parentId === ROOT_PARENT && level.parent_id === declaredParentLevelId
      ? ROOT_PARENT
      : level.parent_id;
  return withoutUndefined({
    ...roomLevelFromWire(level),
    parentId,
    ...providerSettings(ROOM_LEVEL_FIELDS, declared),
    roomLevelId: level.room_level_id,
    parentLevelId: level.parent_id,
    path: level.path ?? [],
  });
}

async function resolveParent(parentId: string): Promise<string> {
  return parentId === ROOT_PARENT ? rootLevelId() : parentId;
}

function describeLevel(level: WireRoomLevel): string {
  return `${level.room_level_id} ("${level.name}" under ${level.parent_id})`;
}

async function createRoomLevel(
  inputs: RoomLevelInputs,
): Promise<dynamic.CreateResult<RoomLevelState>> {
  const client = providerClient();
  const parentLevelId = await resolveParent(inputs.parentId);
  const body = toWire(inputs, parentLevelId);

  const existing = async (): Promise<WireRoomLevel | undefined> => {
    if (inputs.customGroupId === undefined) return undefined;
    const [id] = await client.roomLevels.searchByCustomIds([inputs.customGroupId]);
    return id === undefined ? undefined : client.roomLevels.find(id);
  };

  if (inputs.adopt === true) {
    const found = await existing();
    if (found !== undefined) {
      if (found.name !== inputs.name || found.parent_id !== parentLevelId) {
        await client.roomLevels.patch(found.room_level_id, body);
      }
      const adopted = await readBack(found.room_level_id);
      return { id: adopted.room_level_id, outs: stateFromLive(adopted, inputs, parentLevelId) };
    }
  }
  try {
    const created = await client.roomLevels.create(body);
    return { id: created.room_level_id, outs: stateFromLive(created, inputs, parentLevelId) };
  } catch (error) {
    if (apiErrorCode(error) === CODE_DATA_CONFLICT) {
      const found = await existing();
      if (found !== undefined) {
        // A level exactly as this create would write it (name, parent, custom id) is this stack's
        // own create whose answer was lost or whose run was killed before the state recorded it
        // (ADR 0008): take it in.
        const differing = [
          ...(found.name === inputs.name ? [] : ["name"]),
          ...(found.parent_id === parentLevelId ? [] : ["parent"]),
        ];
        if (differing.length === 0) {
          return { id: found.room_level_id, outs: stateFromLive(found, inputs, parentLevelId) };
        }
        throw new ResourceError(
          "RoomLevel",
          `[feishu-vc] RoomLevel "${inputs.name}": a level with customGroupId "${inputs.customGroupId}" already exists: ` +
            `${describeLevel(found)}, which differs from the declaration in ${differing.join(" and ")}, so it is not ` +
            `one this stack created. Set adopt: true to manage it, or choose another customGroupId.`,
        );
      }
    }
    throw error;
  }
}

/** The level as stored after a write, read through the coalescing loader (one mget per batch). */
async function readBack(id: string): Promise<WireRoomLevel> {
  const level = await providerClient().roomLevels.find(id);
  if (level === undefined)
    throw new ResourceError(
      "RoomLevel",
      `[feishu-vc] level ${id} was deleted out of band right after it was written`,
    );
  return level;
}

async function readRoomLevel(
  id: string,
  props: RoomLevelState,
): Promise<dynamic.ReadResult<RoomLevelState | RoomLevelInputs>> {
  const live = await providerClient().roomLevels.find(id);
  if (live === undefined) return {};
  const state = stateFromLive(live, props, props.parentLevelId);
  return { id, props: state, inputs: inputsOf(state) };
}

async function updateRoomLevel(
  id: string,
  olds: RoomLevelState,
  news: RoomLevelInputs,
): Promise<dynamic.UpdateResult<RoomLevelState>> {
  const client = providerClient();
  const { changed } = diffFields(ROOM_LEVEL_FIELDS, olds, news);
  const parentLevelId = await resolveParent(news.parentId);
  if (touchesWire(ROOM_LEVEL_FIELDS, changed)) {
    await client.roomLevels.patch(id, toWire(news, parentLevelId));
    return { outs: stateFromLive(await readBack(id), news, parentLevelId) };
  }
  return {
    outs: withoutUndefined({ ...olds, adopt: news.adopt, cascadeDelete: news.cascadeDelete }),
  };
}

async function deleteRoomLevel(id: string, props: RoomLevelState): Promise<void> {
  try {
    await providerClient().roomLevels.del(id, { deleteChild: props.cascadeDelete === true });
  } catch (error) {
    if (isGone(error)) return;
    if (apiErrorCode(error) === CODE_LEVEL_CANNOT_HOLD) {
      throw new ResourceError(
        "RoomLevel",
        `[feishu-vc] RoomLevel "${props.name}" (${id}) was not deleted: it still holds levels or rooms this stack ` +
          `does not manage. Move or delete them, or set cascadeDelete: true to delete them with it.`,
      );
    }
    throw error;
  }
}

/** The state restricted to what the program declares (the inputs a refresh records). */
function inputsOf(state: RoomLevelState): RoomLevelInputs {
  return declaredFields(ROOM_LEVEL_FIELDS, state, state) as unknown as RoomLevelInputs;
}

/** The implementation the serialized shim forwards to, in the provider process. */
export const roomLevelProvider: dynamic.ResourceProvider = {
  configure: (req) => Promise.resolve(configureProvider(req)),
  check: (_olds: unknown, news: Record<string, unknown>) => Promise.resolve(checkRoomLevel(news)),
  diff: (_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) => {
    const { changed, replaces } = diffFields(ROOM_LEVEL_FIELDS, olds, news);
    return Promise.resolve({
      changes: changed.length > 0,
      replaces,
      stables: ["roomLevelId"],
      deleteBeforeReplace: false,
    });
  },
  create: createRoomLevel,
  read: readRoomLevel,
  update: updateRoomLevel,
  delete: deleteRoomLevel,
};

/**
 * A node of the room hierarchy (campus, building, floor, ...). Type token
 * `pulumi-nodejs:dynamic/feishu-vc:RoomLevel`.
 */
export class RoomLevel extends FeishuVcResource {
  /** The service's id (`omb_...`). */
  declare public readonly roomLevelId: pulumi.Output<string>;
  declare public readonly name: pulumi.Output<string>;
  /** As declared: `"0"` for a top-level level. */
  declare public readonly parentId: pulumi.Output<string>;
  /** The parent's real id (the root level's id for a top-level level). */
  declare public readonly parentLevelId: pulumi.Output<string>;
  declare public readonly customGroupId: pulumi.Output<string | undefined>;
  /** Ancestor level ids, root first. */
  declare public readonly path: pulumi.Output<string[]>;

  constructor(name: string, args: RoomLevelArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim("RoomLevel"),
      name,
      { roomLevelId: undefined, parentLevelId: undefined, path: undefined, ...args },
      opts,
      PULUMI_MODULE,
      "RoomLevel",
    );
  }
}
