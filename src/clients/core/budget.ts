import { abortableSleep } from './retry';
import { countForExit } from '../../util/exit-summary';
import { Logger, logger } from '../../util/log';

const MINUTE_MS = 60_000;
/** Held-back requests closer than this belong to one wait. */
const WAIT_GAP_MS = 1_000;

export interface RequestBudgetOptions {
  /** Requests allowed in any 60-second window. Must be at least 1. */
  readonly requestsPerMinute: number;
  /**
   * Requests that may go out back to back before pacing starts. Default a tenth of the budget
   * (at least 1). The bucket refills at `requestsPerMinute - burst` per minute, so no 60-second
   * window ever sees more than `requestsPerMinute` requests (a server counting per minute never
   * answers 429 because of us).
   */
  readonly burst?: number;
  /** Clock in ms; tests inject a fake one. */
  readonly now?: () => number;
  /** Waits; must reject when `signal` aborts. Tests inject one that advances their clock. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** What is waited for, in the INFO line of a wait. Default `the rate limit`. */
  readonly name?: string;
  readonly logger?: Logger;
}

/**
 * A client-side request budget: a token bucket shared by every request of the clients that hold
 * it (share one instance per API key). Waiters are served in arrival order: each takes a token
 * on arrival, the balance going negative, and sleeps until the refill has covered its place.
 */
export class RequestBudget {
  public readonly requestsPerMinute: number;
  public readonly burst: number;
  private readonly refillPerMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private tokens: number;
  private updatedAt: number;
  private readonly name: string;
  private readonly log: Logger;
  /** When the latest held-back request goes out: waits starting before then (or just after) are part of the same wait. */
  private waitingUntil = -Infinity;
  /** Waits (requests held back by the budget) and their total length, for tests and summaries. */
  public readonly stats = { waits: 0, waitedMs: 0 };

  constructor(options: RequestBudgetOptions) {
    if (!Number.isFinite(options.requestsPerMinute) || options.requestsPerMinute < 1) {
      throw new Error(`request budget must be at least 1 request per minute, got ${options.requestsPerMinute}`);
    }
    this.requestsPerMinute = options.requestsPerMinute;
    this.burst = Math.min(this.requestsPerMinute, Math.max(1, Math.floor(options.burst ?? this.requestsPerMinute / 10)));
    // With a budget of 1 the burst is the whole budget; refill at the full rate rather than never.
    const refillPerMinute = this.requestsPerMinute - this.burst > 0 ? this.requestsPerMinute - this.burst : this.requestsPerMinute;
    this.refillPerMs = refillPerMinute / MINUTE_MS;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? abortableSleep;
    this.tokens = this.burst;
    this.updatedAt = this.now();
    this.name = options.name ?? 'the rate limit';
    this.log = options.logger ?? logger('budget');
  }

  /** Resolves when a request may be sent; rejects (returning its token) when `signal` aborts first. */
  public async acquire(signal?: AbortSignal): Promise<void> {
    const wait = this.reserve();
    if (wait <= 0) {
      return;
    }
    this.noteWait(wait);
    try {
      await this.sleep(wait, signal);
    } catch (error) {
      this.tokens += 1;
      throw error;
    }
  }

  /** Takes a token now and returns how long to wait until it is covered, in ms. */
  public reserve(): number {
    this.refill();
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil(-this.tokens / this.refillPerMs);
  }

  /**
   * Says once per wait that the budget holds requests back: a wait is a stretch of held-back
   * requests with less than a second between them (steady pacing is one wait, not one per request).
   */
  private noteWait(wait: number): void {
    const now = this.now();
    if (now >= this.waitingUntil + WAIT_GAP_MS) {
      this.stats.waits++;
      countForExit('budget_waits');
      this.log.info(`waiting ${Math.ceil(wait / 1000)} s for ${this.name} (${this.requestsPerMinute}/min)`);
    }
    const added = Math.max(0, now + wait - Math.max(now, this.waitingUntil));
    this.stats.waitedMs += added;
    countForExit('budget_wait_ms', added);
    this.waitingUntil = Math.max(this.waitingUntil, now + wait);
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + Math.max(0, now - this.updatedAt) * this.refillPerMs);
    this.updatedAt = now;
  }
}
