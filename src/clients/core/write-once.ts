import { ApiError, TransportError } from './errors';
import { abortableSleep, backoffDelay, resolveRetryOptions, RetryOptions } from './retry';
import { Logger, logger as createLogger } from '../../util/log';

/**
 * A failure after which the server may or may not have applied a write: the answer was lost
 * (reset, timeout, closed socket) or the server failed mid-way (a 5xx other than 501). A 429 or any
 * other 4xx is a definite "not applied".
 */
export function isAmbiguousWriteFailure(error: unknown): boolean {
  if (error instanceof TransportError) {
    return true;
  }
  return error instanceof ApiError && error.status >= 500 && error.status !== 501;
}

/** Narrows candidates to those no other write of this process has taken as its own. */
export type Unclaimed = <O>(candidates: readonly O[], idOf: (candidate: O) => string) => O[];

/** One create (or other non-repeatable write) and how to find out whether it landed. */
export interface OnceWrite<T> {
  /** What is written, for logs, e.g. `binding rule for okta`. */
  readonly what: string;
  /** Sends the write once. The HTTP core retries only what cannot have landed (429, refused connections). */
  readonly send: () => Promise<T>;
  /**
   * After an ambiguous failure: the object this write made if it landed, else undefined. By a
   * unique key where the API has one; by content and creation order where it has none, keeping
   * only `unclaimed` candidates so two identical writes never adopt the same object.
   */
  readonly findLanded: (unclaimed: Unclaimed) => Promise<T | undefined>;
  /** The object's identity (ID, href), claimed when a write returns or adopts it. */
  readonly idOf: (value: T) => string;
  /**
   * Other failures after which this write may have landed, looked up like a lost answer: e.g. a
   * 409 for a unique name on a re-send, which an earlier send landing after its lookup explains.
   */
  readonly mayHaveLanded?: (error: unknown) => boolean;
}

/**
 * A repeatable write (a delete, an update) and how to tell it took effect. The HTTP core already
 * repeats these when an answer is lost; when it has given up, a read decides whether the write
 * took effect before failing, since a lost answer usually means it did.
 */
export interface ConfirmedWrite<T> {
  readonly what: string;
  readonly send: () => Promise<T>;
  /** The write's result if it is in effect (e.g. the object is gone), else undefined. */
  readonly inEffect: () => Promise<T | undefined>;
}

export interface WriteLedgerOptions {
  /** Sends of one write in total, the first included. Default 4. */
  readonly attempts?: number;
  /** Backoff between sends after a lookup found nothing; the core's retry options. */
  readonly retry?: RetryOptions;
  readonly logger?: Logger;
}

/** How the ledger's writes went, for logs and benchmarks. */
export interface WriteLedgerStats {
  /** Writes whose outcome was unknown and were looked up. */
  lookups: number;
  /** Lookups that found the write had landed (or, for a repeatable write, was in effect). */
  adopted: number;
  /** Lookups that found nothing, after which the write was sent again. */
  resent: number;
}

/**
 * Exactly-once writes for one vendor client: when a write's answer is lost, finds out whether it
 * landed before writing again or failing, and adopts what it finds.
 *
 * Lookups by content must not mistake another write of this process for their own. So sends
 * share a lock that a lookup takes alone: a lookup starts once the sends in flight have settled
 * (each returned object claimed, or its own lookup queued) and no send starts until it is done.
 * The claimed identities are the objects this process has written or adopted; candidates among
 * them are left out. Faults are rare, so the exclusive moments are too.
 */
export class WriteLedger {
  public readonly stats: WriteLedgerStats = { lookups: 0, adopted: 0, resent: 0 };
  private readonly claimed = new Set<string>();
  private readonly attempts: number;
  private readonly retry: RetryOptions | undefined;
  private readonly log: Logger;
  private sending = 0;
  private lookup: Promise<void> | undefined;
  private readonly idle: Array<() => void> = [];

  constructor(options: WriteLedgerOptions = {}) {
    this.attempts = Math.max(1, options.attempts ?? 4);
    this.retry = options.retry;
    this.log = options.logger ?? createLogger('write-once');
  }

  /** Sends the write, and after an ambiguous failure adopts what landed or sends it again. */
  public async write<T>(write: OnceWrite<T>): Promise<T> {
    const send = async (): Promise<T> => this.claim(await this.whileSending(write.send), write);
    const lookUp = (): Promise<T | undefined> => this.exclusively(async () => {
      const found = await write.findLanded(this.unclaimed);
      return found === undefined ? undefined : this.claim(found, write);
    });
    return this.settle(write.what, send, lookUp, write.mayHaveLanded);
  }

  /**
   * Sends a repeatable write; after an ambiguous failure, reads whether it is in effect and
   * returns that, or sends it again. No lock: a repeatable write adopts nothing.
   */
  public async confirmed<T>(write: ConfirmedWrite<T>): Promise<T> {
    return this.settle(write.what, write.send, write.inEffect);
  }

  /** Sends; after an ambiguous failure, looks up the outcome; sends again while it is not there. */
  private async settle<T>(
    what: string, send: () => Promise<T>, lookUp: () => Promise<T | undefined>, mayHaveLanded?: (error: unknown) => boolean,
  ): Promise<T> {
    const backoff = resolveRetryOptions(this.retry);
    const sleep = this.retry?.sleep ?? abortableSleep;
    for (let attempt = 1; ; attempt++) {
      let failure: unknown;
      try {
        return await send();
      } catch (error) {
        if (!isAmbiguousWriteFailure(error) && mayHaveLanded?.(error) !== true) throw error;
        failure = error;
      }
      this.stats.lookups++;
      const found = await lookUp();
      if (found !== undefined) {
        this.stats.adopted++;
        this.log.debug('write outcome was unknown; it had landed', { what });
        return found;
      }
      if (attempt >= this.attempts) throw failure;
      this.stats.resent++;
      this.log.debug('write outcome was unknown and it had not landed; sending it again', { what, attempt, error: String(failure) });
      await sleep(backoffDelay(attempt, backoff));
    }
  }

  /** Marks an object as this process's own (e.g. one read into state), so no lookup adopts it. */
  public claimId(id: string): void {
    this.claimed.add(id);
  }

  /** Whether an object is already this process's own. */
  public isClaimed(id: string): boolean {
    return this.claimed.has(id);
  }

  /** Releases an object, e.g. once deleted. */
  public release(id: string): void {
    this.claimed.delete(id);
  }

  private readonly unclaimed: Unclaimed = (candidates, idOf) => candidates.filter((candidate) => !this.claimed.has(idOf(candidate)));

  private claim<T>(value: T, write: OnceWrite<T>): T {
    this.claimed.add(write.idOf(value));
    return value;
  }

  /** Runs a send under the shared side of the lock. */
  private async whileSending<T>(send: () => Promise<T>): Promise<T> {
    while (this.lookup !== undefined) await this.lookup;
    this.sending++;
    try {
      return await send();
    } finally {
      this.sending--;
      if (this.sending === 0) this.idle.splice(0).forEach((wake) => wake());
    }
  }

  /** Runs a lookup alone: after the sends in flight, before any new one, one lookup at a time. */
  private async exclusively<R>(run: () => Promise<R>): Promise<R> {
    while (this.lookup !== undefined) await this.lookup;
    let done!: () => void;
    this.lookup = new Promise<void>((resolve) => { done = resolve; });
    try {
      if (this.sending > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
      return await run();
    } finally {
      this.lookup = undefined;
      done();
    }
  }
}
