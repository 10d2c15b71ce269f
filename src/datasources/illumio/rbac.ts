import { computedAttributes, elementType, onlyMatch } from './lookup';
import { QueryParams } from '../../clients/core';
import { IllumioClient } from '../../clients/illumio/client';
import { AuthSecurityPrincipal, Permission, SecurityPrincipal } from '../../clients/illumio/operations';
import { BOOL, STRING, list, set } from '../../provider/cty/types';
import { defineDataSource, Problem } from '../../provider/definitions';
import { validators } from '../../provider/validate';
import {
  AuthSecurityPrincipalModel, authSecurityPrincipal, authSecurityPrincipalFromPce, listAuthSecurityPrincipals,
} from '../../resources/illumio/auth-security-principal';
import { PermissionModel, permission, permissionFromPce } from '../../resources/illumio/permission';
import { SecurityPrincipalResourceModel, securityPrincipal, securityPrincipalFromPce } from '../../resources/illumio/security-principal';

/** Data sources of RBAC: auth security principals, permissions, and the list of security principals. */

const PRINCIPAL = computedAttributes(authSecurityPrincipal.schema.attributes);
const PERMISSION = computedAttributes(permission.schema.attributes);
const SECURITY_PRINCIPAL = computedAttributes(securityPrincipal.schema.attributes);
const principalType = validators.oneOf(['user', 'group']);

/** data "secops_illumio_auth_security_principal": one principal by href, or by exact name (and type, when a user and a group share it). */
export const authSecurityPrincipalData = defineDataSource<IllumioClient, AuthSecurityPrincipalModel>({
  typeName: 'secops_illumio_auth_security_principal',
  schema: {
    description: 'Reads one Illumio auth security principal by `href`, or by exact `name` (with `type` when a user and a group share the name).',
    attributes: {
      ...PRINCIPAL,
      href: { type: STRING, optional: true, computed: true, description: 'The principal\'s href; give this or `name`.' },
      name: { type: STRING, optional: true, computed: true, description: 'Name, matched exactly.' },
      type: { type: STRING, optional: true, computed: true, description: '`user` or `group`, to narrow a `name` lookup.', validators: [principalType] },
    },
  },
  validate(config): Problem[] {
    if ((config.href === null) === (config.name === null)) {
      return [{ path: [], summary: config.href === null ? 'Missing arguments' : 'Conflicting arguments', detail: 'give exactly one of href and name' }];
    }
    return [];
  },
  async read(ctx, config) {
    if (config.href !== null) {
      const found = await ctx.client.getObject<AuthSecurityPrincipal>(config.href, ctx.signal);
      if (!found) throw new Error(`The PCE has no auth security principal ${config.href}`);
      return authSecurityPrincipalFromPce(found);
    }
    const found = await listAuthSecurityPrincipals(ctx.client, { name: config.name, type: config.type }, ctx.signal);
    return authSecurityPrincipalFromPce(onlyMatch(found, 'auth security principal', `named "${config.name}"`));
  },
});

export interface AuthSecurityPrincipalsData {
  name: string | null;
  type: string | null;
  partial_name_match: boolean | null;
  auth_security_principals: AuthSecurityPrincipalModel[] | null;
}

/** data "secops_illumio_auth_security_principals": principals filtered by name and type (20.1's filters). */
export const authSecurityPrincipalsData = defineDataSource<IllumioClient, AuthSecurityPrincipalsData>({
  typeName: 'secops_illumio_auth_security_principals',
  schema: {
    description: 'Lists Illumio auth security principals, all of them or those of a name and/or type.',
    attributes: {
      name: { type: STRING, optional: true, description: 'Only principals with this name (exactly, unless `partial_name_match`).' },
      type: { type: STRING, optional: true, description: 'Only `user` or only `group` principals.', validators: [principalType] },
      partial_name_match: { type: BOOL, optional: true, description: 'Match `name` as a substring, as the PCE does. Default false.' },
      auth_security_principals: { type: list(elementType(PRINCIPAL)), computed: true, description: 'The principals, in the PCE\'s order.' },
    },
  },
  async read(ctx, config) {
    const filter = { name: config.name, type: config.type, partialName: config.partial_name_match ?? false };
    const found = await listAuthSecurityPrincipals(ctx.client, filter, ctx.signal);
    return { ...config, auth_security_principals: found.map(authSecurityPrincipalFromPce) };
  },
});

