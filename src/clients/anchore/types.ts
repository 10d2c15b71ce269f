/**
 * The RBAC objects as the client hands them out, the same in both API layouts. Where the wire
 * says `for_account` (4.x) or `domain_name` (5.x) these say `account`.
 */

/** A grant of an action (e.g. `getImage`) on a target (`*` or a target id). */
export interface Permission {
  readonly action?: string;
  readonly target?: string;
}

export interface RoleSummary {
  readonly name: string;
  readonly description?: string;
  readonly created_at?: string;
}

export interface Role extends RoleSummary {
  readonly permissions?: readonly Permission[];
  /** Whether the role's permissions are fixed (true for every built-in role). */
  readonly immutable?: boolean;
  readonly last_updated?: string;
}

/** A user holding a role within an account. */
export interface RoleMember {
  readonly username: string;
  readonly account: string;
  readonly created_at?: string;
}

/** One role the calling user holds in one account (`my_roles`). */
export interface AccountRole {
  readonly account: string;
  readonly role: Role;
}

/** One role of a user and the accounts it is held in (`users/{username}/roles`). */
export interface UserRoleMembership {
  readonly role: string;
  readonly accounts: readonly string[];
  readonly created_at?: string;
}

/** A SAML 2.0 identity provider configuration (`SamlConfiguration`). */
export interface SamlIdp {
  readonly name: string;
  readonly enabled: boolean;
  readonly sp_entity_id: string;
  readonly acs_url: string;
  readonly acs_https_port?: number;
  readonly idp_metadata_url?: string;
  readonly idp_metadata_xml?: string;
  readonly idp_username_attribute?: string;
  readonly idp_account_attribute?: string;
  readonly idp_role_attribute?: string;
  /** 5.x only: the SAML attribute carrying SSO groups (Anchore's default `memberOf`). */
  readonly idp_groups_attribute?: string;
  readonly default_account?: string;
  readonly default_role?: string;
  readonly require_signed_assertions?: boolean;
  readonly require_signed_response?: boolean;
  /** 5.x only, read-only. */
  readonly require_existing_users?: boolean;
  readonly created_at?: string;
  readonly last_updated?: string;
}

/** 5.x: a user group mapped to an IdP. */
export interface IdpUserGroup {
  readonly user_group_uuid: string;
  readonly user_group_name?: string;
  readonly mapped_on?: string;
}

/** `GET /version` of the 4.x RBAC manager. */
export interface ServiceVersion {
  readonly service?: { readonly version?: string };
  readonly api?: { readonly version?: string };
  readonly db?: { readonly schema_version?: string };
  readonly engine?: { readonly version?: string; readonly db?: string };
}

/** `GET /status` of the 4.x RBAC manager. */
export interface ServiceStatus {
  readonly busy?: boolean;
  readonly up?: boolean;
  readonly message?: string;
}
