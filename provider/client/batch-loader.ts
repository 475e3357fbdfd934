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
  /** A batch is sent once no new lookup has arrived for this long... */
  windowMs: number;
  /** ...or once its first lookup has waited this long (default: 20 gaps, widening with them). */
  maxWaitMs?: number;
  /**
   * The quiet gap widens (doubling, up to this; default 8 windows) when a batch closed by a timer
   * (the gap or the longest wait) turns out to have been cut short: the next lookup arrived within
   * a few gaps of it. A loaded machine
   * pauses the engine between bursts of reads for longer than an idle one, and a refresh of
   * 10,000 rooms then sent a dozen partial mgets; after an idle spell the gap starts over.
   */
  maxWindowMs?: number;
  /**
   * Bulk reads (see `bulkGapMs`): the longer quiet gap, and the tracker shared by the loaders
   * of one client, so that a refresh reading levels and rooms is seen as one bulk read.
   */
  bulk?: { windowMs: number; reads: BulkReads };
}

/** When the loaders of one client last sent a full batch. */
export class BulkReads {
  lastFullAt: number | undefined;

  /** Whether a full batch went out within `4 * windowMs` of `now`. */
  recent(now: number, windowMs: number): boolean {
    return this.lastFullAt !== undefined && now - this.lastFullAt < 4 * windowMs;
  }
}

const bulkReadsByClient = new WeakMap<object, BulkReads>();

/** The bulk-read tracker shared by the loaders of `client`. */
export function bulkReadsOf(client: object): BulkReads {
  let reads = bulkReadsByClient.get(client);
  if (reads === undefined) {
    reads = new BulkReads();
    bulkReadsByClient.set(client, reads);
  }
  return reads;
}

interface Waiter<T> {
  resolve: (item: T | undefined) => void;
  reject: (error: unknown) => void;
}

export class BatchLoader<T> {
  private pending = new Map<string, Waiter<T>[]>();
  private timer: NodeJS.Timeout | undefined;
  private firstAt = 0;
  /** The current quiet gap (see `maxWindowMs`). */
  private gapMs: number;
  /** When the last batch closed, and whether a timer closed it (not its size). */
  private lastFlush: { at: number; onTimer: boolean } | undefined;

  constructor(private readonly options: BatchLoaderOptions<T>) {
    this.gapMs = options.windowMs;
  }

  load(id: string): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.adaptGap(Date.now());
      const waiters = this.pending.get(id) ?? [];
      waiters.push({ resolve, reject });
      this.pending.set(id, waiters);
      if (this.pending.size >= this.options.maxBatch) {
        this.flush();
        return;
      }
      // The engine sends a refresh's reads in bursts as its workers free up, not all at once:
      // waiting for a quiet gap (bounded) gathers them into full batches.
      const now = Date.now();
      if (this.timer === undefined) this.firstAt = now;
      else clearTimeout(this.timer);
      const gapMs = this.bulkGapMs(now);
      const maxWaitMs = this.options.maxWaitMs ?? gapMs * 20;
      const delay = Math.min(gapMs, this.firstAt + maxWaitMs - now);
      this.timer = setTimeout(() => this.flush(true), Math.max(0, delay));
    });
  }

  /**
   * In a bulk read (a quarter of a batch is waiting, or a full batch went out within the last few
   * seconds: a refresh) a short batch costs a call, and waiting costs little next to the run: the
   * quiet gap is then at least `bulk.windowMs`. A lone lookup keeps the short gap.
   */
  private bulkGapMs(now: number): number {
    const bulk = this.options.bulk;
    if (bulk === undefined) return this.gapMs;
    const inBulk =
      this.pending.size * 4 >= this.options.maxBatch || bulk.reads.recent(now, bulk.windowMs);
    return inBulk ? Math.max(this.gapMs, bulk.windowMs) : this.gapMs;
  }

  /** A new batch opens: widen the gap if the last one closed on a gap too early, or reset it. */
  private adaptGap(now: number): void {
    if (this.lastFlush === undefined) return;
    const maxWindowMs = this.options.maxWindowMs ?? this.options.windowMs * 8;
    const since = now - this.lastFlush.at;
    if (since > 4 * maxWindowMs) this.gapMs = this.options.windowMs;
    else if (this.lastFlush.onTimer && since < 4 * this.gapMs)
      this.gapMs = Math.min(2 * this.gapMs, maxWindowMs);
  }

  private flush(onTimer = false): void {
    if (this.pending.size >= this.options.maxBatch && this.options.bulk !== undefined)
      this.options.bulk.reads.lastFullAt = Date.now();
    this.lastFlush = { at: Date.now(), onTimer };
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
