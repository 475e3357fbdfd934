import type * as pulumi from "@pulumi/pulumi";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { Device, Room as WireRoom, RoomCreateBody, UserIdType } from "../client";
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
import {
  CAPACITY_MAX,
  CAPACITY_MIN,
  CUSTOM_ID_MAX_LENGTH,
  DESCRIPTION_MAX_LENGTH,
  NAME_MAX_LENGTH,
  USER_ID_TYPES,
} from "./limits";
import { configureProvider, providerClient } from "./provider-runtime";
import { FeishuVcResource, PULUMI_MODULE, providerShim } from "./provider-shim";
import type { RoomStatusArgs, RoomStatusValue } from "./room-status";
import { ROOM_STATUS_TYPE, canonicalRoomStatus } from "./room-status";
import { withoutUndefined } from "./values";

/** A facility of a room (the API's `device`). */
export interface DeviceArgs {
  /** Facility name, e.g. "TV" or "Phone". */
  name: pulumi.Input<string>;
}

/** Arguments of a {@link Room}. */
export interface RoomArgs {
  /** Display name. */
  name: pulumi.Input<string>;
  /** The level that holds the room; changing it moves the room in place. */
  roomLevelId: pulumi.Input<string>;
  /** How many people the room seats. */
  capacity: pulumi.Input<number>;
  /** Free text shown with the room. */
  description?: pulumi.Input<string>;
  /** Tenant-defined id, unique in the tenant; lets an existing room be found and adopted. */
  customRoomId?: pulumi.Input<string>;
  /** Facilities, in display order; the list replaces the room's list as a whole. */
  devices?: pulumi.Input<pulumi.Input<DeviceArgs>[]>;
  /** Availability: enabled, or disabled (optionally in a window) with reason, contacts and notices. */
  status?: pulumi.Input<RoomStatusArgs>;
  /** Id type of `status.contactIds` (`open_id` by default). */
  userIdType?: pulumi.Input<UserIdType>;
  /** Take over a room that already exists with the same `customRoomId` instead of failing. */
  adopt?: pulumi.Input<boolean>;
}

/** {@link RoomArgs} resolved, as the provider receives them (after `check` normalised times). */
export type RoomInputs = Omit<Resolved<RoomArgs>, "status"> & { status?: RoomStatusValue };

/** What the state records: the room as it is live, plus the service's own fields. */
export type RoomState = RoomInputs & {
  roomId: string;
  /** The number people see in the Feishu client (`LM...`). */
  displayId?: string;
  /** Level ids from the root down to the room's level. */
  path: string[];
};

const text = (value: unknown): unknown => value ?? "";
const deviceNames = (value: unknown): unknown =>
  Array.isArray(value) ? value.map((device: { name?: unknown }) => device.name) : [];

/** A device's table: the API's `device` object. */
const DEVICE_FIELDS = {
  name: {
    wire: "name",
    onChange: "update",
    type: types.text({ minLength: 1, maxLength: NAME_MAX_LENGTH }),
    required: true,
  },
} satisfies FieldTable<DeviceArgs, Device>;

/**
 * The field table: the one definition of each argument, its wire name, codec, bounds and what a
 * change costs. The wire mappers, `check`, `inputsOf` and the export all derive from it.
 */
export const ROOM_FIELDS = {
  name: {
    wire: "name",
    onChange: "update",
    type: types.text({ minLength: 1, maxLength: NAME_MAX_LENGTH }),
    required: true,
  },
  roomLevelId: {
    wire: "room_level_id",
    onChange: "update",
    type: types.text({ minLength: 1, maxLength: CUSTOM_ID_MAX_LENGTH }),
    required: true,
  },
  capacity: {
    wire: "capacity",
    onChange: "update",
    type: types.integer(CAPACITY_MIN, CAPACITY_MAX),
    required: true,
    // A room the service returns without a capacity (the reference makes it optional in answers)
    // reads as the smallest valid one, so its export validates and adopts without a change.
    missing: CAPACITY_MIN,
  },
  description: {
    wire: "description",
    onChange: "update",
    type: types.text({ maxLength: DESCRIPTION_MAX_LENGTH }),
    canonical: text,
  },
  customRoomId: {
    wire: "custom_room_id",
    onChange: "update",
    type: types.text({ minLength: 1, maxLength: CUSTOM_ID_MAX_LENGTH }),
    canonical: text,
  },
  devices: {
    wire: "device",
    onChange: "update",
    type: types.list(types.object(DEVICE_FIELDS)),
    canonical: deviceNames,
  },
  status: {
    wire: "room_status",
    onChange: "update",
    type: ROOM_STATUS_TYPE,
    canonical: canonicalRoomStatus,
  },
  userIdType: {
    wire: undefined,
    onChange: "update",
    type: types.oneOf(USER_ID_TYPES),
    canonical: (v) => v ?? "open_id",
  },
  adopt: {
    wire: undefined,
    onChange: "update",
    type: types.flag,
    canonical: (v) => v ?? false,
  },
} satisfies FieldTable<RoomArgs, RoomCreateBody>;

