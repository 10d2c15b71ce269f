export interface SharedCollectionReaderOptions<T = unknown> {
  /** The key an item is read by. Default: its `href` (Illumio). */
  readonly keyOf?: (item: T) => string;
  /** How long gets are gathered before they are served, in ms. Default 10. */
  readonly windowMs?: number;
  /**
   * Gathered gets at or above this count are served by one collection read; fewer read their keys
   * one by one, until that many have been read so since the last collection read or write (a
   * refresh at `-parallelism=1` sends its reads one at a time). Default 3.
   */
  readonly minBatch?: number;
  /** How long a collection read serves later gets, in ms. Default 30000; writes through the client invalidate it. */
  readonly ttlMs?: number;
  readonly now?: () => number;
}

interface Waiter<T> {
  readonly resolve: (value: T | undefined) => void;
  readonly reject: (error: unknown) => void;
}

interface Snapshot<T> {
  readonly takenAt: number;
  readonly byKey: ReadonlyMap<string, T>;
}

/**
 * Serves many `get(key)` calls of one object type with a handful of requests, for a Terraform
 * refresh that reads every object of a plan: concurrent gets within a short window are gathered,
 * and a large enough batch is answered by one read of the whole collection, kept for later gets
 * until its TTL ends or a write invalidates it. Keys the collection lacks (soft-deleted labels,
 * objects created since) are read one by one, so an answer is never wrong, only sometimes slower.
 */
export class SharedCollectionReader<T extends object> {
  private readonly windowMs: number;
  private readonly minBatch: number;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly keyOf: (item: T) => string;
  private pending = new Map<string, Waiter<T>[]>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private snapshot: Snapshot<T> | undefined;
  private loading: Promise<ReadonlyMap<string, T>> | undefined;
  private generation = 0;
  /** The generation the collection read in flight started in. */
  private loadingGeneration = -1;
  /** Keys read one by one since the last collection read. */
  private singleReads = 0;

  constructor(
    private readonly readOne: (key: string) => Promise<T | undefined>,
    private readonly readAll: () => Promise<T[]>,
    options: SharedCollectionReaderOptions<T> = {},
  ) {
    this.keyOf = options.keyOf ?? ((item) => (item as { readonly href: string }).href);
    this.windowMs = options.windowMs ?? 10;
    this.minBatch = options.minBatch ?? 3;
    this.ttlMs = options.ttlMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  /** The object with this key, or undefined when the remote system does not know it. */
  public get(key: string): Promise<T | undefined> {
    const cached = this.freshSnapshot()?.byKey.get(key);
    if (cached !== undefined) {
      return Promise.resolve(cached);
    }
    return new Promise((resolve, reject) => {
      const waiters = this.pending.get(key) ?? [];
      waiters.push({ resolve, reject });
      this.pending.set(key, waiters);
      this.timer ??= setTimeout(() => void this.flush(), this.windowMs);
    });
  }

  /**
   * Runs a write of this type: the collection read is forgotten before it and once it is done
   * (a read taken meanwhile may predate it).
   */
  public async writing<R>(write: () => Promise<R>): Promise<R> {
    this.invalidate();
    try {
      return await write();
    } finally {
      this.invalidate();
    }
  }

  /** Forgets the collection read; call after any write of this type. */
  public invalidate(): void {
    this.snapshot = undefined;
    this.singleReads = 0;
    this.generation++;
  }

  private freshSnapshot(): Snapshot<T> | undefined {
    if (this.snapshot !== undefined && this.now() - this.snapshot.takenAt > this.ttlMs) {
      this.snapshot = undefined;
    }
    return this.snapshot;
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    this.timer = undefined;
    try {
      const shared = this.loading !== undefined || batch.size >= this.minBatch || this.singleReads + batch.size >= this.minBatch;
      const collection = shared ? await this.loadCollection() : this.freshSnapshot()?.byKey;
      if (!shared) this.singleReads += batch.size;
      await Promise.all([...batch].map(([key, waiters]) => this.serve(key, waiters, collection)));
    } catch (error) {
      batch.forEach((waiters) => waiters.forEach((waiter) => waiter.reject(error)));
    }
  }

  private async serve(key: string, waiters: readonly Waiter<T>[], collection: ReadonlyMap<string, T> | undefined): Promise<void> {
    try {
      const value = collection?.get(key) ?? await this.readOne(key);
      waiters.forEach((waiter) => waiter.resolve(value));
    } catch (error) {
      waiters.forEach((waiter) => waiter.reject(error));
    }
  }

  /**
   * One collection read at a time: batches flushed meanwhile share it, unless a write began since
   * it started (a read after a write must see it, e.g. an update read back).
   */
  private loadCollection(): Promise<ReadonlyMap<string, T>> {
    if (this.loading === undefined || this.loadingGeneration !== this.generation) {
      const loading = this.readCollection().finally(() => {
        if (this.loading === loading) this.loading = undefined;
      });
      this.loading = loading;
      this.loadingGeneration = this.generation;
    }
    return this.loading;
  }

  private async readCollection(): Promise<ReadonlyMap<string, T>> {
    const generation = this.generation;
    const takenAt = this.now();
    this.singleReads = 0;
    const byKey = new Map((await this.readAll()).map((item) => [this.keyOf(item), item] as const));
    // A write during the read may not be in it: serve this batch, but do not keep it.
    if (generation === this.generation) {
      this.snapshot = { takenAt, byKey };
    }
    return byKey;
  }
}
