/** How a client retries; every field has a default suited to a Terraform provider. */
export interface RetryOptions {
  /**
   * Attempts of a request the core may repeat, the first included (429s count apart). Default 8:
   * when a quarter of write answers are lost and 4% of requests fail (issue 14), 4 attempts leave
   * 0.7% of deletes and updates failed, one destroy in two of 80 objects; 8 leave 5 in 100,000.
   * The backoff is capped at 8 s, so a server that stays down fails a request after about 20 s.
   */
  readonly maxAttempts?: number;
  /** First backoff step in ms; doubled for every further attempt. Default 250. */
  readonly baseDelayMs?: number;
  /** Ceiling of one computed backoff step in ms. Default 8000. */
  readonly maxDelayMs?: number;
  /**
   * Longest Retry-After the client waits, in ms. Default 120000 (two minutes: a per-minute limit asks for up to 60 s). A 429 asking for longer fails at
   * once with the vendor's answer: retrying before the server's time would only be refused again.
   */
  readonly maxRetryAfterMs?: number;
  /** Attempts in total while the server answers 429 (those do not count against `maxAttempts`). Default 8. */
  readonly maxRateLimitedAttempts?: number;
  /**
   * First wait after a 429 without Retry-After, in ms; doubled for every further 429 up to
   * `maxDelayMs` or 30 s, whichever is larger. Default 2000: the waits of 8 attempts add up to
   * more than a minute, so a per-minute limit (Illumio's 500/min, 125/min on older PCEs) resets.
   */
  readonly rateLimitBaseDelayMs?: number;
  /** Waits between attempts; tests inject an instant one. Must reject when `signal` aborts. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Source of jitter in [0, 1); tests inject a constant. */
  readonly random?: () => number;
}

export interface ResolvedRetryOptions {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxRetryAfterMs: number;
  readonly maxRateLimitedAttempts: number;
  readonly rateLimitBaseDelayMs: number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random: () => number;
}

export function resolveRetryOptions(options: RetryOptions | undefined): ResolvedRetryOptions {
  return {
    maxAttempts: Math.max(1, options?.maxAttempts ?? 8),
    baseDelayMs: options?.baseDelayMs ?? 250,
    maxDelayMs: options?.maxDelayMs ?? 8000,
    maxRetryAfterMs: options?.maxRetryAfterMs ?? 120_000,
    maxRateLimitedAttempts: Math.max(1, options?.maxRateLimitedAttempts ?? 8),
    rateLimitBaseDelayMs: options?.rateLimitBaseDelayMs ?? 2000,
    sleep: options?.sleep ?? abortableSleep,
    random: options?.random ?? Math.random,
  };
}

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random, so
 * concurrent clients spread out without any single retry coming back immediately.
 */
export function backoffDelay(retryNumber: number, options: ResolvedRetryOptions): number {
  const step = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retryNumber - 1));
  return Math.round(step / 2 + options.random() * (step / 2));
}

/**
 * Parses a Retry-After header (delta seconds or an HTTP-date) into milliseconds from `now`.
 * Returns undefined when absent or unreadable, so the caller falls back to backoff.
 */
export function parseRetryAfter(header: string | undefined, now: number = Date.now()): number | undefined {
  if (header === undefined) {
    return undefined;
  }
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) {
    return Math.round(Number(value) * 1000);
  }
  const date = Date.parse(value);
  if (Number.isNaN(date)) {
    return undefined;
  }
  return Math.max(0, date - now);
}

/** Delay before the next attempt after a failure other than 429: the server's Retry-After when given (capped), else backoff. */
export function retryDelay(retryNumber: number, retryAfterHeader: string | undefined, options: ResolvedRetryOptions): number {
  const retryAfter = parseRetryAfter(retryAfterHeader);
  if (retryAfter !== undefined) {
    return Math.min(retryAfter, options.maxRetryAfterMs);
  }
  return backoffDelay(retryNumber, options);
}

/**
 * Delay before the next attempt after the `rateLimitedNumber`th 429 in a row: the server's
 * Retry-After, or 'too-long' when it asks for more than `maxRetryAfterMs`; without one, a backoff
 * long enough for per-minute limits.
 */
export function rateLimitDelay(rateLimitedNumber: number, retryAfterHeader: string | undefined, options: ResolvedRetryOptions): number | 'too-long' {
  const retryAfter = parseRetryAfter(retryAfterHeader);
  if (retryAfter !== undefined) {
    return retryAfter > options.maxRetryAfterMs ? 'too-long' : retryAfter;
  }
  const ceiling = Math.max(options.maxDelayMs, 30_000);
  const step = Math.min(ceiling, options.rateLimitBaseDelayMs * 2 ** Math.max(0, rateLimitedNumber - 1));
  return Math.round(step / 2 + options.random() * (step / 2));
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
