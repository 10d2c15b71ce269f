import { CarbonBlackClient } from '../../clients/carbonblack/client';
import { POLICY_STATUSES } from '../../clients/carbonblack/types';
import { list, NUMBER, object, STRING } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';
import { validators } from '../../provider/validate';

/** data "secops_carbonblack_policies": every policy as `GET .../policies` summarises it (no rules). */
export interface PolicySummaryModel {
  policy_id: string;
  name: string;
  status: string;
  scope_id: string;
  scope_name: string;
  exceptions_count: number;
  modified_on: string;
}

export interface PoliciesData {
  status: string | null;
  policies: PolicySummaryModel[] | null;
}

export const policiesData = defineDataSource<CarbonBlackClient, PoliciesData>({
  typeName: 'secops_carbonblack_policies',
  schema: {
    description: 'Lists Carbon Black Cloud Kubernetes policies with their scope, status and number of exceptions.',
    attributes: {
      status: { type: STRING, optional: true, description: 'Only policies in this state: `enabled`, `disabled` or `draft`.', validators: [validators.oneOf(POLICY_STATUSES)] },
      policies: {
        type: list(object({
          policy_id: STRING, name: STRING, status: STRING, scope_id: STRING, scope_name: STRING, exceptions_count: NUMBER, modified_on: STRING,
        })),
        computed: true,
        description: 'The policies.',
      },
    },
  },

  async read(ctx, config) {
    const policies = (await ctx.client.listPolicies(ctx.signal))
      .filter(found => config.status === null || found.status === config.status)
      .map(found => ({
        policy_id: found.policy_id,
        name: found.name,
        status: found.status,
        scope_id: found.scope_metadata.scope_id,
        scope_name: found.scope_metadata.scope_name,
        exceptions_count: found.exceptions_count,
        modified_on: found.modified_on_iso,
      }));
    return { ...config, policies };
  },
});
