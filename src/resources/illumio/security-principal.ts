import { illumioHref } from './import-id';
import { IllumioClient } from '../../clients/illumio/client';
import { SecurityPrincipal } from '../../clients/illumio/operations';
import { STRING } from '../../provider/cty/types';
import { defineResource } from '../../provider/definitions';
import { validators } from '../../provider/validate';

/**
 * secops_illumio_security_principal: a user group, by its Active Directory SID, that security
 * rules name as consumers (`/orgs/:org/security_principals`, 20.1 "Security Principals"). The SID
 * is unique in the org and fixed (a new one replaces the principal); name and description change
 * in place. A principal that rules still name cannot be deleted.
 */
export interface SecurityPrincipalResourceModel {
  href: string | null;
  sid: string;
  name: string;
  description: string | null;
}

export const securityPrincipal = defineResource<IllumioClient, SecurityPrincipalResourceModel>({
  typeName: 'secops_illumio_security_principal',
  importId: illumioHref('security_principals/:id'),
  schema: {
    description: 'An Illumio security principal: a user group (Active Directory SID) for the `consuming_security_principals` of security rules.',
    attributes: {
      href: { type: STRING, computed: true, description: 'The principal\'s href. Import with `terraform import <address> <href>`.' },
      sid: { type: STRING, required: true, requiresReplace: true, description: 'Active Directory SID (or other unique identifier). Changing it replaces the principal.', validators: [validators.notEmpty()] },
      name: { type: STRING, required: true, description: 'Name of the security principal.', validators: [validators.notEmpty()] },
      description: { type: STRING, optional: true, description: 'A longer description.' },
    },
  },

  async create(ctx, planned) {
    const body = { sid: planned.sid, name: planned.name, description: planned.description ?? undefined };
    // The SID is unique (20.1: "Active Directory SID (or any other unique identifier)").
    const created = await ctx.client.createObject<SecurityPrincipal>(ctx.client.orgPath('security_principals'), body, {
      byKey: async () => (await ctx.client.list<SecurityPrincipal>(ctx.client.orgPath('security_principals'), { sid: planned.sid }, ctx.signal))
        .filter((p) => p.sid === planned.sid),
    }, ctx.signal);
    return securityPrincipalFromPce(created);
  },

  async read(ctx, current) {
    const found = await ctx.client.getObject<SecurityPrincipal>(current.href!, ctx.signal);
    return found ? securityPrincipalFromPce(found) : undefined;
  },

  async update(ctx, planned, prior) {
    const found = await ctx.client.updateObjectAndRead<SecurityPrincipal>(prior.href!, { name: planned.name, description: planned.description ?? '' }, 'security principal', ctx.signal);
    return securityPrincipalFromPce(found);
  },

  async delete(ctx, current) {
    await ctx.client.deleteObject(current.href!, ctx.signal);
  },

  async importState(_ctx, href) {
    return { href };
  },
});

export function securityPrincipalFromPce(pce: SecurityPrincipal): SecurityPrincipalResourceModel {
  return { href: pce.href, sid: pce.sid ?? '', name: pce.name ?? '', description: pce.description || null };
}
