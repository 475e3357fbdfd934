/**
 * Typed calls of the room endpoints (reference 2.3). `rooms/search` takes only a user token, so
 * the provider finds rooms by listing a level (reference section 4 item 4).
 */
import type {
  Room,
  RoomCreateBody,
  RoomListQuery,
  RoomPage,
  RoomPatchBody,
  RoomSearchBody,
  UserIdQuery,
} from "./api/types";
import { BatchLoader } from "./batch-loader";
import { LIST_PAGE_SIZE_MAX, MGET_BATCH_SIZE, READ_COALESCE_WINDOW_MS } from "./constants";
import { isAmbiguousWrite, missing } from "./outcomes";
import { chunk, collect, paginate } from "./pagination";
import type { Requester } from "./requester";

const CREATE = "POST /open-apis/vc/v1/rooms";
const GET = "GET /open-apis/vc/v1/rooms/:room_id";

export class RoomsApi {
  /** One loader per `user_id_type`, since it shapes the answer's contact ids. */
  private readonly loaders = new Map<string, BatchLoader<Room>>();

  constructor(private readonly client: Requester) {}

  /**
   * Creates a room. After an ambiguous outcome, lists the target level for a room with the same
   * custom id (or name, when there is no custom id) and returns it; creates again only if absent.
   */
  async create(body: RoomCreateBody, query: UserIdQuery = {}): Promise<Room> {
    try {
      return await this.createOnce(body, query);
    } catch (error) {
      if (!isAmbiguousWrite(error)) throw error;
      const inLevel = await this.listAll(body.room_level_id, query);
      const found = inLevel.find((room) =>
        body.custom_room_id !== undefined && body.custom_room_id !== ""
          ? room.custom_room_id === body.custom_room_id
          : room.name === body.name,
      );
      if (found !== undefined) return found;
      return this.createOnce(body, query);
    }
  }

  async get(roomId: string, query: UserIdQuery = {}): Promise<Room> {
    const data = await this.client.request(GET, { path: { room_id: roomId }, query });
    if (data.room === undefined) throw missing(GET, "get room", "room");
    return data.room;
  }

  /**
   * The room, or `undefined` when it does not exist. Lookups made within a few milliseconds of
   * each other are sent as one mget of up to 100 ids.
   */
  find(roomId: string, query: UserIdQuery = {}): Promise<Room | undefined> {
    const type = query.user_id_type ?? "";
    let loader = this.loaders.get(type);
    if (loader === undefined) {
      loader = new BatchLoader<Room>({
        loadMany: (ids) => this.mget(ids, query),
        idOf: (room) => room.room_id,
        maxBatch: MGET_BATCH_SIZE,
        windowMs: READ_COALESCE_WINDOW_MS,
      });
      this.loaders.set(type, loader);
    }
    return loader.load(roomId);
  }

  /** Batch get in chunks of 100; unknown ids are absent from the result. */
  async mget(roomIds: readonly string[], query: UserIdQuery = {}): Promise<Room[]> {
    const out: Room[] = [];
    for (const ids of chunk(roomIds, MGET_BATCH_SIZE)) {
      const data = await this.client.request("POST /open-apis/vc/v1/rooms/mget", {
        query,
        body: { room_ids: ids },
      });
      out.push(...(data.items ?? []));
    }
    return out;
  }

  /** One page of rooms: of one level, or of the whole tenant when `room_level_id` is omitted. */
  async list(query: RoomListQuery = {}): Promise<RoomPage> {
    const data = await this.client.request("GET /open-apis/vc/v1/rooms", { query });
    return {
      rooms: data.rooms ?? [],
      has_more: data.has_more === true,
      ...(data.page_token === undefined ? {} : { page_token: data.page_token }),
    };
  }

  /** Every room directly in `roomLevelId` (every room of the tenant when omitted). */
  iterate(roomLevelId?: string, query: UserIdQuery = {}): AsyncGenerator<Room, void, undefined> {
    return paginate("GET /open-apis/vc/v1/rooms", async (pageToken) => {
      const page = await this.list({
        ...query,
        page_size: LIST_PAGE_SIZE_MAX,
        ...(roomLevelId === undefined ? {} : { room_level_id: roomLevelId }),
        ...(pageToken === undefined ? {} : { page_token: pageToken }),
      });
      return {
        items: page.rooms,
        hasMore: page.has_more,
        ...(page.page_token === undefined ? {} : { pageToken: page.page_token }),
      };
    });
  }

  listAll(roomLevelId?: string, query: UserIdQuery = {}): Promise<Room[]> {
    return collect(this.iterate(roomLevelId, query));
  }

  /** Updates the given fields; `room_status` and `device` replace the stored values whole. */
  async patch(roomId: string, body: RoomPatchBody, query: UserIdQuery = {}): Promise<void> {
    await this.client.request("PATCH /open-apis/vc/v1/rooms/:room_id", {
      path: { room_id: roomId },
      query,
      body,
    });
  }

  async delete(roomId: string): Promise<void> {
    await this.client.request("DELETE /open-apis/vc/v1/rooms/:room_id", {
      path: { room_id: roomId },
    });
  }

  /** Rooms the user may book, by custom id or keyword. Needs a user access token. */
  async search(
    body: RoomSearchBody,
    userAccessToken: string,
    query: UserIdQuery = {},
  ): Promise<RoomPage> {
    const data = await this.client.request("POST /open-apis/vc/v1/rooms/search", {
      query,
      body,
      userAccessToken,
    });
    return {
      rooms: data.rooms ?? [],
      has_more: data.has_more === true,
      ...(data.page_token === undefined ? {} : { page_token: data.page_token }),
    };
  }

  private async createOnce(body: RoomCreateBody, query: UserIdQuery): Promise<Room> {
    const data = await this.client.request(CREATE, { query, body });
    if (data.room === undefined) throw missing(CREATE, "create room", "room");
    return data.room;
  }
}
