import { withProvisioning } from './draft';
import { IllumioClient } from '../../clients/illumio/client';
import { ChangeSubset, DRAFT_POLICY_TYPES, PendingChange } from '../../clients/illumio/types';
import { DYNAMIC, STRING } from '../../provider/cty/types';
import { CtyValue, Dynamic, Unknown } from '../../provider/cty/values';
import { defineResource } from '../../provider/definitions';
import { notImportable } from '../../provider/import-id';

/**
 * secops_illumio_provision: provisions a stack's Illumio policy objects, so what the configuration
 * declares is what the PCE enforces after one apply. Give it the objects themselves:
 *
 *   objects = [secops_illumio_ip_list.db, secops_illumio_rule_set.shop, secops_illumio_security_rule.web_to_db]
 *
 * Any change to one of them changes its `updated_at`, so this resource is planned for update and
 * its apply provisions, in ONE new policy version, exactly the pending changes of these objects:
 * changes someone else left pending in draft are never provisioned by surprise (the PCE refuses
 * the version if ours depend on them). Deletions provision themselves when each object is
 * destroyed, so destroy works in one pass; destroying this resource provisions nothing.
 */
export interface ProvisionModel {
  objects: CtyValue;
  description: string | null;
  version_href: string | null;
}

export const provision = defineResource<IllumioClient, ProvisionModel>({
  typeName: 'secops_illumio_provision',
  importId: notImportable('it stands for provisioning the changes of this configuration, not for an object of the PCE'),
  schema: {
    description: 'Provisions the listed Illumio policy objects (label groups, IP lists, services, virtual services, rule sets and their rules, firewall settings) '
      + 'together, in one policy version per apply.',
    attributes: {
      objects: {
        type: DYNAMIC,
        required: true,
        description: 'The policy objects to keep provisioned: a list (or map) of the resources themselves, or of their hrefs.',
        validators: [{ description: 'objects with an href', validate: value => hrefProblems(value) }],
      },
      description: { type: STRING, optional: true, description: 'Commit message of the policy versions this resource creates. Default: "Provisioned by cdktf-secops".' },
      version_href: { type: STRING, computed: true, changesOnUpdate: true, description: 'The policy version this resource last created, e.g. `/orgs/1/sec_policy/12`.' },
    },
  },

  async create(ctx, planned) {
    const version = await withProvisioning(ctx.client, () => provisionPending(ctx.client, planned, null, ctx.signal));
    return { ...planned, version_href: version };
  },

  async read(_ctx, current) {
    return current;
  },

  async update(ctx, planned, prior) {
    const version = await withProvisioning(ctx.client, () => provisionPending(ctx.client, planned, prior.version_href, ctx.signal));
    return { ...planned, version_href: version };
  },

  async delete() {
    // Each object provisions its own deletion; there is nothing left to do here.
  },
});

/** Provisions the pending changes of the objects; the new version's href, or `previous` when none were pending. */
async function provisionPending(client: IllumioClient, model: ProvisionModel, previous: string | null, signal: AbortSignal): Promise<string | null> {
  const ours = new Set(hrefsOf(model.objects).map(policyObjectHref));
  const pending = await client.pending(signal);
  const subset: Record<string, { href: string }[]> = {};
  for (const type of DRAFT_POLICY_TYPES) {
    const changes = ((pending[type] ?? []) as readonly PendingChange[]).filter(change => ours.has(change.href));
    if (changes.length > 0) subset[type] = changes.map(change => ({ href: change.href }));
  }
  // The firewall settings are pending as one object, not a list (20.1 sec_policy_pending_get).
  const firewallSettings = pending.firewall_settings as PendingChange | undefined;
  if (firewallSettings !== undefined && ours.has(firewallSettings.href)) subset.firewall_settings = [{ href: firewallSettings.href }];
  if (Object.keys(subset).length === 0) return previous;
  return client.provision({ description: model.description ?? 'Provisioned by cdktf-secops', changeSubset: subset as ChangeSubset }, signal);
}

/** A rule is provisioned with its rule set: `/…/rule_sets/3/sec_rules/7` → `/…/rule_sets/3`. */
function policyObjectHref(href: string): string {
  return href.replace(/(\/rule_sets\/[^/]+)\/sec_rules\/.*$/, '$1');
}

const unwrap = (value: CtyValue): CtyValue => value instanceof Dynamic ? unwrap(value.value) : value;

type Elements = CtyValue[] | undefined;

/**
 * The elements of `objects`: a list or tuple (HCL: `[a, b]`), or the values of a map or object
 * (`{ db = a, web = b }`, the form cdktf synthesizes), or one object with an href.
 */
function elementsOf(objects: CtyValue): Elements {
  const value = unwrap(objects);
  if (Array.isArray(value)) return value.map(unwrap);
  if (value === null || typeof value !== 'object' || value instanceof Unknown) return undefined;
  const record = value as Record<string, CtyValue>;
  return typeof unwrap(record.href ?? null) === 'string' ? [record] : Object.values(record).map(unwrap);
}

/** The hrefs in `objects`: strings, or objects carrying an `href`. */
export function hrefsOf(objects: CtyValue): string[] {
  return (elementsOf(objects) ?? []).flatMap(element => {
    if (typeof element === 'string') return [element];
    if (element !== null && typeof element === 'object' && !Array.isArray(element) && !(element instanceof Unknown)) {
      const href = unwrap((element as Record<string, CtyValue>).href ?? null);
      return typeof href === 'string' ? [href] : [];
    }
    return [];
  });
}

function hrefProblems(objects: CtyValue): string | undefined {
  if (unwrap(objects) instanceof Unknown) return undefined;
  const elements = elementsOf(objects);
  if (!elements) return 'must be a list (or map) of policy objects, or of their hrefs';
  const bad = elements.findIndex(element => !(element instanceof Unknown) && element !== null && typeof element !== 'string'
    && (typeof element !== 'object' || Array.isArray(element) || !('href' in element)));
  return bad >= 0 ? `element ${bad} is neither an href nor an object with an href` : undefined;
}
