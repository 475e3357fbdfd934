/**
 * The room-level family (reference 2.2): wire types, endpoint rows, and the typed calls the
 * provider builds on them: `find` (absent instead of an error), walking lists to the end, batch
 * gets in documented chunks, and the resolution of an ambiguous create (ADR 0002).
 */
import { BatchLoader, bulkReadsOf } from "../batch-loader";
import {
  CREATE_MAX_SENDS,
  LIST_PAGE_SIZE_MAX,
  MGET_BATCH_SIZE,
  READ_COALESCE_WINDOW_MS,
  READ_BULK_WINDOW_MS,
} from "../constants";
import { ConfigError, isNotFoundError } from "../errors";
import { isAmbiguousWrite, missing } from "../outcomes";
import { chunk, collect, paginate } from "../pagination";
import type { Requester } from "../requester";
import { RATE_TIERS, wire, type ApiFamily, type EndpointTable } from "./endpoint-row";

/** A node of the flexible room-level tree (reference 2.1 `room_level`). */
export interface RoomLevel {
  room_level_id: string;
  name: string;
  parent_id: string;
  /** Ancestor level ids, root first; do not parse beyond that (reference section 4, item 9). */
  path?: string[];
  /** Whether the level has child levels; rooms do not count. */
  has_child?: boolean;
  custom_group_id?: string;
}

/** Body of `POST /room_levels` (reference 2.2.1). */
export interface RoomLevelCreateBody {
  name: string;
  parent_id: string;
  custom_group_id?: string;
}

/** Body of `PATCH /room_levels/:room_level_id`: name and parent are required (reference 2.2.5). */
export type RoomLevelPatchBody = RoomLevelCreateBody;

/** Body of `POST /room_levels/del` (reference 2.2.6). */
export interface RoomLevelDeleteBody {
  room_level_id: string;
  delete_child?: boolean;
}

/** Query of `GET /room_levels` (reference 2.2.4). */
export interface RoomLevelListQuery {
  /** Parent whose child levels are listed; omitted = children of the root. */
  room_level_id?: string;
  /** 1–100. */
  page_size?: number;
  page_token?: string;
}

/** One page of child levels. */
export interface RoomLevelPage {
  items: RoomLevel[];
  has_more: boolean;
  page_token?: string;
}

const WRITE = { kind: "write", limits: RATE_TIERS.perMinute20, tokens: ["tenant"] } as const;
const READ = {
  kind: "read",
  limits: RATE_TIERS.perMinute1000PerSecond50,
  tokens: ["tenant"],
  idempotent: true,
} as const;

/** Room-level endpoints (reference 2.2; limits 1.9; tenant token only, section 4 item 4). */
export const ROOM_LEVEL_ENDPOINTS = {
  "POST /open-apis/vc/v1/room_levels": {
    io: wire<{ body: RoomLevelCreateBody; data: { room_level?: RoomLevel } }>(),
    ...WRITE,
    idempotent: false,
    action: "create room level",
  },
  "GET /open-apis/vc/v1/room_levels/:room_level_id": {
    io: wire<{ path: { room_level_id: string }; data: { room_level?: RoomLevel } }>(),
    ...READ,
    action: "get room level",
  },
  "POST /open-apis/vc/v1/room_levels/mget": {
    io: wire<{ body: { level_ids: string[] }; data: { items?: RoomLevel[] } }>(),
    ...READ,
    action: "batch-get room levels",
  },
  "GET /open-apis/vc/v1/room_levels": {
    io: wire<{
      query: RoomLevelListQuery;
      data: { items?: RoomLevel[]; has_more?: boolean; page_token?: string };
    }>(),
    ...READ,
    action: "list room levels",
  },
  "PATCH /open-apis/vc/v1/room_levels/:room_level_id": {
    io: wire<{
      path: { room_level_id: string };
      body: RoomLevelPatchBody;
      data: Record<string, never>;
    }>(),
    ...WRITE,
    idempotent: true,
    action: "update room level",
  },
  "POST /open-apis/vc/v1/room_levels/del": {
    io: wire<{ body: RoomLevelDeleteBody; data: Record<string, never> }>(),
    ...WRITE,
    idempotent: true,
    action: "delete room level",
  },
  "GET /open-apis/vc/v1/room_levels/search": {
    /** Comma-separated `custom_group_id` values (reference 2.2.7). */
    io: wire<{ query: { custom_level_ids: string }; data: { level_ids?: string[] } }>(),
    ...READ,
    action: "search room levels by custom id",
  },
} as const satisfies EndpointTable;

const CREATE = "POST /open-apis/vc/v1/room_levels";
const GET = "GET /open-apis/vc/v1/room_levels/:room_level_id";

/** The id `GET /room_levels/:id` accepts for the tenant root (reference 2.2.2). */
export const ROOT_LEVEL_ALIAS = "0";

export class RoomLevelsApi {
  private readonly loader: BatchLoader<RoomLevel>;

  constructor(private readonly client: Requester) {
    this.loader = new BatchLoader<RoomLevel>({
      loadMany: (ids) => this.mget(ids),
      idOf: (level) => level.room_level_id,
      maxBatch: MGET_BATCH_SIZE,
      windowMs: READ_COALESCE_WINDOW_MS,
      bulk: { windowMs: READ_BULK_WINDOW_MS, reads: bulkReadsOf(client) },
    });
  }

