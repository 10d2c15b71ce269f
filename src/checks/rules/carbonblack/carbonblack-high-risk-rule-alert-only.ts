import { knownCatalogue } from './catalogue';
import { FindingSeverity, Rule } from '../../model';
import { knownBool, knownList, knownObject, knownString } from '../../values';

/**
 * A high-risk rule (privileged containers, host namespaces, ...) set to `alert` lets the workload
 * run and only reports it, where the rule could stop it. The risk and the supported actions come
 * from the organisation's catalogue, which the review knows only through the rule data sources in
 * the same plan: a rule they do not show raises nothing.
 */
export const carbonblackHighRiskRuleAlertOnly: Rule = {
  id: 'carbonblack-high-risk-rule-alert-only',
  severity: FindingSeverity.WARNING,
  strictSeverity: FindingSeverity.ERROR,
  description: 'A high-risk rule only alerts where the catalogue says it can block.',
  remediation: 'Set the rule\'s action to `block` (after an alert period has shown what it would stop), or add narrow exceptions for the workloads that need it.',
  resourceTypes: ['secops_carbonblack_policy', 'secops_carbonblack_template', 'secops_carbonblack_template_rules'],
  check(view, context) {
    const catalogue = knownCatalogue(context);
    if (catalogue.size === 0) return [];
    const alerting = (knownList(view.values!.rule) ?? []).map(knownObject).filter(rule => rule
      && knownString(rule.action) === 'alert' && knownBool(rule.enabled) !== false);
    return alerting.flatMap(rule => {
      const id = knownString(rule!.rule_id);
      const known = id ? catalogue.get(id) : undefined;
      if (!known || known.risk !== 'high' || !known.supportedActions.includes('block')) return [];
      return [`High-risk rule "${id}" only alerts; the catalogue says it can block.`];
    });
  },
};