function checkRoom(news: Record<string, unknown>): dynamic.CheckResult {
  const checker = new InputChecker();
  // `__provider` is the engine's own serialized provider, not an argument.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { __provider, ...args } = news;
  const checked = checkFields(checker, "", ROOM_FIELDS, args);
  if (args.adopt === true && args.customRoomId === undefined) {
    checker.fail("adopt", "needs customRoomId: an existing room is found by its custom id");
  }
  return { inputs: withoutUndefined({ ...news, ...checked }), failures: checker.failures };
}

/** The API body for the declared (managed) fields; undeclared fields are left as they are. */
function toWire(inputs: RoomInputs): RoomCreateBody {
  return objectToWire(ROOM_FIELDS, inputs) as unknown as RoomCreateBody;
}

/** A live room in the resource's terms (every field the API has a row for). */
export function roomFromWire(room: WireRoom): Omit<RoomInputs, ProviderOnlyOf<typeof ROOM_FIELDS>> {
  return objectFromWire(ROOM_FIELDS, { ...room }) as unknown as RoomInputs;
}

function stateFromLive(room: WireRoom, declared: RoomInputs): RoomState {
  return withoutUndefined({
    ...roomFromWire(room),
    ...providerSettings(ROOM_FIELDS, declared),
    roomId: room.room_id,
    displayId: room.display_id,
    path: room.path ?? [],
  });
}

function query(inputs: { userIdType?: UserIdType }): { user_id_type?: UserIdType } {
  return inputs.userIdType === undefined ? {} : { user_id_type: inputs.userIdType };
}

/**
 * Finds a room by custom id. `rooms/search` takes only a user token (reference 2.3.7), so this
 * lists the declared level first (the usual place) and then the whole tenant.
 */
async function findByCustomId(inputs: RoomInputs): Promise<WireRoom | undefined> {
  const client = providerClient();
  const matches = (room: WireRoom): boolean => room.custom_room_id === inputs.customRoomId;
  const inLevel = (await client.rooms.listAll(inputs.roomLevelId, query(inputs))).find(matches);
  return inLevel ?? (await client.rooms.listAll(undefined, query(inputs))).find(matches);
}

/** The declared fields sent to the service whose live value differs from the declaration. */
function wireChanges(live: RoomState, inputs: RoomInputs): string[] {
  const { changed } = diffFields(ROOM_FIELDS, live, inputs);
  return changed.filter((field) => touchesWire(ROOM_FIELDS, [field]));
}

async function createRoom(inputs: RoomInputs): Promise<dynamic.CreateResult<RoomState>> {
  const client = providerClient();
  if (inputs.adopt === true) {
    const found = await findByCustomId(inputs);
    if (found !== undefined) {
      // Write only when the room differs from the declaration: adopting an exported tenant
      // then costs reads only (the write budget is the scarce one, reference 3).
      const live = stateFromLive(found, inputs);
      if (wireChanges(live, inputs).length === 0) {
        return { id: found.room_id, outs: live };
      }
      await client.rooms.patch(found.room_id, toWire(inputs), query(inputs));
      const adopted = await readBack(found.room_id, inputs);
      return { id: adopted.room_id, outs: stateFromLive(adopted, inputs) };
    }
  }
  try {
    const created = await client.rooms.create(toWire(inputs), query(inputs));
    return { id: created.room_id, outs: stateFromLive(created, inputs) };
  } catch (error) {
    const code = apiErrorCode(error);
    if (code === CODE_DATA_CONFLICT && inputs.customRoomId !== undefined) {
      const found = await findByCustomId(inputs);
      if (found !== undefined) {
        // A room exactly as this create would write it is this stack's own create whose answer
        // was lost or whose run was killed before the state recorded it (ADR 0008): take it in.
        const live = stateFromLive(found, inputs);
        const differing = wireChanges(live, inputs);
        if (differing.length === 0) return { id: found.room_id, outs: live };
        throw new ResourceError(
          "Room",
          `[feishu-vc] Room "${inputs.name}": a room with customRoomId "${inputs.customRoomId}" already exists: ` +
            `${found.room_id} ("${found.name}" in level ${found.room_level_id}), which differs from the declaration in ` +
            `${differing.join(", ")}, so it is not one this stack created. Set adopt: true to manage it, ` +
            `or choose another customRoomId.`,
        );
      }
    }
    if (code === CODE_LEVEL_CANNOT_HOLD) {
      throw new ResourceError(
        "Room",
        `[feishu-vc] Room "${inputs.name}": level ${inputs.roomLevelId} cannot hold rooms (the tenant is not on ` +
          `flexible room levels, or the level's room view display mode does not allow rooms there).`,
      );
    }
    throw error;
  }
}