  /**
   * Creates a level. If the answer is lost or the service fails mid-way, looks the level up by
   * its custom id (or its name under the parent) and returns it when found; only when it is
   * certainly absent is the create sent again, up to {@link CREATE_MAX_SENDS} sends, each
   * ambiguous one followed by a lookup.
   */
  async create(body: RoomLevelCreateBody): Promise<RoomLevel> {
    for (let sends = 1; ; sends += 1) {
      try {
        return await this.createOnce(body);
      } catch (error) {
        if (!isAmbiguousWrite(error)) throw error;
        const found = await this.findCreated(body);
        if (found !== undefined) return found;
        if (sends >= CREATE_MAX_SENDS) throw error;
      }
    }
  }

  async get(roomLevelId: string): Promise<RoomLevel> {
    const data = await this.client.request(GET, { path: { room_level_id: roomLevelId } });
    if (data.room_level === undefined) throw missing(GET, "get room level", "room_level");
    return data.room_level;
  }

  /**
   * The level, or `undefined` when it does not exist. Concurrent lookups are coalesced into one
   * mget (the root alias `0` is only accepted by GET, so it is fetched on its own).
   */
  async find(roomLevelId: string): Promise<RoomLevel | undefined> {
    if (roomLevelId !== ROOT_LEVEL_ALIAS) return this.loader.load(roomLevelId);
    try {
      return await this.get(roomLevelId);
    } catch (error) {
      if (isNotFoundError(error)) return undefined;
      throw error;
    }
  }

  /** The tenant's root level (`GET /room_levels/0`). */
  root(): Promise<RoomLevel> {
    return this.get(ROOT_LEVEL_ALIAS);
  }

  /** Batch get in chunks of 100; unknown ids are simply absent from the result (reference section 4 item 8). */
  async mget(roomLevelIds: readonly string[]): Promise<RoomLevel[]> {
    const out: RoomLevel[] = [];
    for (const ids of chunk(roomLevelIds, MGET_BATCH_SIZE)) {
      const data = await this.client.request("POST /open-apis/vc/v1/room_levels/mget", {
        body: { level_ids: ids },
      });
      out.push(...(data.items ?? []));
    }
    return out;
  }

  /** One page of the child levels of `room_level_id` (root when omitted). */
  async list(query: RoomLevelListQuery = {}): Promise<RoomLevelPage> {
    const data = await this.client.request("GET /open-apis/vc/v1/room_levels", { query });
    return {
      items: data.items ?? [],
      has_more: data.has_more === true,
      ...(data.page_token === undefined ? {} : { page_token: data.page_token }),
    };
  }

  /** Every direct child level of `parentId` (root when omitted), page by page. */
  iterate(parentId?: string): AsyncGenerator<RoomLevel, void, undefined> {
    return paginate("GET /open-apis/vc/v1/room_levels", async (pageToken) => {
      const page = await this.list({
        page_size: LIST_PAGE_SIZE_MAX,
        ...(parentId === undefined ? {} : { room_level_id: parentId }),
        ...(pageToken === undefined ? {} : { page_token: pageToken }),
      });
      return {
        items: page.items,
        hasMore: page.has_more,
        ...(page.page_token === undefined ? {} : { pageToken: page.page_token }),
      };
    });
  }

  listAll(parentId?: string): Promise<RoomLevel[]> {
    return collect(this.iterate(parentId));
  }

  /** Renames or moves a level; `name` and `parent_id` are required by the API (reference 2.2.5). */
  async patch(roomLevelId: string, body: RoomLevelPatchBody): Promise<void> {
    await this.client.request("PATCH /open-apis/vc/v1/room_levels/:room_level_id", {
      path: { room_level_id: roomLevelId },
      body,
    });
  }

  /** Deletes a level; with `deleteChild` its whole subtree goes too. */
  async del(roomLevelId: string, options: { deleteChild?: boolean } = {}): Promise<void> {
    await this.client.request("POST /open-apis/vc/v1/room_levels/del", {
      body: {
        room_level_id: roomLevelId,
        ...(options.deleteChild === undefined ? {} : { delete_child: options.deleteChild }),
      },
    });
  }

  /**
   * Level ids matching the given custom ids, in chunks of 100. The API takes them comma-separated
   * (reference 2.2.7), so a custom id containing a comma cannot be searched.
   */
  async searchByCustomIds(customGroupIds: readonly string[]): Promise<string[]> {
    const bad = customGroupIds.find((id) => id.includes(",") || id === "");
    if (bad !== undefined)
      throw new ConfigError(
        `custom group id "${bad}" cannot be searched: it is empty or contains a comma`,
      );
    const out: string[] = [];
    for (const ids of chunk(customGroupIds, MGET_BATCH_SIZE)) {
      const data = await this.client.request("GET /open-apis/vc/v1/room_levels/search", {
        query: { custom_level_ids: ids.join(",") },
      });
      out.push(...(data.level_ids ?? []));
    }
    return out;
  }

  private async createOnce(body: RoomLevelCreateBody): Promise<RoomLevel> {
    const data = await this.client.request(CREATE, { body });
    if (data.room_level === undefined) throw missing(CREATE, "create room level", "room_level");
    return data.room_level;
  }

  private async findCreated(body: RoomLevelCreateBody): Promise<RoomLevel | undefined> {
    if (body.custom_group_id !== undefined && body.custom_group_id !== "") {
      const [id] = await this.searchByCustomIds([body.custom_group_id]);
      return id === undefined ? undefined : this.find(id);
    }
    const siblings = await this.listAll(body.parent_id);
    return siblings.find((level) => level.name === body.name);
  }
}

/** The room levels family, as `endpoints.ts` registers it. */
export const ROOM_LEVELS_FAMILY = {
  endpoints: ROOM_LEVEL_ENDPOINTS,
  createApi: (requester) => new RoomLevelsApi(requester),
} as const satisfies ApiFamily<typeof ROOM_LEVEL_ENDPOINTS, RoomLevelsApi>;
