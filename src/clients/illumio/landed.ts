/**
 * How the Illumio client recognises, after a create whose answer was lost, the object that create
 * made (issue 14). The client's WriteLedger asks; these describe where to look.
 */

/**
 * How a create whose outcome is unknown is found again.
 * - `byKey`: the API has a unique key: the objects carrying the create's key (e.g. a label's key
 *   and value, an IP list's name). One this process has not claimed is the create's own.
 * - `byContent`: no unique key (service names may repeat; rules have no name): the objects that
 *   may be it, e.g. those of the same name. They are read once before the create too; one that
 *   appeared since, matches every field sent and is unclaimed is the create's own, the oldest first.
 *   `discard` (container clusters) deletes a landed object that cannot be used, and the create is
 *   sent again.
 * - `resend`: nothing identifies it and a second one does no harm (a pairing key): send again.
 */
export type CreateLookup<T> =
  | { readonly byKey: () => Promise<readonly T[]> }
  | { readonly byContent: () => Promise<readonly T[]>; readonly discard?: (landed: T) => Promise<void> }
  | 'resend';

/** An object's href, the identity the client's ledger claims. */
export function hrefOf(object: unknown): string {
  const href = (object as { readonly href?: unknown } | null)?.href;
  return typeof href === 'string' ? href : '';
}

/**
 * Whether `found` holds everything `sent` wrote: every property sent has an equal value in it (it
 * may have more, such as timestamps and defaults). Empty values are equal to each other (null,
 * absent, '', [], {} and false: the PCE omits or nulls what was sent empty or false); numbers and
 * their text are equal; lists match in any order.
 */
export function matchesWritten(sent: unknown, found: unknown): boolean {
  if (isEmpty(sent)) {
    return isEmpty(found);
  }
  if (Array.isArray(sent)) {
    return Array.isArray(found) && found.length === sent.length && sent.every((item) => found.some((candidate) => matchesWritten(item, candidate)));
  }
  if (typeof sent === 'object') {
    if (found === null || typeof found !== 'object' || Array.isArray(found)) return false;
    const fields = found as Readonly<Record<string, unknown>>;
    return Object.entries(sent as Readonly<Record<string, unknown>>).every(([name, value]) => matchesWritten(value, fields[name]));
  }
  return sent === found || (found !== null && found !== undefined && String(sent) === String(found));
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}
