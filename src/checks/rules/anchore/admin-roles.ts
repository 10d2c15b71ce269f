import { ResourceView } from '../../model';
import { knownObject, knownString } from '../../values';

/**
 * Admin-class roles: those that manage users, memberships or the whole installation. Anchore's
 * built-in catalogue names them with "admin" (`account-user-admin`; `system-admin` and
 * `account-admin` in deployments that define them), and `full-control` grants every action (`*`)
 * in its account.
 */
export function isAdminClassRole(role: string): boolean {
  return /admin/i.test(role) || role === 'full-control';
}

/**
 * The account the provider acts in by default, when its configuration states it
 * (`anchore { account = "..." }`). Unset means ANCHORE_ACCOUNT or the user's own account,
 * neither of which a review can see: undefined.
 */
export function providerAccount(view: ResourceView): string | undefined {
  const anchore = knownObject(view.providerSettings?.anchore);
  const account = anchore ? knownString(anchore.account) : undefined;
  return typeof account === 'string' && account.trim() !== '' ? account : undefined;
}