/** data "secops_illumio_permission": one permission by href. */
export const permissionData = defineDataSource<IllumioClient, PermissionModel>({
  typeName: 'secops_illumio_permission',
  schema: {
    description: 'Reads one Illumio permission by `href` (permissions have no name; list them by role or principal with `secops_illumio_permissions`).',
    attributes: { ...PERMISSION, href: { type: STRING, required: true, description: 'The permission\'s href.' } },
  },
  async read(ctx, config) {
    const found = await ctx.client.getObject<Permission>(config.href!, ctx.signal);
    if (!found) throw new Error(`The PCE has no permission ${config.href}`);
    return permissionFromPce(found);
  },
});

export interface PermissionsData {
  role: string | null;
  auth_security_principal: string | null;
  scope: string[] | null;
  permissions: PermissionModel[] | null;
}

/** data "secops_illumio_permissions": permissions filtered by role, principal and scope (20.1's filters). */
export const permissionsData = defineDataSource<IllumioClient, PermissionsData>({
  typeName: 'secops_illumio_permissions',
  schema: {
    description: 'Lists Illumio permissions, all of them or those of a role, an auth security principal and/or a scope.',
    attributes: {
      role: { type: STRING, optional: true, description: 'Only permissions of the role with this href.' },
      auth_security_principal: { type: STRING, optional: true, description: 'Only permissions of the principal with this href.' },
      scope: { type: set(STRING), optional: true, description: 'Only permissions with exactly this scope (label hrefs; empty for global ones).' },
      permissions: { type: list(elementType(PERMISSION)), computed: true, description: 'The permissions, in the PCE\'s order.' },
    },
  },
  async read(ctx, config) {
    // 20.1: role and auth_security_principal are "URI (JSON-encoded string)", scope a JSON list of label URIs.
    const query: QueryParams = {
      role: config.role === null ? undefined : JSON.stringify(config.role),
      auth_security_principal: config.auth_security_principal === null ? undefined : JSON.stringify(config.auth_security_principal),
      scope: config.scope === null ? undefined : JSON.stringify(config.scope.map((href) => ({ href }))),
    };
    const found = await ctx.client.list<Permission>(ctx.client.orgPath('permissions'), query, ctx.signal);
    return { ...config, permissions: found.map(permissionFromPce) };
  },
});

export interface SecurityPrincipalsData {
  name: string | null;
  sid: string | null;
  security_principals: SecurityPrincipalResourceModel[] | null;
}

/** data "secops_illumio_security_principals": security principals filtered by name and SID (20.1's filters). */
export const securityPrincipalsData = defineDataSource<IllumioClient, SecurityPrincipalsData>({
  typeName: 'secops_illumio_security_principals',
  schema: {
    description: 'Lists Illumio security principals (user groups for rules), all of them or those of a name and/or SID.',
    attributes: {
      name: { type: STRING, optional: true, description: 'Only principals with exactly this name.' },
      sid: { type: STRING, optional: true, description: 'Only the principal with this SID.' },
      security_principals: { type: list(elementType(SECURITY_PRINCIPAL)), computed: true, description: 'The principals, in the PCE\'s order.' },
    },
  },
  async read(ctx, config) {
    const found = await ctx.client.list<SecurityPrincipal>(ctx.client.orgPath('security_principals'), { name: config.name ?? undefined, sid: config.sid ?? undefined }, ctx.signal);
    const exact = found.filter((p) => (config.name === null || p.name === config.name) && (config.sid === null || p.sid === config.sid));
    return { ...config, security_principals: exact.map(securityPrincipalFromPce) };
  },
});
