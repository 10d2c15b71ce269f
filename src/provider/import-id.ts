import type { ImportIdForm } from './definitions';

/**
 * Import ID forms that need no client: a pattern, the form users are told, and optionally how to
 * reduce an ID to its canonical spelling (e.g. lower-case UUIDs).
 */
export function importIdPattern(
  expected: string, pattern: RegExp, what: string, canonical: (id: string) => string = id => id,
): ImportIdForm<unknown> {
  return {
    describe: () => expected,
    normalise: id => (pattern.test(id.trim()) ? { id: canonical(id.trim()) } : { refused: `is not ${what}` }),
  };
}

/** A UUID in any case, canonically lower-case. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One path segment of an API URL: no slashes, spaces or URL syntax. */
export const SEGMENT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._~-]*$/;

/** A resource that cannot be imported, and why: every ID is refused before any request. */
export function notImportable(reason: string): ImportIdForm<unknown> {
  return {
    describe: () => 'none: declare the resource and let Terraform create it',
    normalise: () => ({ refused: `cannot be imported: ${reason}` }),
  };
}
