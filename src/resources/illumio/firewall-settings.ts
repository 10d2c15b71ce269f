import { illumioHref } from './import-id';
import { IllumioClient } from '../../clients/illumio/client';
import { PceFirewallSettings, PceScope } from '../../clients/illumio/policy-objects';
import { HrefRef } from '../../clients/illumio/types';
import { BOOL, STRING, list, object, set } from '../../provider/cty/types';
import { CtyValue, Unknown } from '../../provider/cty/values';
import { HandlerContext, defineResource } from '../../provider/definitions';
import { Attribute } from '../../provider/schema';
import { validators } from '../../provider/validate';

/**
 * secops_illumio_firewall_settings: the org's firewall settings in the draft policy
 * (`/orgs/:org/sec_policy/draft/firewall_settings`), a singleton the PCE always has: it can be
 * read and updated, never created or deleted (20.1 "Firewall Settings": GET and PUT only).
 *
 * - create adopts the existing object and applies the attributes the configuration sets;
 *   attributes left unset keep the PCE's values (and are read into state);
 * - update sends the configured attributes (PUT changes only what is sent);
 * - delete leaves the PCE's settings as they are and says so with a warning. Labels and label
 *   groups they name stay in use, so the PCE refuses to delete those: name org-wide labels here,
 *   not ones the same stack destroys.
 *
 * Like other policy objects, changes stay in draft until `secops_illumio_provision` provisions
 * them. The PCE provisions the settings as one object, so a change someone else left pending on
 * them is provisioned with ours.
 *
 * Each scope is a set of label and label group hrefs (the PCE's `[{label|label_group: {href}}]`).
 * `firewall_coexistence` is a block (Terraform blocks cannot be computed): with no such block the
 * PCE's coexistence is left as it is and not tracked; with blocks it is managed.
 */
export interface CoexistenceModel {
  scope: string[];
  workload_mode: string | null;
  illumio_primary: boolean;
}

export interface FirewallSettingsModel {
  href: string | null;
  static_policy_scopes: string[][] | null;
  containers_inherit_host_policy_scopes: string[][] | null;
  blocked_connection_reject_scopes: string[][] | null;
  firewall_coexistence: CoexistenceModel[];
  created_at: string | null;
  updated_at: string | null;
}

const SCOPE_LISTS = ['static_policy_scopes', 'containers_inherit_host_policy_scopes', 'blocked_connection_reject_scopes'] as const;
type ScopeList = typeof SCOPE_LISTS[number];

const LABEL_OR_GROUP = /\/labels\/[^/]+$|\/sec_policy\/(draft|active)\/label_groups\/[^/]+$/;
const LABEL = /\/labels\/[^/]+$/;

const scopesOfLabels = validators.custom('scopes of label and label group hrefs', (value: CtyValue) => {
  const hrefs = (value as CtyValue[]).flatMap((scope) => (Array.isArray(scope) ? scope : []));
  const bad = hrefs.filter((href) => typeof href === 'string' && !LABEL_OR_GROUP.test(href));
  return bad.length === 0 ? undefined : `must hold label or label group hrefs, got ${bad.map((href) => JSON.stringify(href)).join(', ')}`;
});

const labelsOnly = validators.custom('label hrefs', (value: CtyValue) => {
  const bad = (value as CtyValue[]).filter((href) => typeof href === 'string' && !LABEL.test(href));
  return bad.length === 0 ? undefined : `must hold label hrefs, got ${bad.map((href) => JSON.stringify(href)).join(', ')}`;
});

const scopes = (what: string): Attribute => ({
  type: list(set(STRING)),
  optional: true,
  computed: true,
  description: `${what} Each scope is a set of label and label group hrefs; an empty scope is all workloads. Unset: the PCE's value is kept.`,
  validators: [scopesOfLabels],
});

export const COEXISTENCE_TYPE = object({ scope: set(STRING), workload_mode: STRING, illumio_primary: BOOL });

