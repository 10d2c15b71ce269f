import { CarbonBlackClient } from '../../clients/carbonblack/client';
import { ScopeWithPolicy } from '../../clients/carbonblack/types';
import { list, NUMBER, object, STRING } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';

/**
 * data "secops_carbonblack_scopes_policies": scopes with the policy applied on each
 * (`policies_scopes`), e.g. to find a scope still free for a new policy. With `scope_id`, that
 * scope only (`policies_scopes/{scope_id}`).
 */
export interface ScopePolicyModel {
  scope_id: string;
  name: string;
  lifecycle_phase: string;
  workload_count: number;
  policy_id: string | null;
  policy_name: string | null;
}

export interface ScopesPoliciesData {
  scope_id: string | null;
  scopes: ScopePolicyModel[] | null;
}

export const scopesPoliciesData = defineDataSource<CarbonBlackClient, ScopesPoliciesData>({
  typeName: 'secops_carbonblack_scopes_policies',
  schema: {
    description: 'Lists Carbon Black Cloud scopes with the policy applied on each (null policy: the scope is free).',
    attributes: {
      scope_id: { type: STRING, optional: true, description: 'Only this scope; reading fails when it does not exist.' },
      scopes: {
        type: list(object({
          scope_id: STRING, name: STRING, lifecycle_phase: STRING, workload_count: NUMBER, policy_id: STRING, policy_name: STRING,
        })),
        computed: true,
        description: 'The scopes; `policy_id` and `policy_name` are null for a scope without a policy.',
      },
    },
  },

  async read(ctx, config) {
    const found = config.scope_id === null
      ? await ctx.client.listScopesWithPolicies(ctx.signal)
      : [await ctx.client.getScopeWithPolicy(config.scope_id, ctx.signal) ?? notFound(config.scope_id)];
    return { scope_id: config.scope_id, scopes: found.map(toModel) };
  },
});

function notFound(scopeId: string): never {
  throw new Error(`Carbon Black Cloud has no scope ${scopeId}`);
}

function toModel(scope: ScopeWithPolicy): ScopePolicyModel {
  return {
    scope_id: scope.scope_id,
    name: scope.name,
    lifecycle_phase: scope.lifecycle_phase,
    workload_count: scope.workload_count,
    policy_id: scope.policy_metadata?.policy_id ?? null,
    policy_name: scope.policy_metadata?.policy_name ?? null,
  };
}
