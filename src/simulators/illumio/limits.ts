import { rateLimitSetting } from '../core/limits';

/** The PCE's per-API-key request budget (500 requests per minute per key, issue 4), on the shared limiter. */
export { RateLimiter } from '../core/limits';

/** Reads a budget from an option or `SECOPS_SIM_ILLUMIO_RATE_LIMIT` (requests per minute; unset, 0 or 'off' = no limit). */
export function rateLimitFrom(option: number | undefined, env: NodeJS.ProcessEnv): number | undefined {
  return rateLimitSetting(option, env, 'SECOPS_SIM_ILLUMIO_RATE_LIMIT', 'illumio');
}
