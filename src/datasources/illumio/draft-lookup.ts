import { QueryParams } from '../../clients/core';
import { IllumioClient } from '../../clients/illumio/client';
import { DraftObject, DraftPolicyType } from '../../clients/illumio/types';
import { HandlerContext, Problem } from '../../provider/definitions';

/**
 * Lookups shared by the data sources of draft policy objects (IP lists, services). The PCE
 * matches names partially; these never take "the first hit": names are matched exactly, and a
 * single-object lookup fails on no match or several. Objects pending deletion are left out of
 * name lookups (they are on their way out); by href they are returned with a warning.
 */

/** Either `href` or `name`, not both, not neither (unknown values count as given). */
export function hrefOrNameProblems(config: { href: unknown; name: unknown }): Problem[] {
  const given = (value: unknown): boolean => value !== null && value !== undefined;
  if (given(config.href) && given(config.name)) {
    return [{ path: ['href'], summary: 'Conflicting arguments', detail: 'give either href or name, not both' }];
  }
  if (!given(config.href) && !given(config.name)) {
    return [{ path: [], summary: 'Missing arguments', detail: 'give href or name' }];
  }
  return [];
}

/** Draft objects of a type, all or those named exactly `name`, without pending deletions; `filters` go to the PCE as they are. */
export async function listDraftsNamed<T extends DraftObject>(
  ctx: HandlerContext<IllumioClient>, type: DraftPolicyType, name: string | null, filters: QueryParams = {},
): Promise<T[]> {
  const found = await ctx.client.listDrafts<T>(type, name === null ? filters : { ...filters, name }, ctx.signal);
  return found.filter((object) => object.update_type !== 'delete' && (name === null || object.name === name));
}

/** The one draft object with this href, or with exactly this name; throws on none or several. */
export async function findOneDraft<T extends DraftObject>(
  ctx: HandlerContext<IllumioClient>, type: DraftPolicyType, what: string, config: { href: string | null; name: string | null },
): Promise<T> {
  if (config.href !== null) {
    const found = await ctx.client.getDraft<T>(config.href, ctx.signal);
    if (!found) throw new Error(`The PCE has no ${what} ${config.href}`);
    if (found.update_type === 'delete') {
      ctx.warn(`${config.href} is pending deletion in the PCE`, 'It is still enforced until the deletion is provisioned.');
    }
    return found;
  }
  const name = config.name ?? '';
  const matches = await listDraftsNamed<T>(ctx, type, name);
  if (matches.length === 0) throw new Error(`The PCE has no ${what} named "${name}"`);
  if (matches.length > 1) {
    throw new Error(`${matches.length} ${what}s are named "${name}": ${matches.map((m) => m.href).join(', ')}; give href to choose one`);
  }
  return matches[0]!;
}
