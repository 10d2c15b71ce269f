import { FindingSeverity, Rule } from '../../model';
import { knownBool, knownString } from '../../values';

/**
 * A disabled rule set is not enforced: its rules stop allowing traffic once provisioned, and the
 * rule set stays around looking like policy. Usually a leftover or a change that meant something else.
 */
export const illumioRuleSetDisabled: Rule = {
  id: 'illumio-rule-set-disabled',
  severity: FindingSeverity.WARNING,
  strictSeverity: FindingSeverity.ERROR,
  description: 'A rule set is disabled, so none of its rules are enforced.',
  remediation: 'Enable the rule set (`enabled = true`), or delete it if its rules are no longer wanted.',
  resourceTypes: ['secops_illumio_rule_set'],
  check(view) {
    if (knownBool(view.values!.enabled) !== false) return [];
    const name = knownString(view.values!.name);
    return [`Rule set ${name ? `"${name}" ` : ''}is disabled: none of its rules apply once provisioned.`];
  },
};
