import { deleteAndProvision, readDraft, updateDraftAndRead } from './draft';
import { illumioHref } from './import-id';
import { IP_TABLES_RULE_BLOCK, IpTablesRuleModel, ipTablesRuleProblems, ipTablesRulesFromPce, ipTablesRulesToPce } from './ip-tables-rules';
import { IllumioClient } from '../../clients/illumio/client';
import { PceScopeEntry, RuleSet } from '../../clients/illumio/policy-objects';
import { BOOL, STRING } from '../../provider/cty/types';
import { defineResource } from '../../provider/definitions';
import { Block } from '../../provider/schema';
import { validators } from '../../provider/validate';

/**
 * secops_illumio_rule_set: a rule set of the draft policy (`/orgs/:org/sec_policy/draft/rule_sets`):
 * where its rules apply (scopes). Its rules are separate resources (`secops_illumio_security_rule`).
 * Written to draft only: the stack's `secops_illumio_provision` provisions it.
 *
 * Terraform shape of the PCE's `scopes` (a list of scopes, each a list of `{label|label_group, exclusion}`):
 * one `scopes` block per scope, with `label` and `label_group` blocks inside. An empty `scopes {}`
 * block is the scope "All". Custom iptables rules are `ip_tables_rules` blocks (see ip-tables-rules.ts).
 */
export interface ScopeMember {
  href: string;
  exclusion: boolean | null;
}

export interface ScopeModel {
  label: ScopeMember[];
  label_group: ScopeMember[];
}

export interface RuleSetModel {
  href: string | null;
  name: string;
  description: string | null;
  external_data_set: string | null;
  external_data_reference: string | null;
  enabled: boolean | null;
  scopes: ScopeModel[];
  ip_tables_rules: IpTablesRuleModel[];
  created_at: string | null;
}

const member = (what: string): Block => ({
  description: `A ${what} of the scope.`,
  attributes: {
    href: { type: STRING, required: true, description: `The ${what}'s href.`, validators: [validators.notEmpty()] },
    exclusion: { type: BOOL, optional: true, default: false, description: `Exclude this ${what}'s workloads from the scope instead. Default false.` },
  },
});

export const SCOPES_BLOCK: Block = {
  description: 'One scope: the workloads that carry all its labels (and members of its label groups). Empty: all workloads.',
  attributes: {},
  blocks: {
    label: { nesting: 'set', block: member('label') },
    label_group: { nesting: 'set', block: member('label group') },
  },
};

export const ruleSet = defineResource<IllumioClient, RuleSetModel>({
  typeName: 'secops_illumio_rule_set',
  importId: illumioHref('sec_policy/draft/rule_sets/:id', { policy: true }),
  schema: {
    description: 'An Illumio rule set in the draft policy: a name, scopes, and (as `secops_illumio_security_rule` resources) rules. Provisioned by `secops_illumio_provision`.',
    attributes: {
      href: { type: STRING, computed: true, description: 'The rule set\'s draft href. Import with `terraform import <address> <href>`.' },
      name: { type: STRING, required: true, description: 'Name, unique among rule sets.', validators: [validators.notEmpty(), validators.maxLength(255)] },
      description: { type: STRING, optional: true, description: 'Description.' },
      external_data_set: { type: STRING, optional: true, description: 'Name of the external system that owns this rule set, with `external_data_reference`.' },
      external_data_reference: { type: STRING, optional: true, description: 'The rule set\'s ID in that external system.' },
      enabled: { type: BOOL, optional: true, default: true, description: 'Whether the rule set is enforced. Default true.' },
      created_at: { type: STRING, computed: true, description: 'When the rule set was created (RFC 3339).' },
    },
    blocks: {
      scopes: { nesting: 'list', block: SCOPES_BLOCK, minItems: 1 },
      ip_tables_rules: { nesting: 'list', block: IP_TABLES_RULE_BLOCK },
    },
  },

  validate(config) {
    return ipTablesRuleProblems(config.ip_tables_rules);
  },

  async create(ctx, planned) {
    const created = await ctx.client.createDraft<RuleSet>('rule_sets', body(planned), ctx.signal);
    return fromPce(created, planned);
  },

  async read(ctx, current) {
    const found = await readDraft<RuleSet>(ctx, current.href!);
    return found ? fromPce(found, current) : undefined;
  },

  async update(ctx, planned, prior) {
    const updated = await updateDraftAndRead<RuleSet>(ctx, prior.href!, body(planned), 'rule set');
    return fromPce(updated, planned);
  },

  async delete(ctx, current) {
    await deleteAndProvision(ctx, 'rule_sets', current.href!);
  },

  async importState(_ctx, href) {
    return { href };
  },
});

/** The PCE's `scopes` for the Terraform shape. */
export function scopesToPce(scopes: readonly ScopeModel[]): PceScopeEntry[][] {
  return scopes.map(scope => [
    ...(scope.label ?? []).map(m => ({ label: { href: m.href }, exclusion: m.exclusion ?? false })),
    ...(scope.label_group ?? []).map(m => ({ label_group: { href: m.href }, exclusion: m.exclusion ?? false })),
  ]);
}

export function scopesFromPce(scopes: readonly (readonly PceScopeEntry[])[] | undefined): ScopeModel[] {
  return (scopes ?? []).map(scope => ({
    label: scope.filter(e => e.label).map(e => ({ href: e.label!.href, exclusion: e.exclusion ?? false })),
    label_group: scope.filter(e => e.label_group).map(e => ({ href: e.label_group!.href, exclusion: e.exclusion ?? false })),
  }));
}

function body(model: RuleSetModel): Record<string, unknown> {
  return {
    name: model.name,
    description: model.description ?? '',
    // 20.1: string or null; null clears a reference the configuration no longer sets.
    external_data_set: model.external_data_set,
    external_data_reference: model.external_data_reference,
    enabled: model.enabled ?? true,
    scopes: scopesToPce(model.scopes ?? []),
    ip_tables_rules: ipTablesRulesToPce(model.ip_tables_rules ?? []),
  };
}

/** `written` (plan or prior state) keeps unset iptables rule descriptions unset. */
export function fromPce(pce: RuleSet, written?: RuleSetModel): RuleSetModel {
  return {
    href: pce.href,
    name: pce.name,
    description: pce.description ? pce.description : null,
    external_data_set: pce.external_data_set ?? null,
    external_data_reference: pce.external_data_reference ?? null,
    enabled: pce.enabled ?? true,
    scopes: scopesFromPce(pce.scopes),
    ip_tables_rules: ipTablesRulesFromPce(pce.ip_tables_rules, written?.ip_tables_rules),
    created_at: pce.created_at ?? null,
  };
}
