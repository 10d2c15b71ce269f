import { FindingSeverity, Rule } from '../../model';
import { knownBool } from '../../values';

export const illumioSecurityRuleDisabled: Rule = {
  id: 'illumio-security-rule-disabled',
  severity: FindingSeverity.NOTE,
  description: 'A security rule is disabled, so the traffic it describes is not allowed.',
  remediation: 'Enable the rule, or delete it if the traffic is no longer needed.',
  resourceTypes: ['secops_illumio_security_rule'],
  check(view) {
    return knownBool(view.values!.enabled) === false ? ['The rule is disabled: it is kept in policy but allows nothing.'] : [];
  },
};
