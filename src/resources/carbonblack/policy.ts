import { checkRuleReferences } from './catalogue-check';
import { AlreadyExistsError } from './existing';
import { CarbonBlackClient } from '../../clients/carbonblack/client';
import { Policy, PolicyException, PolicyRule, PolicyWrite, POLICY_STATUSES, RULE_ACTIONS } from '../../clients/carbonblack/types';
import { BOOL, map, STRING } from '../../provider/cty/types';
import { defineResource, HandlerContext, ObjectValue } from '../../provider/definitions';
import { importIdPattern, SEGMENT_PATTERN } from '../../provider/import-id';
import { Block } from '../../provider/schema';
import { validators } from '../../provider/validate';

/**
 * secops_carbonblack_policy: a Kubernetes hardening policy (`/guardrails/management/policies`):
 * the rules enforced on the resources of one scope, with the action each takes, exceptions per
 * rule, and whether init and ephemeral containers are covered. Created and updated by the same
 * PUT (an update carries `policy_id`); its name is unique and a scope carries one policy.
 *
 * Terraform shape: one `rule` block per rule (in the API's order) and one `exception` block per
 * excluded workload, naming its rule (the API keys exceptions by rule id).
 */
export interface PolicyRuleModel {
  rule_id: string;
  action: string;
  enabled: boolean | null;
  preset_id: string | null;
  preset_name: string | null;
}

export interface PolicyExceptionModel {
  rule_id: string;
  name: string | null;
  username: string | null;
  cluster: string | null;
  namespace: string | null;
  kind: string | null;
  labels: Record<string, string> | null;
}

export interface PolicyModel {
  policy_id: string | null;
  name: string;
  scope_id: string;
  status: string;
  include_init_containers: boolean | null;
  include_ephemeral_containers: boolean | null;
  rule: PolicyRuleModel[];
  exception: PolicyExceptionModel[];
  scope_name: string | null;
  creator: string | null;
  created_on: string | null;
  modified_by: string | null;
  modified_on: string | null;
}

const RULE_BLOCK: Block = {
  description: 'A rule of the catalogue (see data source `secops_carbonblack_rules`) and what the policy does when a resource violates it.',
  attributes: {
    rule_id: { type: STRING, required: true, description: 'The rule\'s id, e.g. `privileged` or `app-armor`.', validators: [validators.notEmpty()] },
    action: {
      type: STRING,
      required: true,
      description: 'What a violation triggers: `alert`, `block` or `enforce`; it must be among the rule\'s `supported_actions` (checked at plan).',
      validators: [validators.oneOf(RULE_ACTIONS)],
    },
    enabled: { type: BOOL, optional: true, default: true, description: 'Whether the rule is evaluated. Default true.' },
    preset_id: { type: STRING, optional: true, description: 'For rules with presets (e.g. `app-armor`): the id of the preset to enforce.' },
    preset_name: { type: STRING, optional: true, description: 'The preset\'s name, e.g. `runtime-default`.' },
  },
};

const EXCEPTION_BLOCK: Block = {
  description: 'A workload excluded from one rule of the policy. Unset fields are not sent; `*` in cluster, namespace or kind means all.',
  attributes: {
    rule_id: { type: STRING, required: true, description: 'The rule the workload is excluded from.', validators: [validators.notEmpty()] },
    name: { type: STRING, optional: true, description: 'Workload (or for RBAC rules, resource) name to match.' },
    username: { type: STRING, optional: true, description: 'For RBAC rules: the user modifying the workload.' },
    cluster: { type: STRING, optional: true, description: 'Cluster the exception applies to; `*` means all clusters.' },
    namespace: { type: STRING, optional: true, description: 'Namespace the exception applies to; `*` means all namespaces.' },
    kind: { type: STRING, optional: true, description: 'Resource kind the exception applies to; `*` means all kinds.' },
    labels: { type: map(STRING), optional: true, description: 'Workload labels to match (key to value), for rules that allow the enforce action.' },
  },
};