async function readRoom(
  id: string,
  props: RoomState,
): Promise<dynamic.ReadResult<RoomState | RoomInputs>> {
  const live = await providerClient().rooms.find(id, query(props));
  if (live === undefined) return {};
  const state = stateFromLive(live, props);
  return { id, props: state, inputs: inputsOf(state, props) };
}

async function updateRoom(
  id: string,
  olds: RoomState,
  news: RoomInputs,
): Promise<dynamic.UpdateResult<RoomState>> {
  const client = providerClient();
  const { changed } = diffFields(ROOM_FIELDS, olds, news);
  if (!touchesWire(ROOM_FIELDS, changed) && !changed.includes("userIdType")) {
    return { outs: withoutUndefined({ ...olds, adopt: news.adopt }) };
  }
  // The full declared value of every managed field: `room_status` and `device` replace the stored
  // values as a whole (reference section 4, item 15), so partial sends would lose data.
  await client.rooms.patch(id, toWire(news), query(news));
  return { outs: stateFromLive(await readBack(id, news), news) };
}

/**
 * The room as stored after a write, read through the coalescing loader: a run that updates many
 * rooms reads them back with a few mget calls instead of one GET each.
 */
async function readBack(id: string, inputs: RoomInputs): Promise<WireRoom> {
  const room = await providerClient().rooms.find(id, query(inputs));
  if (room === undefined)
    throw new ResourceError(
      "Room",
      `[feishu-vc] room ${id} was deleted out of band right after it was written`,
    );
  return room;
}

async function deleteRoom(id: string): Promise<void> {
  try {
    await providerClient().rooms.delete(id);
  } catch (error) {
    if (!isGone(error)) throw error;
  }
}

/**
 * The state restricted to the fields the program declared, so that after a refresh the next
 * preview compares like with like.
 */
function inputsOf(state: RoomState, declared: RoomInputs): RoomInputs {
  return declaredFields(ROOM_FIELDS, state, declared) as unknown as RoomInputs;
}

/** The implementation the serialized shim forwards to, in the provider process. */
export const roomProvider: dynamic.ResourceProvider = {
  configure: (req) => Promise.resolve(configureProvider(req)),
  check: (_olds: unknown, news: Record<string, unknown>) => Promise.resolve(checkRoom(news)),
  diff: (_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) => {
    const { changed, replaces } = diffFields(ROOM_FIELDS, olds, news);
    return Promise.resolve({
      changes: changed.length > 0,
      replaces,
      stables: ["roomId", "displayId"],
      deleteBeforeReplace: false,
    });
  },
  create: createRoom,
  read: readRoom,
  update: updateRoom,
  delete: deleteRoom,
};

/** A meeting room. Type token `pulumi-nodejs:dynamic/feishu-vc:Room`. */
export class Room extends FeishuVcResource {
  /** The service's id (`omm_...`). */
  declare public readonly roomId: pulumi.Output<string>;
  /** The number people see in the Feishu client (`LM...`). */
  declare public readonly displayId: pulumi.Output<string | undefined>;
  declare public readonly name: pulumi.Output<string>;
  declare public readonly roomLevelId: pulumi.Output<string>;
  declare public readonly capacity: pulumi.Output<number>;
  declare public readonly description: pulumi.Output<string | undefined>;
  declare public readonly customRoomId: pulumi.Output<string | undefined>;
  declare public readonly devices: pulumi.Output<{ name: string }[] | undefined>;
  declare public readonly status: pulumi.Output<RoomStatusValue | undefined>;
  /** Level ids from the root down to the room's level. */
  declare public readonly path: pulumi.Output<string[]>;

  constructor(name: string, args: RoomArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerShim("Room"),
      name,
      { roomId: undefined, displayId: undefined, path: undefined, ...args },
      opts,
      PULUMI_MODULE,
      "Room",
    );
  }
}
