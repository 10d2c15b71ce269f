/**
 * A per-key request budget as a sliding one-minute window (the key is whatever the vendor limits
 * by: an API key, a source IP). Off unless a budget is set.
 */
export class RateLimiter {
  private readonly seen = new Map<string, number[]>();

  constructor(public perMinute: number | undefined, private readonly now: () => number = Date.now) {}

  /** Counts one request for `key`; returns the seconds to wait when the budget is spent, else undefined. */
  public take(key: string): number | undefined {
    if (this.perMinute === undefined) {
      return undefined;
    }
    const now = this.now();
    const recent = (this.seen.get(key) ?? []).filter((time) => time > now - 60_000);
    this.seen.set(key, recent);
    if (recent.length >= this.perMinute) {
      return Math.max(1, Math.ceil((recent[0]! + 60_000 - now) / 1000));
    }
    recent.push(now);
    return undefined;
  }

  public clear(): void {
    this.seen.clear();
  }
}

/**
 * Reads a budget from an option or the environment variable `variable` (requests per minute;
 * unset, 0 or 'off' = no limit). `simulator` names the simulator in the error.
 */
export function rateLimitSetting(option: number | undefined, env: NodeJS.ProcessEnv, variable: string, simulator: string): number | undefined {
  const raw = option !== undefined ? String(option) : env[variable];
  if (raw === undefined || raw === '' || raw === 'off' || raw === '0') {
    return undefined;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${simulator} simulator: rate limit must be a whole number of requests per minute, got ${JSON.stringify(raw)}`);
  }
  return value;
}