export const policy = defineResource<CarbonBlackClient, PolicyModel>({
  typeName: 'secops_carbonblack_policy',
  importId: importIdPattern('the policy\'s policy_id (one path segment, e.g. a UUID)', SEGMENT_PATTERN, 'a Carbon Black Cloud policy id'),
  schema: {
    description: 'A Carbon Black Cloud Kubernetes hardening policy: rules with actions, exceptions, and the scope it applies to.',
    attributes: {
      policy_id: { type: STRING, computed: true, description: 'The policy\'s id, assigned by Carbon Black Cloud. Import with `terraform import <address> <policy_id>`.' },
      name: { type: STRING, required: true, description: 'Name, unique among the organisation\'s policies.', validators: [validators.notEmpty()] },
      scope_id: { type: STRING, required: true, description: 'The scope the policy applies to; a scope carries at most one policy.', validators: [validators.notEmpty()] },
      status: { type: STRING, required: true, description: 'The policy\'s state: `enabled`, `disabled` or `draft`.', validators: [validators.oneOf(POLICY_STATUSES)] },
      include_init_containers: { type: BOOL, optional: true, default: false, description: 'Enforce the rules on init containers too. Default false.' },
      include_ephemeral_containers: { type: BOOL, optional: true, default: false, description: 'Enforce the rules on ephemeral containers too. Default false.' },
      scope_name: { type: STRING, computed: true, changesOnUpdate: true, description: 'The name of the policy\'s scope.' },
      creator: { type: STRING, computed: true, description: 'Who created the policy.' },
      created_on: { type: STRING, computed: true, description: 'When the policy was created (ISO 8601).' },
      modified_by: { type: STRING, computed: true, changesOnUpdate: true, description: 'Who last changed the policy.' },
      modified_on: { type: STRING, computed: true, changesOnUpdate: true, description: 'When the policy last changed (ISO 8601).' },
    },
    blocks: {
      rule: { nesting: 'list', block: RULE_BLOCK },
      exception: { nesting: 'set', block: EXCEPTION_BLOCK },
    },
  },

  checkPlan: (ctx, planned, prior) => checkRuleReferences(ctx, RULE_BLOCK, planned.rule, prior?.rule),

  async create(ctx, planned) {
    await refuseExisting(ctx, planned);
    const id = await ctx.client.createPolicy(toApi(planned), ctx.signal);
    ctx.created({ ...planned, policy_id: id } as unknown as ObjectValue); // the model is the state object Terraform stores
    return readBack(ctx, id);
  },

  async read(ctx, current) {
    const found = await ctx.client.getPolicy(current.policy_id!, ctx.signal);
    return found ? fromApi(found) : undefined;
  },

  async update(ctx, planned, prior) {
    await ctx.client.updatePolicy(prior.policy_id!, toApi(planned), ctx.signal);
    return readBack(ctx, prior.policy_id!);
  },

  async delete(ctx, current) {
    await ctx.client.deletePolicy(current.policy_id!, ctx.signal);
  },

  /** The default policy is the one on a protected scope ("Any"): it goes with the organisation, never by destroy. */
  async builtIn(ctx, current) {
    const onScope = await ctx.client.getScope(current.scope_id, ctx.signal);
    return onScope?.is_protected ? `the default Carbon Black Cloud policy "${current.name}" (on the protected scope "${onScope.name}")` : undefined;
  },

  async importState(_ctx, id) {
    return { policy_id: id };
  },
});

/** The PUT is an upsert by id, but a name or scope taken by another policy must be adopted, not clashed with. */
async function refuseExisting(ctx: HandlerContext<CarbonBlackClient>, planned: PolicyModel): Promise<void> {
  for (const existing of await ctx.client.listPolicies(ctx.signal)) {
    if (existing.name === planned.name) {
      throw new AlreadyExistsError(`A Carbon Black Cloud policy named "${planned.name}"`, policy.typeName, existing.policy_id);
    }
    if (existing.scope_metadata?.scope_id === planned.scope_id) {
      throw new AlreadyExistsError(`Scope ${planned.scope_id} already carries policy "${existing.name}", and a scope takes one policy; that policy`, policy.typeName, existing.policy_id);
    }
  }
}

async function readBack(ctx: HandlerContext<CarbonBlackClient>, id: string): Promise<PolicyModel> {
  const found = await ctx.client.getPolicy(id, ctx.signal);
  if (!found) throw new Error(`Carbon Black Cloud policy ${id} was written but cannot be read back`);
  return fromApi(found);
}

function toApi(model: PolicyModel): PolicyWrite {
  return {
    name: model.name,
    scope_id: model.scope_id,
    status: model.status,
    include_init_containers: model.include_init_containers ?? false,
    include_ephemeral_containers: model.include_ephemeral_containers ?? false,
    rules: (model.rule ?? []).map(ruleToApi),
    exceptions: exceptionsToApi(model.exception ?? []),
  };
}

function ruleToApi(rule: PolicyRuleModel): PolicyRule {
  return {
    id: rule.rule_id,
    action: rule.action,
    is_enabled: rule.enabled ?? true,
    ...(rule.preset_id ? { preset_id: rule.preset_id } : {}),
    ...(rule.preset_name ? { preset_name: rule.preset_name } : {}),
  };
}

/** Exception blocks grouped into the API's map from rule id to exceptions; unset fields are left out. */
export function exceptionsToApi(exceptions: readonly PolicyExceptionModel[]): Record<string, PolicyException[]> {
  const byRule: Record<string, PolicyException[]> = {};
  for (const { rule_id: ruleId, labels, ...fields } of exceptions) {
    const exception: Record<string, unknown> = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null));
    if (labels !== null) exception.labels = Object.entries(labels).map(([key, value]) => ({ key, value }));
    (byRule[ruleId] ??= []).push(exception as PolicyException);
  }
  return byRule;
}

export function exceptionsFromApi(exceptions: Readonly<Record<string, readonly PolicyException[]>> | undefined): PolicyExceptionModel[] {
  return Object.entries(exceptions ?? {}).flatMap(([ruleId, list]) => list.map(exception => ({
    rule_id: ruleId,
    name: exception.name ?? null,
    username: exception.username ?? null,
    cluster: exception.cluster ?? null,
    namespace: exception.namespace ?? null,
    kind: exception.kind ?? null,
    labels: exception.labels ? Object.fromEntries(exception.labels.map(label => [label.key, label.value])) : null,
  })));
}

function fromApi(api: Policy): PolicyModel {
  return {
    policy_id: api.policy_id,
    name: api.name,
    scope_id: api.scope_metadata.scope_id,
    status: api.status,
    include_init_containers: api.include_init_containers,
    include_ephemeral_containers: api.include_ephemeral_containers,
    rule: api.rules.map(rule => ({
      rule_id: rule.id,
      action: rule.action,
      enabled: rule.is_enabled ?? true,
      preset_id: rule.preset_id ?? null,
      preset_name: rule.preset_name ?? null,
    })),
    exception: exceptionsFromApi(api.exceptions),
    scope_name: api.scope_metadata.scope_name,
    creator: api.creator,
    created_on: api.created_on_iso,
    modified_by: api.modified_by,
    modified_on: api.modified_on_iso,
  };
}
