import { FindingSeverity, Rule, Value } from '../../model';
import { isKnownBlank, knownList, knownMapIsEmpty, knownObject, knownString } from '../../values';

const FIELDS = ['cluster', 'namespace', 'kind', 'name'] as const;

/**
 * `*` means all clusters, namespaces, kinds (and names); an unset field is not sent and restricts
 * nothing. An exception that is a wildcard in all four (and is not narrowed by a user name or
 * labels) exempts every workload everywhere from its rule: the rule is switched off in effect.
 */
export const carbonblackExceptionMatchesEverything: Rule = {
  id: 'carbonblack-exception-matches-everything',
  severity: FindingSeverity.ERROR,
  description: 'A policy exception has wildcards in cluster, namespace, kind and name at once, exempting every workload from its rule.',
  remediation: 'Name the cluster, namespace, kind and workload the exception is for (or remove the rule from the policy if it truly applies nowhere).',
  resourceTypes: ['secops_carbonblack_policy'],
  check(view) {
    return (knownList(view.values!.exception) ?? []).flatMap(item => {
      const exception = knownObject(item);
      if (!exception || !FIELDS.every(field => isWildcard(exception[field]))) return [];
      if (!isKnownBlank(exception.username) || !knownMapIsEmpty(exception.labels)) return [];
      const rule = knownString(exception.rule_id);
      return [`The exception to rule ${rule ? `"${rule}"` : '?'} matches every cluster, namespace, kind and name: the rule applies to nothing.`];
    });
  },
};

function isWildcard(value: Value): boolean {
  const text = knownString(value);
  return text === null || (typeof text === 'string' && (text.trim() === '' || /^\*+$/.test(text.trim())));
}
