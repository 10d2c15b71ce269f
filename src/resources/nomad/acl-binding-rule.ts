import { AclBindingRule, AclBindingRuleResponse, BindingRuleCheck, NomadClient } from '../../clients/nomad/client';
import { checkSelector } from '../../nomad/bexpr';
import { STRING } from '../../provider/cty/types';
import { Unknown } from '../../provider/cty/values';
import { defineResource, Problem } from '../../provider/definitions';
import { importIdPattern, UUID_PATTERN } from '../../provider/import-id';
import { validators } from '../../provider/validate';

/**
 * secops_nomad_acl_binding_rule: a Nomad ACL binding rule
 * (`/v1/acl/binding-rule`, Nomad 1.5+). When a user logs in through an auth method, each
 * binding rule whose selector matches the identity's claims grants an ACL role, an ACL policy,
 * or a management token. Nomad refuses to move a rule to another auth method, so a change of
 * `auth_method` replaces the rule.
 */
export interface AclBindingRuleModel {
  id: string | null;
  description: string | null;
  auth_method: string;
  selector: string | null;
  bind_type: string;
  bind_name: string | null;
}

export const BIND_TYPES = ['role', 'policy', 'management'] as const;

export const aclBindingRule = defineResource<NomadClient, AclBindingRuleModel>({
  typeName: 'secops_nomad_acl_binding_rule',
  importId: importIdPattern('the rule\'s ID, a UUID such as 9e3a1d4c-1f0b-4a53-8c55-0d2f6b7e9a10', UUID_PATTERN, 'a Nomad ACL binding rule ID (a UUID)', id => id.toLowerCase()),
  schema: {
    description: 'A Nomad ACL binding rule: maps identities from an auth method to an ACL role, an ACL policy or a management token.',
    attributes: {
      id: {
        type: STRING,
        computed: true,
        description: 'The rule\'s ID, a UUID assigned by Nomad. Import with `terraform import <address> <id>`.',
      },
      description: {
        type: STRING,
        optional: true,
        description: 'Human-readable description, at most 256 characters.',
        validators: [validators.maxLength(256)],
      },
      auth_method: {
        type: STRING,
        required: true,
        requiresReplace: true,
        description: 'Name of the auth method the rule applies to. Changing it replaces the rule.',
        validators: [validators.notEmpty()],
      },
      selector: {
        type: STRING,
        optional: true,
        description: 'Boolean expression over the identity\'s claims (go-bexpr syntax), e.g. `"engineering" in list.roles`. Empty matches every identity.',
        validators: [validators.custom('a valid selector expression', value => selectorProblem(value as string))],
      },
      bind_type: {
        type: STRING,
        required: true,
        description: 'What the rule grants: `role`, `policy` or `management`.',
        validators: [validators.oneOf(BIND_TYPES)],
      },
      bind_name: {
        type: STRING,
        optional: true,
        description: 'Name of the ACL role or policy to grant; required for `role` and `policy`, not allowed for `management`. Clearing it (a move to `management`) replaces the rule, since Nomad keeps the stored name when an update sends none.',
        // Unknown at plan: it may turn out cleared, so replace rather than promise an update.
        requiresReplace: (prior, planned) => !!prior && (!planned || planned instanceof Unknown),
      },
    },
  },

  validate: config => bindNameProblems(config),

  async create(ctx, planned) {
    const created = await ctx.client.createBindingRule(toNomad(planned), ctx.signal);
    ctx.recordRevision(String(created.ModifyIndex));
    return fromNomad(created, planned);
  },

  // The revision is the rule's ModifyIndex: when Nomad still has it, the rule is as Terraform
  // last saw it, and a refresh of many rules costs one list of stubs instead of a read of each.
  async read(ctx, current) {
    const id = current.id!;
    const check = ctx.revision === undefined
      ? asCheck(await ctx.client.getBindingRule(id, ctx.signal))
      : await ctx.client.getBindingRuleIfChanged(id, Number(ctx.revision), ctx.signal);
    if (check.status === 'unchanged') return current;
    if (check.status === 'gone') return undefined;
    ctx.recordRevision(String(check.rule.ModifyIndex));
    return fromNomad(check.rule, current);
  },

  async update(ctx, planned, prior) {
    // Nomad overwrites Description and Selector with what is sent: always send the whole rule.
    const updated = await ctx.client.updateBindingRule({ ...toNomad(planned), ID: prior.id! }, ctx.signal);
    ctx.recordRevision(String(updated.ModifyIndex));
    return fromNomad(updated, planned);
  },

  async delete(ctx, current) {
    await ctx.client.deleteBindingRule(current.id!, ctx.signal);
  },
});

function asCheck(rule: AclBindingRuleResponse | undefined): BindingRuleCheck {
  return rule === undefined ? { status: 'gone' } : { status: 'changed', rule };
}

function selectorProblem(selector: string): string | undefined {
  const result = checkSelector(selector);
  return result.ok ? undefined : `is not a valid selector expression: ${result.error}`;
}

/** Nomad requires a bind name for role and policy rules and refuses one for management rules. */
export function bindNameProblems(config: { bind_type: unknown; bind_name: unknown }): Problem[] {
  const { bind_type: bindType, bind_name: bindName } = config;
  if (typeof bindType !== 'string' || !(bindName === null || typeof bindName === 'string')) return [];
  if (bindType === 'management' && bindName !== null && bindName !== '') {
    return [{ path: ['bind_name'], summary: 'Invalid value for "bind_name"', detail: 'must not be set when bind_type is "management"' }];
  }
  if ((bindType === 'role' || bindType === 'policy') && (bindName === null || bindName === '')) {
    return [{ path: ['bind_name'], summary: 'Missing value for "bind_name"', detail: `is required when bind_type is "${bindType}"` }];
  }
  return [];
}

/** The rule as Nomad takes it; the client sends unset fields as "". */
function toNomad(model: AclBindingRuleModel): AclBindingRule {
  const { description, auth_method: AuthMethod, selector, bind_type: BindType, bind_name: bindName } = model;
  return { AuthMethod, BindType, Description: description ?? undefined, Selector: selector ?? undefined, BindName: bindName ?? undefined };
}

/**
 * Nomad stores an unset description, selector or bind name as "". Keep null in state for
 * those unless the configuration itself said "", so neither form shows a diff.
 */
function fromNomad(rule: AclBindingRule, known: Partial<AclBindingRuleModel>): AclBindingRuleModel {
  const text = (remote: string | undefined, local: string | null | undefined) =>
    remote === undefined || remote === '' ? (local === '' ? '' : null) : remote;
  return {
    id: rule.ID ?? null,
    description: text(rule.Description, known.description),
    auth_method: rule.AuthMethod,
    selector: text(rule.Selector, known.selector),
    bind_type: rule.BindType,
    bind_name: text(rule.BindName, known.bind_name),
  };
}
