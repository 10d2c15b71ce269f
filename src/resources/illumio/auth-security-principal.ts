import { illumioHref } from './import-id';
import { IllumioClient } from '../../clients/illumio/client';
import { AuthSecurityPrincipal } from '../../clients/illumio/operations';
import { STRING } from '../../provider/cty/types';
import { defineResource } from '../../provider/definitions';
import { validators } from '../../provider/validate';

/**
 * secops_illumio_auth_security_principal: a user or group that can be granted roles
 * (`/orgs/:org/auth_security_principals/:uuid`, 20.1 "Auth Security Principals"), e.g. an
 * identity provider group. A type and name identify it; all of it changes in place.
 */
export interface AuthSecurityPrincipalModel {
  href: string | null;
  type: string;
  name: string;
  display_name: string | null;
}

export const authSecurityPrincipal = defineResource<IllumioClient, AuthSecurityPrincipalModel>({
  typeName: 'secops_illumio_auth_security_principal',
  importId: illumioHref('auth_security_principals/:id'),
  schema: {
    description: 'An Illumio auth security principal: a user or group that permissions grant roles to.',
    attributes: {
      href: { type: STRING, computed: true, description: 'The principal\'s href, `/orgs/:org/auth_security_principals/:uuid`. Import with `terraform import <address> <href>`.' },
      type: { type: STRING, required: true, description: '`user` or `group`.', validators: [validators.oneOf(['user', 'group'])] },
      name: { type: STRING, required: true, description: 'The user\'s login (e-mail) or the group\'s name at the identity provider.', validators: [validators.notEmpty()] },
      display_name: { type: STRING, optional: true, description: 'Name shown in the PCE console.' },
    },
  },

  async create(ctx, planned) {
    const body = { type: planned.type, name: planned.name, display_name: planned.display_name ?? undefined };
    // The documents do not say that type and name are unique: a lost create is found by content among those of its name.
    const created = await ctx.client.createObject<AuthSecurityPrincipal>(ctx.client.orgPath('auth_security_principals'), body,
      { byContent: () => listAuthSecurityPrincipals(ctx.client, { name: planned.name, type: planned.type }, ctx.signal) }, ctx.signal);
    return authSecurityPrincipalFromPce(created);
  },

  async read(ctx, current) {
    const found = await ctx.client.getObject<AuthSecurityPrincipal>(current.href!, ctx.signal);
    return found ? authSecurityPrincipalFromPce(found) : undefined;
  },

  async update(ctx, planned, prior) {
    const found = await ctx.client.updateObjectAndRead<AuthSecurityPrincipal>(prior.href!, { type: planned.type, name: planned.name, display_name: planned.display_name ?? '' }, 'auth security principal', ctx.signal);
    return authSecurityPrincipalFromPce(found);
  },

  async delete(ctx, current) {
    await ctx.client.deleteObject(current.href!, ctx.signal);
  },

  async importState(_ctx, href) {
    return { href };
  },
});

/** Principals with exactly this name (the PCE matches names partially) and, if given, this type. */
export async function listAuthSecurityPrincipals(
  client: IllumioClient, filter: { name?: string | null; type?: string | null; partialName?: boolean }, signal?: AbortSignal,
): Promise<AuthSecurityPrincipal[]> {
  const found = await client.list<AuthSecurityPrincipal>(client.orgPath('auth_security_principals'), {
    name: filter.name ?? undefined, type: filter.type ?? undefined,
  }, signal);
  return found.filter((p) => filter.partialName || filter.name === undefined || filter.name === null || p.name === filter.name);
}

export function authSecurityPrincipalFromPce(pce: AuthSecurityPrincipal): AuthSecurityPrincipalModel {
  return { href: pce.href, type: pce.type ?? '', name: pce.name ?? '', display_name: pce.display_name || null };
}
