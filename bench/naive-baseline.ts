/**
 * The naive provider the benchmark compares against: one request per resource, as many in
 * flight as an engine would run (64), no limiter, no batching; any error is retried after a
 * fixed pause. Written straight on axios so that nothing of the real client helps it.
 */
import axios, { type AxiosInstance } from "axios";

const CONCURRENCY = 64;
const MAX_ATTEMPTS = 10_000;

export interface NaiveResult {
  /** Requests sent, including the failed ones. */
  requests: number;
  /** Requests answered with an error (mostly 429). */
  failures: number;
}

export class NaiveProvider {
  private readonly http: AxiosInstance;
  private token = "";
  readonly result: NaiveResult = { requests: 0, failures: 0 };

  constructor(
    baseUrl: string,
    private readonly appId: string,
    private readonly appSecret: string,
    /** The pause before a retry: one second of the real service, scaled like the emulator. */
    private readonly retryPauseMs: number,
  ) {
    this.http = axios.create({ baseURL: baseUrl, validateStatus: () => true, timeout: 30_000 });
  }

  async login(): Promise<void> {
    const data = await this.call("POST", "/open-apis/auth/v3/tenant_access_token/internal", {
      app_id: this.appId,
      app_secret: this.appSecret,
    });
    this.token = String(data.tenant_access_token);
  }

  async rootLevelId(): Promise<string> {
    const data = await this.call("GET", "/open-apis/vc/v1/room_levels/0");
    return String(
      (data.data as { room_level: { room_level_id: string } }).room_level.room_level_id,
    );
  }

  async createLevel(name: string, parentId: string): Promise<string> {
    const data = await this.call("POST", "/open-apis/vc/v1/room_levels", {
      name,
      parent_id: parentId,
    });
    return (data.data as { room_level: { room_level_id: string } }).room_level.room_level_id;
  }

  createRooms(
    rooms: readonly { name: string; levelId: string; capacity: number }[],
  ): Promise<string[]> {
    return this.each(rooms, async (room) => {
      const data = await this.call("POST", "/open-apis/vc/v1/rooms", {
        name: room.name,
        room_level_id: room.levelId,
        capacity: room.capacity,
      });
      return (data.data as { room: { room_id: string } }).room.room_id;
    });
  }

  readRooms(ids: readonly string[]): Promise<unknown[]> {
    return this.each(ids, (id) => this.call("GET", `/open-apis/vc/v1/rooms/${id}`));
  }

  patchRooms(edits: readonly { id: string; capacity: number }[]): Promise<unknown[]> {
    return this.each(edits, (edit) =>
      this.call("PATCH", `/open-apis/vc/v1/rooms/${edit.id}`, { capacity: edit.capacity }),
    );
  }

  private async each<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
    const out: R[] = new Array<R>(items.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < items.length) {
        const index = next++;
        out[index] = await work(items[index]!);
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
    return out;
  }

  /** One request, retried after a fixed pause on any error. */
  private async call(
    method: string,
    url: string,
    body?: unknown,
  ): Promise<Record<string, unknown>> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      this.result.requests += 1;
      const response = await this.http.request<Record<string, unknown>>({
        method,
        url,
        data: body,
        headers: this.token === "" ? {} : { Authorization: `Bearer ${this.token}` },
      });
      if (response.status === 200 && response.data.code === 0) return response.data;
      this.result.failures += 1;
      await new Promise((resolve) => setTimeout(resolve, this.retryPauseMs));
    }
    throw new Error(`naive ${method} ${url}: gave up after ${MAX_ATTEMPTS} attempts`);
  }
}