export const firewallSettings = defineResource<IllumioClient, FirewallSettingsModel>({
  typeName: 'secops_illumio_firewall_settings',
  importId: illumioHref('sec_policy/draft/firewall_settings', { policy: true }),
  schema: {
    description: 'The Illumio org\'s firewall settings (draft policy), a singleton: create adopts the existing settings and applies the configured '
      + 'attributes, delete leaves them. Changes are enforced once provisioned by `secops_illumio_provision`.',
    attributes: {
      href: {
        type: STRING,
        computed: true,
        description: 'The settings\' draft href, `/orgs/:org/sec_policy/draft/firewall_settings`. Import with `terraform import <address> <href>`.',
      },
      static_policy_scopes: scopes('Scopes whose workloads receive policy changes only when their administrators allow it (static policy).'),
      containers_inherit_host_policy_scopes: scopes('Scopes whose container hosts pass their policy on to their containers.'),
      blocked_connection_reject_scopes: scopes('Scopes whose blocked connections are rejected rather than dropped.'),
      created_at: { type: STRING, computed: true, description: 'When the settings were created (RFC 3339).' },
      updated_at: { type: STRING, computed: true, changesOnUpdate: true, description: 'When the settings were last changed in draft (RFC 3339).' },
    },
    blocks: {
      firewall_coexistence: {
        nesting: 'list',
        block: {
          description: 'Firewall coexistence for the workloads carrying all labels of `scope`. Without these blocks the PCE\'s coexistence is left as it is.',
          attributes: {
            scope: { type: set(STRING), required: true, description: 'Hrefs of the labels the workloads carry.', validators: [labelsOnly] },
            workload_mode: {
              type: STRING,
              optional: true,
              description: 'Narrows the match to workloads in this mode: `enforced` or `illuminated`.',
              validators: [validators.oneOf(['enforced', 'illuminated'])],
            },
            illumio_primary: { type: BOOL, required: true, description: 'Whether Illumio is the primary firewall of these workloads.' },
          },
        },
      },
    },
  },

  async create(ctx, planned) {
    const href = ctx.client.orgPath('sec_policy/draft/firewall_settings');
    await existing(ctx, href);
    return apply(ctx, href, planned);
  },

  async read(ctx, current) {
    const found = await ctx.client.getDraft<PceFirewallSettings>(current.href!, ctx.signal);
    return found ? firewallSettingsFromPce(found, current) : undefined;
  },

  async update(ctx, planned, prior) {
    return apply(ctx, prior.href!, planned);
  },

  async delete(ctx, current) {
    ctx.warn(
      'The PCE\'s firewall settings were left as they are',
      `Firewall settings cannot be deleted; ${current.href} keeps its current values and is no longer managed by this configuration.`,
    );
  },

  async importState(_ctx, href) {
    return { href };
  },
});

async function existing(ctx: HandlerContext<IllumioClient>, href: string): Promise<PceFirewallSettings> {
  const found = await ctx.client.getDraft<PceFirewallSettings>(href, ctx.signal);
  if (!found) throw new Error(`The PCE returned no firewall settings at ${href}`);
  return found;
}

/** Sends the configured attributes (none configured: nothing to send) and returns the settings as they now are. */
async function apply(ctx: HandlerContext<IllumioClient>, href: string, planned: FirewallSettingsModel): Promise<FirewallSettingsModel> {
  const body = configuredBody(planned);
  if (Object.keys(body).length > 0) {
    await ctx.client.updateDraft(href, body, ctx.signal);
  }
  return firewallSettingsFromPce(await existing(ctx, href), planned);
}

const isSet = (value: unknown): boolean => value !== null && value !== undefined && !(value instanceof Unknown);

/** The PCE body of the attributes the configuration sets; unset (null or still unknown) ones are left out. */
export function configuredBody(model: FirewallSettingsModel): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const name of SCOPE_LISTS) {
    const value = model[name];
    if (isSet(value)) body[name] = (value as string[][]).map(scopeToPce);
  }
  if (Array.isArray(model.firewall_coexistence) && model.firewall_coexistence.length > 0) {
    body.firewall_coexistence = model.firewall_coexistence.map((entry) => ({
      scope: entry.scope.map((href) => ({ href })),
      ...(entry.workload_mode !== null ? { workload_mode: entry.workload_mode } : {}),
      illumio_primary: entry.illumio_primary,
    }));
  }
  return body;
}

function scopeToPce(hrefs: readonly string[]): { label?: HrefRef; label_group?: HrefRef }[] {
  return hrefs.map((href) => (LABEL.test(href) ? { label: { href } } : { label_group: { href } }));
}

function scopeFromPce(scope: PceScope): string[] {
  return scope.flatMap((entry) => [entry.label?.href, entry.label_group?.href].filter((href): href is string => typeof href === 'string'));
}

/**
 * The model of the settings as the PCE returns them. `written` is the plan or prior state:
 * coexistence is reported only where the configuration manages it (has blocks).
 */
export function firewallSettingsFromPce(pce: PceFirewallSettings, written?: FirewallSettingsModel): FirewallSettingsModel {
  const managesCoexistence = written === undefined || (Array.isArray(written.firewall_coexistence) && written.firewall_coexistence.length > 0);
  const scopeList = (name: ScopeList): string[][] => (pce[name] ?? []).map(scopeFromPce);
  return {
    href: pce.href,
    static_policy_scopes: scopeList('static_policy_scopes'),
    containers_inherit_host_policy_scopes: scopeList('containers_inherit_host_policy_scopes'),
    blocked_connection_reject_scopes: scopeList('blocked_connection_reject_scopes'),
    firewall_coexistence: !managesCoexistence ? [] : (pce.firewall_coexistence ?? []).map((entry) => ({
      scope: (entry.scope ?? []).map((ref) => ref.href),
      workload_mode: entry.workload_mode ?? null,
      illumio_primary: entry.illumio_primary ?? false,
    })),
    created_at: pce.created_at ?? null,
    updated_at: pce.updated_at ?? null,
  };
}
