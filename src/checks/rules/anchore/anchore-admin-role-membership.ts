import { isAdminClassRole, providerAccount } from './admin-roles';
import { FindingSeverity, Rule } from '../../model';
import { knownString } from '../../values';

/**
 * Admin-class roles manage users and memberships (or, for `full-control`, everything in the
 * account): a reviewer should see each grant. Grants the error rule
 * anchore-admin-role-other-account already reports are left to it.
 */
export const anchoreAdminRoleMembership: Rule = {
  id: 'anchore-admin-role-membership',
  severity: FindingSeverity.WARNING,
  strictSeverity: FindingSeverity.ERROR,
  description: 'A membership grants an admin-class role (user and role management, or every action).',
  remediation: 'Prefer a role with only the permissions needed (`read-write`, `policy-editor`, `read-only`); keep admin roles for a few named administrators.',
  resourceTypes: ['secops_anchore_role_member'],
  check(view) {
    const values = view.values!;
    const [role, account, username] = [values.role_name, values.for_account, values.username].map(knownString);
    if (!role || !isAdminClassRole(role)) return [];
    const home = providerAccount(view);
    if (account && home && account !== home) return [];
    return [`${username ? `User "${username}"` : 'The user'} gets admin-class role "${role}"${account ? ` in account "${account}"` : ''}.`];
  },
};
