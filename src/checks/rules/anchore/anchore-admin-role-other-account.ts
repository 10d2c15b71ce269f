import { isAdminClassRole, providerAccount } from './admin-roles';
import { FindingSeverity, Rule } from '../../model';
import { knownString } from '../../values';

/**
 * Anchore lets a user hold roles in accounts other than its own. An admin-class role there hands
 * a user of one team control over another team's users and policies: cross-account privilege
 * that an account's own administrators do not see in their user list. The provider does not read
 * users, so a user's own account is not known to a review: the account judged against is the
 * provider's default one (`anchore { account }`); where that is not stated, no finding (see
 * anchore-admin-role-membership).
 */
export const anchoreAdminRoleOtherAccount: Rule = {
  id: 'anchore-admin-role-other-account',
  severity: FindingSeverity.ERROR,
  description: 'A membership grants an admin-class role in an account other than the provider\'s own.',
  remediation: 'Grant the user a non-admin role (e.g. `read-only`) in the other account, or have that account\'s own administrators manage it.',
  resourceTypes: ['secops_anchore_role_member'],
  check(view) {
    const values = view.values!;
    const [role, account, username] = [values.role_name, values.for_account, values.username].map(knownString);
    const home = providerAccount(view);
    if (!role || !account || !home || !isAdminClassRole(role) || account === home) return [];
    return [`${username ? `User "${username}"` : 'The user'} gets admin-class role "${role}" in account "${account}", outside the provider's account "${home}".`];
  },
};
