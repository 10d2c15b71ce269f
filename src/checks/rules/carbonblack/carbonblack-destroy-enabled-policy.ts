import { FindingSeverity, Rule } from '../../model';
import { knownString } from '../../values';

/**
 * Destroying an enabled policy removes its guardrails from the scope at once; a replacement
 * deletes it before the new one exists, leaving the scope unguarded in between.
 */
export const carbonblackDestroyEnabledPolicy: Rule = {
  id: 'carbonblack-destroy-enabled-policy',
  severity: FindingSeverity.WARNING,
  description: 'The plan removes an enabled Kubernetes policy: its scope loses its guardrails.',
  remediation: 'Confirm the scope needs no policy, or put the successor policy on the scope in the same change.',
  resourceTypes: ['secops_carbonblack_policy'],
  inspects: 'destroy',
  check(view) {
    if (knownString(view.before?.status) !== 'enabled') return [];
    const name = knownString(view.before?.name);
    const scope = knownString(view.before?.scope_name);
    const what = `enabled policy ${name ? `"${name}"` : ''}${scope ? ` (scope "${scope}")` : ''}`;
    return view.action === 'replace'
      ? [`Replacing ${what} deletes it first: the scope runs without guardrails until the new policy is created.`]
      : [`Destroying ${what} stops its rules alerting and blocking on the scope.`];
  },
};
