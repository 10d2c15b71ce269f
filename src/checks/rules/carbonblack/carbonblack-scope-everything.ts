import { FindingSeverity, Rule, Value } from '../../model';
import { knownList, knownString } from '../../values';

/**
 * A scope of every cluster and every namespace puts one policy over the whole estate, system
 * namespaces included: its exceptions and alert-only rules apply everywhere too, and no other
 * policy can be tighter for a part of it without a second, overlapping scope.
 */
export const carbonblackScopeEverything: Rule = {
  id: 'carbonblack-scope-everything',
  severity: FindingSeverity.NOTE,
  description: 'A scope covers every cluster and every namespace.',
  remediation: 'Scope policies to the clusters and namespaces they are written for (e.g. production workloads), and keep broad scopes for baseline policies only.',
  resourceTypes: ['secops_carbonblack_scope'],
  check(view) {
    const values = view.values!;
    const clusters = wildcard(values.clusters) || wildcard(values.clusters_groups);
    // Unset namespaces default to `*`.
    const namespaces = values.namespaces === null || values.namespaces === undefined || wildcard(values.namespaces);
    if (!clusters || !namespaces) return [];
    const name = knownString(values.name);
    return [`Scope ${name ? `"${name}" ` : ''}covers every cluster and every namespace: its policy applies to all workloads, system namespaces included.`];
  },
};

function wildcard(list: Value): boolean {
  return (knownList(list) ?? []).some(item => knownString(item) === '*');
}
