import { FindingSeverity, Rule } from '../../model';
import { knownString } from '../../values';

/**
 * Only an enabled policy is enforced: a draft or disabled one neither alerts nor blocks, and the
 * scope it holds (a scope carries one policy) has no guardrails, while the policy looks like one.
 */
export const carbonblackPolicyNotEnabled: Rule = {
  id: 'carbonblack-policy-not-enabled',
  severity: FindingSeverity.WARNING,
  strictSeverity: FindingSeverity.ERROR,
  description: 'A Kubernetes policy is left in draft or disabled, so its scope has no guardrails.',
  remediation: 'Set `status = "enabled"` once the policy is ready, or delete it so the scope can carry an enforced one.',
  resourceTypes: ['secops_carbonblack_policy'],
  check(view) {
    const status = knownString(view.values!.status);
    if (status !== 'draft' && status !== 'disabled') return [];
    const name = knownString(view.values!.name);
    return [`Policy ${name ? `"${name}" ` : ''}is ${status === 'draft' ? 'a draft' : 'disabled'}: none of its rules alert or block on its scope.`];
  },
};
