/**
 * In-memory state shared by the simulators: named collections, one raft-like index that grows
 * with every write (and never goes back, even across reset, so clients holding an old index for
 * a blocking query are not stranded), and change notification for blocking queries.
 */
export class Store {
  private currentIndex = 0;
  private readonly collections = new Map<string, Collection<unknown>>();
  private readonly listeners = new Set<() => void>();

  /** The index of the latest write. */
  public get index(): number {
    return this.currentIndex;
  }

  /** The named collection, created empty on first use. */
  public collection<T>(name: string): Collection<T> {
    let found = this.collections.get(name);
    if (found === undefined) {
      found = new Collection<unknown>(this, name);
      this.collections.set(name, found);
    }
    return found as Collection<T>;
  }

  /**
   * Runs one write: allocates the next index, hands it to `apply`, then wakes blocking queries.
   * Mutations of collections inside `apply` are stamped with this index.
   */
  public write<R>(apply: (index: number) => R): R {
    this.currentIndex++;
    try {
      return apply(this.currentIndex);
    } finally {
      this.notify();
    }
  }

  /**
   * Resolves true as soon as `condition` holds (checked now and after every write), or false
   * after `timeoutMs` or when `signal` aborts.
   */
  public waitFor(condition: () => boolean, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (condition()) {
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const finish = (result: boolean): void => {
        clearTimeout(timer);
        this.listeners.delete(onChange);
        signal?.removeEventListener('abort', onAbort);
        resolve(result);
      };
      const onChange = (): void => {
        if (condition()) {
          finish(true);
        }
      };
      const onAbort = (): void => finish(false);
      const timer = setTimeout(() => finish(false), Math.max(0, timeoutMs));
      this.listeners.add(onChange);
      if (signal?.aborted) {
        finish(false);
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Empties every collection (a write, so the index moves on and waiters wake). */
  public reset(): void {
    this.write(() => {
      for (const collection of this.collections.values()) {
        collection.clear();
      }
    });
  }

  /** Plain-data copy of every collection, for the admin state dump. */
  public snapshot(): Record<string, unknown> {
    const collections: Record<string, unknown> = {};
    for (const [name, collection] of this.collections) {
      collections[name] = { index: collection.index, items: collection.list() };
    }
    return { index: this.currentIndex, collections };
  }

  public notify(): void {
    for (const listener of [...this.listeners]) {
      listener();
    }
  }
}

/** Items keyed by ID, listed in key order (as memdb iterates its ID index). */
export class Collection<T> {
  private readonly items = new Map<string, T>();
  private lastIndex = 0;
  /** The IDs in order, kept in step with the items: uniqueness checks list on every write. */
  private readonly sortedIds: string[] = [];

  constructor(private readonly store: Store, public readonly name: string) {}

  /** Index of the last write that touched this collection (a per-table index, as raft-backed stores keep). */
  public get index(): number {
    return this.lastIndex;
  }

  public get size(): number {
    return this.items.size;
  }

  public get(id: string): T | undefined {
    return this.items.get(id);
  }

  public has(id: string): boolean {
    return this.items.has(id);
  }

  public list(): T[] {
    return this.sortedIds.map((id) => this.items.get(id)!);
  }

  /** The first item, in no particular order, that satisfies `predicate`: a check that lists nothing. */
  public find(predicate: (item: T) => boolean): T | undefined {
    for (const item of this.items.values()) {
      if (predicate(item)) return item;
    }
    return undefined;
  }

  /** Adds a new item; throws if the ID is taken. */
  public create(id: string, item: T): T {
    if (this.items.has(id)) {
      throw new Error(`${this.name}: ${id} already exists`);
    }
    return this.set(id, item);
  }

  /** Replaces an existing item; throws if it is missing. */
  public update(id: string, item: T): T {
    if (!this.items.has(id)) {
      throw new Error(`${this.name}: ${id} does not exist`);
    }
    return this.set(id, item);
  }

  /** Creates or replaces. */
  public put(id: string, item: T): T {
    return this.set(id, item);
  }

  /** Removes an item; false when there was none. */
  public delete(id: string): boolean {
    const existed = this.items.delete(id);
    if (existed) {
      this.sortedIds.splice(this.position(id), 1);
      this.touch();
    }
    return existed;
  }

  public clear(): void {
    this.items.clear();
    this.sortedIds.length = 0;
    this.touch();
  }

  /** Where `id` is or would be in sortedIds (binary search, in the order Array#sort gives strings). */
  private position(id: string): number {
    let low = 0;
    let high = this.sortedIds.length;
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      if (this.sortedIds[middle] < id) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Marks the collection as written at the store's current index without changing items. */
  public touch(): void {
    this.lastIndex = this.store.index;
  }

  private set(id: string, item: T): T {
    if (!this.items.has(id)) this.sortedIds.splice(this.position(id), 0, id);
    this.items.set(id, item);
    this.touch();
    return item;
  }
}
