import { FindingSeverity, Rule } from '../../model';
import { isKnownBlank, knownString } from '../../values';

/**
 * Nomad treats an empty selector as "matches every identity": a management rule without one
 * hands a management token (every permission, no ACL check) to anyone who can log in through
 * the auth method.
 */
export const nomadManagementWithoutSelector: Rule = {
  id: 'nomad-management-without-selector',
  severity: FindingSeverity.ERROR,
  description: 'A management binding rule without a selector grants a management token to every login of its auth method.',
  remediation: 'Add a selector that pins the identities allowed management (e.g. `value.sub == "..."`), or bind a role or policy instead.',
  resourceTypes: ['secops_nomad_acl_binding_rule'],
  check(view) {
    const values = view.values!;
    if (knownString(values.bind_type) !== 'management' || !isKnownBlank(values.selector)) return [];
    const method = knownString(values.auth_method);
    return [`Every identity that logs in through ${method ? `auth method "${method}"` : 'its auth method'} gets a management token: the rule has no selector.`];
  },
};
