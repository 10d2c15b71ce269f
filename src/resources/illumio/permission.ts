import { illumioHref } from './import-id';
import { IllumioClient } from '../../clients/illumio/client';
import { Permission } from '../../clients/illumio/operations';
import { STRING, set } from '../../provider/cty/types';
import { CtyValue } from '../../provider/cty/values';
import { defineResource } from '../../provider/definitions';
import { validators } from '../../provider/validate';

/**
 * secops_illumio_permission: a role granted to an auth security principal within a scope of
 * labels (`/orgs/:org/permissions/:uuid`, 20.1 "Permissions"), the PCE's role assignment.
 * Global roles (owner, admin, read_only, global_object_provisioner) take an empty scope; scoped
 * roles (ruleset_manager, ruleset_provisioner) the labels of the applications they cover.
 */
export interface PermissionModel {
  href: string | null;
  role: string;
  auth_security_principal: string;
  scope: string[] | null;
}

export const ROLE_NAMES = ['owner', 'admin', 'read_only', 'global_object_provisioner', 'ruleset_manager', 'ruleset_provisioner'];
const ROLE = /^\/orgs\/\d+\/roles\/[a-z_]+$/;
const PRINCIPAL = /^\/orgs\/\d+\/auth_security_principals\/[^/]+$/;
const LABEL = /^\/orgs\/\d+\/labels\/\d+$/;

const roleHref = validators.custom('a role href', (value: CtyValue) => ROLE.test(value as string) ? undefined
  : `must be a role href like /orgs/1/roles/ruleset_manager (roles: ${ROLE_NAMES.join(', ')}), got "${String(value)}"`);
const principalHref = validators.custom('an auth security principal href', (value: CtyValue) => PRINCIPAL.test(value as string) ? undefined
  : `must be an auth security principal href like /orgs/1/auth_security_principals/<uuid>, got "${String(value)}"`);
const labelHrefs = validators.custom('label hrefs', (value: CtyValue) => {
  const bad = (value as CtyValue[]).filter((href) => typeof href === 'string' && !LABEL.test(href));
  return bad.length === 0 ? undefined : `must hold label hrefs like /orgs/1/labels/12, got ${bad.map((href) => JSON.stringify(href)).join(', ')}`;
});

export const permission = defineResource<IllumioClient, PermissionModel>({
  typeName: 'secops_illumio_permission',
  importId: illumioHref('permissions/:id'),
  schema: {
    description: 'An Illumio permission: a role granted to an auth security principal, globally or within a scope of labels.',
    attributes: {
      href: { type: STRING, computed: true, description: 'The permission\'s href, `/orgs/:org/permissions/:uuid`. Import with `terraform import <address> <href>`.' },
      role: { type: STRING, required: true, description: `Href of the role, \`/orgs/:org/roles/<name>\`; names: ${ROLE_NAMES.map((r) => `\`${r}\``).join(', ')}.`, validators: [roleHref] },
      auth_security_principal: { type: STRING, required: true, description: 'Href of the auth security principal (user or group) granted the role.', validators: [principalHref] },
      scope: {
        type: set(STRING),
        optional: true,
        computed: true,
        validators: [labelHrefs],
        description: 'Hrefs of the labels the role is limited to (at most one per key); empty for global roles. Unset: empty.',
      },
    },
  },

  validate(config) {
    const role = typeof config.role === 'string' ? config.role.split('/').pop()! : undefined;
    const global = role !== undefined && ['owner', 'admin', 'read_only', 'global_object_provisioner'].includes(role);
    if (global && Array.isArray(config.scope) && config.scope.length > 0) {
      return [{ path: ['scope'], summary: 'Scope of a global role', detail: `role ${role} applies to the whole org; leave scope empty` }];
    }
    return [];
  },

  async create(ctx, planned) {
    // The documents name no unique key: a lost create is found by content among the permissions.
    const path = ctx.client.orgPath('permissions');
    const lookup = { byContent: () => ctx.client.list<Permission>(path, {}, ctx.signal) };
    const created = await ctx.client.createObject<Permission>(path, toPce(planned), lookup, ctx.signal);
    return permissionFromPce(created);
  },

  async read(ctx, current) {
    const found = await ctx.client.getObject<Permission>(current.href!, ctx.signal);
    return found ? permissionFromPce(found) : undefined;
  },

  async update(ctx, planned, prior) {
    const found = await ctx.client.updateObjectAndRead<Permission>(prior.href!, toPce(planned), 'permission', ctx.signal);
    return permissionFromPce(found);
  },

  async delete(ctx, current) {
    await ctx.client.deleteObject(current.href!, ctx.signal);
  },

  async importState(_ctx, href) {
    return { href };
  },
});

function toPce(model: PermissionModel): Record<string, unknown> {
  const scope = Array.isArray(model.scope) ? model.scope : [];
  return { role: { href: model.role }, scope: scope.map((href) => ({ href })), auth_security_principal: { href: model.auth_security_principal } };
}

export function permissionFromPce(pce: Permission): PermissionModel {
  return {
    href: pce.href,
    role: pce.role?.href ?? '',
    auth_security_principal: pce.auth_security_principal?.href ?? '',
    scope: (pce.scope ?? []).map((label) => label.href),
  };
}
