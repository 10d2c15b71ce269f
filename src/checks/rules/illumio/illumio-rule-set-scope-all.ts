import { FindingSeverity, Rule } from '../../model';
import { knownList, knownObject, knownString } from '../../values';

/** An empty scope is "All": the rule set's rules apply to every workload of the organisation. */
export const illumioRuleSetScopeAll: Rule = {
  id: 'illumio-rule-set-scope-all',
  severity: FindingSeverity.NOTE,
  description: 'A rule set has an empty scope, so its rules apply to every workload.',
  remediation: 'Scope the rule set to the application and environment labels it is for, unless it is meant as org-wide core-services policy.',
  resourceTypes: ['secops_illumio_rule_set'],
  check(view) {
    const scopes = knownList(view.values!.scopes) ?? [];
    const all = scopes.some(item => {
      const scope = knownObject(item);
      const [labels, groups] = [knownList(scope?.label), knownList(scope?.label_group)];
      return scope !== undefined && labels !== undefined && groups !== undefined && labels.length === 0 && groups.length === 0;
    });
    const name = knownString(view.values!.name);
    return all ? [`Rule set ${name ? `"${name}" ` : ''}has an empty scope: its rules apply to every workload in the organisation.`] : [];
  },
};
