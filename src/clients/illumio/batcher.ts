/**
 * Gathers the writes that arrive within a moment of each other (Terraform applies up to 10
 * resources at once) and sends them as one bulk request. The PCE's bulk endpoints answer 204
 * with nothing per item (20.1 workloads/bulk_update, bulk_delete), so when a batch is refused
 * each write is sent on its own: every caller then gets its own answer (done, already gone,
 * refused with the PCE's error), never another caller's.
 */
export interface BulkSender<Item, Result> {
  /** What a successful bulk request means for each item. */
  readonly bulkResult: Result;
  /** Sends several items in one request; throws when the PCE refuses the batch. */
  bulk(items: readonly Item[], signal?: AbortSignal): Promise<void>;
  /** Sends one item on its own. */
  single(item: Item, signal?: AbortSignal): Promise<Result>;
}

interface Queued<Item, Result> {
  readonly item: Item;
  readonly signal?: AbortSignal;
  readonly resolve: (result: Result) => void;
  readonly reject: (error: unknown) => void;
}

/** How long a write waits for others to join its batch, in ms. */
export const BATCH_WINDOW_MS = 25;
/** Items per bulk request: the document gives no limit; kept well below the PCE's collection limits. */
export const MAX_BATCH = 500;

export class WriteBatcher<Item, Result> {
  private queue: Queued<Item, Result>[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly sender: BulkSender<Item, Result>) {}

  public send(item: Item, signal?: AbortSignal): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, signal, resolve, reject });
      this.timer ??= setTimeout(() => void this.flush(), BATCH_WINDOW_MS);
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queue.splice(0, MAX_BATCH);
    this.timer = this.queue.length > 0 ? setTimeout(() => void this.flush(), 0) : undefined;
    if (batch.length > 1 && await this.sentTogether(batch)) {
      batch.forEach((entry) => entry.resolve(this.sender.bulkResult));
      return;
    }
    await Promise.all(batch.map((entry) => this.sender.single(entry.item, entry.signal).then(entry.resolve, entry.reject)));
  }

  private async sentTogether(batch: readonly Queued<Item, Result>[]): Promise<boolean> {
    try {
      await this.sender.bulk(batch.map((entry) => entry.item), batch[0]!.signal);
      return true;
    } catch {
      return false; // refused as a whole: find out which by sending each on its own
    }
  }
}
