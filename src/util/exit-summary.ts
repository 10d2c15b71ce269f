/**
 * Process-wide counters shown in the provider's exit summary (the plugin's DEBUG line on shutdown):
 * what a run spent apart from its own work, e.g. waits for a vendor's rate limit.
 */
const counters = new Map<string, number>();

/** Adds to a counter of the exit summary. */
export function countForExit(name: string, by = 1): void {
  counters.set(name, (counters.get(name) ?? 0) + by);
}

/** The counters so far, as log fields. */
export function exitSummary(): Record<string, number> {
  return Object.fromEntries(counters);
}
