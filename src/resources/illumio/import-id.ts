import type { IllumioClient } from '../../clients/illumio/client';
import { ILLUMIO_API_PREFIX } from '../../clients/illumio/errors';
import type { ImportIdForm } from '../../provider/definitions';

/**
 * Import IDs of Illumio resources: the href of an object of the resource's own collection in the
 * configured org. A full URL (as the PCE's UI and API answers show) is reduced to its href; a
 * draft policy object's active or numbered policy-version href is rewritten to draft, the only
 * version that can be changed.
 */

const ID = '[^/?#]+';

/**
 * An href form within the org: `path` with `:id` for each object ID, e.g. `labels/:id`. With
 * `policy`, the first segment after `sec_policy/` may be `active` or a version number.
 */
export function illumioHref(path: string, options: { readonly policy?: boolean } = {}): ImportIdForm<IllumioClient> {
  const tail = path.split('/').map(part => (part === ':id' ? ID : escape(part))).join('/');
  const pattern = new RegExp(options.policy ? `^sec_policy/(?:draft|active|\\d+)/${tail.replace(/^sec_policy\/draft\//, '')}$` : `^${tail}$`);
  return {
    describe: client => client.orgPath(path.replace(/:id/g, '<id>')),
    normalise(id, client) {
      const href = toHref(id.trim());
      const org = /^\/orgs\/([^/]+)\/(.*)$/.exec(href);
      if (!org) return { refused: 'is not an Illumio href (/orgs/<org>/...)' };
      const [, orgId, rest] = org as unknown as [string, string, string];
      if (orgId !== client.settings.orgId) {
        return { refused: `belongs to org ${orgId}, but the provider is configured for org ${client.settings.orgId}` };
      }
      if (!pattern.test(rest)) return { refused: `is not the href of a ${describeCollection(path)}` };
      const draft = options.policy ? rest.replace(/^sec_policy\/(?:active|\d+)\//, 'sec_policy/draft/') : rest;
      return { id: client.orgPath(draft) };
    },
  };
}

/** A full URL's path, without the API prefix: the href the PCE itself uses. */
function toHref(id: string): string {
  let path = id;
  if (/^https?:\/\//i.test(id)) {
    try {
      path = new URL(id).pathname;
    } catch {
      return id;
    }
  }
  path = path.replace(/\/+$/, '');
  return path.startsWith(`${ILLUMIO_API_PREFIX}/`) ? path.slice(ILLUMIO_API_PREFIX.length) : path;
}

/** `sec_policy/draft/rule_sets/:id/sec_rules/:id` -> `sec_rules object`. */
function describeCollection(path: string): string {
  const named = path.split('/').filter(part => part !== ':id' && part !== 'sec_policy' && part !== 'draft');
  return `${named[named.length - 1]} object`;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
