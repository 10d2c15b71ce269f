import { isAdminClassRole } from './admin-roles';
import { FindingSeverity, Rule } from '../../model';
import { knownString } from '../../values';

/**
 * `default_role` is what every new user from the IdP gets when the assertion names no role: an
 * admin-class default makes every login of the IdP an administrator.
 */
export const anchoreSamlDefaultAdminRole: Rule = {
  id: 'anchore-saml-default-admin-role',
  severity: FindingSeverity.ERROR,
  description: 'A SAML IdP gives every new user without a role attribute an admin-class role.',
  remediation: 'Make the default role `read-only` (or none) and grant admin roles to named users or through a role attribute the IdP controls.',
  resourceTypes: ['secops_anchore_saml_idp'],
  check(view) {
    const values = view.values!;
    const role = knownString(values.default_role);
    if (!role || !isAdminClassRole(role)) return [];
    const account = knownString(values.default_account);
    return [`New users from this IdP get admin-class role "${role}"${account ? ` in account "${account}"` : ''} unless the assertion names another.`];
  },
};
