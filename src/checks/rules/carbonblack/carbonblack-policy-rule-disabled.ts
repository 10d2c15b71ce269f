import { FindingSeverity, Rule } from '../../model';
import { knownBool, knownList, knownObject, knownString } from '../../values';

/** A rule listed in a policy but disabled is not evaluated: it looks like a guardrail and is none. */
export const carbonblackPolicyRuleDisabled: Rule = {
  id: 'carbonblack-policy-rule-disabled',
  severity: FindingSeverity.NOTE,
  description: 'A rule of a policy is disabled, so it is not evaluated.',
  remediation: 'Enable the rule (`enabled = true`, the default) or remove it from the policy.',
  resourceTypes: ['secops_carbonblack_policy'],
  check(view) {
    return (knownList(view.values!.rule) ?? []).map(knownObject)
      .filter(rule => rule && knownBool(rule.enabled) === false)
      .map(rule => `Rule "${knownString(rule!.rule_id) ?? '?'}" is in the policy but disabled: it is not evaluated.`);
  },
};
