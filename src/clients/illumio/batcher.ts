/**
 * Gathers the writes that arrive within a moment of each other (Terraform applies up to 10
 * resources at once, more with -parallelism) and sends them as one bulk request. The PCE's bulk
 * endpoints answer 204 with nothing per item (20.1 workloads/bulk_update, bulk_delete), so when a
 * batch is refused each write is sent on its own: every caller then gets its own answer (done,
 * already gone, refused with the PCE's error), never another caller's.
 */
export interface BulkSender<Item, Result> {
  /**
   * Sends several items in one request; resolves with each item's outcome, in order (undefined:
   * that item is sent on its own after all). Throws when the PCE refuses the batch.
   */
  bulk(items: readonly Item[], signal?: AbortSignal): Promise<readonly (BulkOutcome<Result> | undefined)[]>;
  /** Sends one item on its own. */
  single(item: Item, signal?: AbortSignal): Promise<Result>;
}

/** One item's outcome in a bulk request: its result, or its own error. */
export type BulkOutcome<Result> = { readonly ok: Result } | { readonly error: unknown };

/** Every item of a bulk request that the PCE accepted as a whole has this result. */
export function allOk<Result>(count: number, result: Result): BulkOutcome<Result>[] {
  return Array.from({ length: count }, () => ({ ok: result }));
}

interface Queued<Item, Result> {
  readonly item: Item;
  readonly signal?: AbortSignal;
  readonly resolve: (result: Result) => void;
  readonly reject: (error: unknown) => void;
}

/** How long a write waits for others to join its batch, in ms. */
export const BATCH_WINDOW_MS = 25;
/** Items per bulk request: the PCE's documented limit of 1,000 items per bulk operation. */
export const MAX_BATCH = 1000;

export interface WriteBatcherOptions {
  /** Items per bulk request. Default MAX_BATCH. */
  readonly maxBatch?: number;
}

/**
 * While a batch is being sent, later writes gather for the next one (the PCE runs one bulk
 * operation at a time anyway): under Terraform's parallelism the batches grow instead of
 * stragglers going out alone.
 */
export class WriteBatcher<Item, Result> {
  private queue: Queued<Item, Result>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sending = false;
  private readonly maxBatch: number;

  constructor(private readonly sender: BulkSender<Item, Result>, options: WriteBatcherOptions = {}) {
    this.maxBatch = Math.max(1, options.maxBatch ?? MAX_BATCH);
  }

  public send(item: Item, signal?: AbortSignal): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, signal, resolve, reject });
      if (!this.sending) this.timer ??= setTimeout(() => void this.flush(), BATCH_WINDOW_MS);
    });
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    const batch = this.queue.splice(0, this.maxBatch);
    this.sending = true;
    try {
      await this.sendBatch(batch);
    } finally {
      this.sending = false;
      // What arrived meanwhile has waited long enough: it goes out now.
      if (this.queue.length > 0) this.timer ??= setTimeout(() => void this.flush(), 0);
    }
  }

  private async sendBatch(batch: readonly Queued<Item, Result>[]): Promise<void> {
    const results = batch.length > 1 ? await this.sentTogether(batch) : undefined;
    await Promise.all(batch.map((entry, index) => {
      const outcome = results?.[index];
      if (outcome !== undefined) {
        if ('ok' in outcome) entry.resolve(outcome.ok);
        else entry.reject(outcome.error);
        return undefined;
      }
      return this.sender.single(entry.item, entry.signal).then(entry.resolve, entry.reject);
    }));
  }

  private async sentTogether(batch: readonly Queued<Item, Result>[]): Promise<readonly (BulkOutcome<Result> | undefined)[] | undefined> {
    try {
      return await this.sender.bulk(batch.map((entry) => entry.item), batch[0]!.signal);
    } catch {
      return undefined; // refused as a whole: find out which by sending each on its own
    }
  }
}
