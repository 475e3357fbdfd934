/**
 * Coalesces single-object reads into batch gets (issue 7): lookups requested within a short window
 * are sent as one `mget` of up to the batch size, so refreshing N rooms costs about N / 100 calls.
 * A lookup resolves to `undefined` when the batch answer leaves its id out (the object is gone;
 * reference section 4 item 8).
 */
export interface BatchLoaderOptions<T> {
  /** Loads a batch; the answer may omit ids and need not be in order. */
  loadMany: (ids: string[]) => Promise<T[]>;
  idOf: (item: T) => string;
  maxBatch: number;
  /** How long the first lookup waits for company. */
  windowMs: number;
}

interface Waiter<T> {
  resolve: (item: T | undefined) => void;
  reject: (error: unknown) => void;
}

export class BatchLoader<T> {
  private pending = new Map<string, Waiter<T>[]>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: BatchLoaderOptions<T>) {}

  load(id: string): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
      const waiters = this.pending.get(id) ?? [];
      waiters.push({ resolve, reject });
      this.pending.set(id, waiters);
      if (this.pending.size >= this.options.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.windowMs);
    });
  }

  private flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = new Map();
    if (batch.size === 0) return;
    this.options.loadMany([...batch.keys()]).then(
      (items) => {
        const byId = new Map(items.map((item) => [this.options.idOf(item), item]));
        for (const [id, waiters] of batch)
          for (const waiter of waiters) waiter.resolve(byId.get(id));
      },
      (error: unknown) => {
        for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error);
      },
    );
  }
}
