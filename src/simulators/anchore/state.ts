import { Collection, Store } from '../core';

/**
 * The two API layouts the simulator serves, each from its own document: 4.x (service root,
 * `for_account`) and 5.x (`/v2/rbac-manager`, `domain_name`). Named here, not taken from the
 * client, so the simulator's reading of the documents stays its own.
 */
export type AnchoreApiLayout = '4.x' | '5.x';

/**
 * The simulated installation: roles (built in, with permissions and the immutable flag), accounts,
 * users, role memberships, SAML IdP configurations, and on 5.x user groups mapped to IdPs.
 */
export interface StoredPermission { readonly action: string; readonly target: string }

export interface StoredRole {
  readonly name: string;
  readonly description: string;
  readonly permissions: readonly StoredPermission[];
  readonly immutable: boolean;
  readonly created_at: string;
  readonly last_updated: string;
}

export interface StoredAccount {
  readonly name: string;
  readonly type: 'admin' | 'user' | 'service';
  readonly state: 'enabled' | 'disabled' | 'deleting';
  readonly email?: string;
  readonly created_at: string;
  readonly last_updated: string;
}

export interface StoredUser {
  readonly username: string;
  readonly account: string;
  readonly password: string;
}

export interface StoredMember {
  readonly role: string;
  readonly username: string;
  readonly account: string;
  readonly created_at: string;
}

/** A SamlConfiguration as stored: what was sent, defaults filled, timestamps added. */
export interface StoredIdp {
  readonly name: string;
  readonly enabled: boolean;
  readonly sp_entity_id: string;
  readonly acs_url: string;
  readonly require_signed_assertions: boolean;
  readonly require_signed_response: boolean;
  readonly created_at: string;
  readonly last_updated: string;
  readonly [optional: string]: unknown;
}

export interface StoredUserGroup { readonly uuid: string; readonly name: string }

export interface StoredIdpUserGroup { readonly idp: string; readonly uuid: string; readonly mapped_on: string }

export interface RoleSeed { readonly name: string; readonly description: string; readonly actions: readonly string[] }

/** The built-in roles of Anchore Enterprise (names and descriptions as the product ships them; actions abridged). */
export const BUILT_IN_ROLES: readonly RoleSeed[] = [
  { name: 'account-user-admin', description: 'Manage users and role membership within the account', actions: ['listRoleMembers', 'createRoleMember', 'deleteRoleMember', 'listUsers', 'createUser', 'deleteUser'] },
  { name: 'full-control', description: 'Full control over any account resources', actions: ['*'] },
  { name: 'read-write', description: 'Read-write access to account resources, excluding user management', actions: ['createImage', 'getImage', 'listImages', 'deleteImage', 'createPolicy', 'getPolicy', 'updatePolicy'] },
  { name: 'read-only', description: 'Read-only access to account resources', actions: ['getImage', 'listImages', 'getPolicy', 'listPolicies'] },
  { name: 'policy-editor', description: 'Manage policies in the account', actions: ['createPolicy', 'getPolicy', 'listPolicies', 'updatePolicy', 'deletePolicy'] },
  { name: 'image-analyzer', description: 'Analyze images and read their results', actions: ['createImage', 'getImage', 'listImages'] },
  { name: 'report-viewer', description: 'View reports', actions: ['getReport', 'listReports'] },
];

export interface AnchoreSeed {
  readonly roles: readonly RoleSeed[];
  readonly accounts: readonly { readonly name: string; readonly type: StoredAccount['type'] }[];
  readonly users: readonly StoredUser[];
  readonly members: readonly { readonly role: string; readonly username: string; readonly account: string }[];
  readonly userGroups: readonly StoredUserGroup[];
}

export class AnchoreState {
  public readonly store = new Store();
  public readonly roles: Collection<StoredRole>;
  public readonly accounts: Collection<StoredAccount>;
  public readonly users: Collection<StoredUser>;
  public readonly members: Collection<StoredMember>;
  public readonly idps: Collection<StoredIdp>;
  public readonly userGroups: Collection<StoredUserGroup>;
  public readonly idpUserGroups: Collection<StoredIdpUserGroup>;

  constructor(private readonly seed: AnchoreSeed) {
    this.roles = this.store.collection('roles');
    this.accounts = this.store.collection('accounts');
    this.users = this.store.collection('users');
    this.members = this.store.collection('role_members');
    this.idps = this.store.collection('saml_idps');
    this.userGroups = this.store.collection('user_groups');
    this.idpUserGroups = this.store.collection('idp_user_groups');
    this.load();
  }

  /** Back to the seed. */
  public reset(): void {
    this.store.reset();
    this.load();
  }

  public addMember(role: string, username: string, account: string): StoredMember {
    return this.store.write(() => this.members.put(memberKey(role, account, username), { role, username, account, created_at: now() }));
  }

  public removeMember(role: string, username: string, account: string): boolean {
    return this.store.write(() => this.members.delete(memberKey(role, account, username)));
  }

  public member(role: string, username: string, account: string): StoredMember | undefined {
    return this.members.get(memberKey(role, account, username));
  }

  /** Memberships of a user, of an account, or of a role (any combination). */
  public membersWhere(filter: { role?: string; username?: string; account?: string }): StoredMember[] {
    return this.members.list().filter(member =>
      (filter.role === undefined || member.role === filter.role)
      && (filter.username === undefined || member.username === filter.username)
      && (filter.account === undefined || member.account === filter.account));
  }

  public isAdmin(user: StoredUser): boolean {
    return this.accounts.get(user.account)?.type === 'admin';
  }

  /** Whether the user may manage role membership in the account (admin, or account-user-admin there). */
  public mayManageMembers(user: StoredUser, account: string): boolean {
    return this.isAdmin(user) || this.member('account-user-admin', user.username, account) !== undefined;
  }

  private load(): void {
    this.store.write(() => {
      const created = now();
      for (const role of this.seed.roles) {
        const permissions = role.actions.map(action => ({ action, target: '*' }));
        const { name, description } = role;
        this.roles.put(name, { name, description, permissions, immutable: true, created_at: created, last_updated: created });
      }
      for (const account of this.seed.accounts) {
        this.accounts.put(account.name, { ...account, state: 'enabled', created_at: created, last_updated: created });
      }
      this.seed.users.forEach(user => this.users.put(user.username, user));
      this.seed.userGroups.forEach(group => this.userGroups.put(group.uuid, group));
      for (const member of this.seed.members) {
        this.members.put(memberKey(member.role, member.account, member.username), { ...member, created_at: created });
      }
    });
  }
}

export function memberKey(role: string, account: string, username: string): string {
  return `${role}/${account}/${username}`;
}

export function now(): string {
  return new Date().toISOString();
}
