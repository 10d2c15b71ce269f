import { abortableSleep } from './retry';

const MINUTE_MS = 60_000;

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
  }

  /** Resolves when a request may be sent; rejects (returning its token) when `signal` aborts first. */
  public async acquire(signal?: AbortSignal): Promise<void> {
    const wait = this.reserve();
    if (wait <= 0) {
      return;
    }
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

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + Math.max(0, now - this.updatedAt) * this.refillPerMs);
    this.updatedAt = now;
  }
}
