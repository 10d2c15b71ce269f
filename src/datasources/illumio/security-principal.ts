import { IllumioClient } from '../../clients/illumio/client';
import { DraftObject } from '../../clients/illumio/types';
import { STRING } from '../../provider/cty/types';
import { defineDataSource, Problem } from '../../provider/definitions';

/**
 * data "secops_illumio_security_principal": one security principal (a user group, by its Active
 * Directory SID) of `/orgs/:org/security_principals`, for a security rule's
 * `consuming_security_principals`. By href, exact name or SID; none or several fail.
 */
export interface SecurityPrincipalModel {
  href: string | null;
  name: string | null;
  sid: string | null;
  description: string | null;
}

/** A security principal as the PCE returns it (20.1 security_principals_get, with its href). */
interface PceSecurityPrincipal extends DraftObject {
  readonly sid?: string;
  readonly description?: string | null;
}

export const securityPrincipalData = defineDataSource<IllumioClient, SecurityPrincipalModel>({
  typeName: 'secops_illumio_security_principal',
  schema: {
    description: 'Reads one Illumio security principal (user group) by `href`, exact `name` or `sid`.',
    attributes: {
      href: { type: STRING, optional: true, computed: true, description: 'The security principal\'s href; give this, `name` or `sid`.' },
      name: { type: STRING, optional: true, computed: true, description: 'Name, matched exactly.' },
      sid: { type: STRING, optional: true, computed: true, description: 'Active Directory SID (or other unique identifier), matched exactly.' },
      description: { type: STRING, computed: true, description: 'Description.' },
    },
  },

  validate(config) {
    const given = [config.href, config.name, config.sid].filter((value) => value !== null).length;
    const problem = (summary: string): Problem[] => [{ path: [], summary, detail: 'give exactly one of href, name and sid' }];
    return given === 0 ? problem('Missing arguments') : given > 1 ? problem('Conflicting arguments') : [];
  },

  async read(ctx, config) {
    if (config.href !== null) {
      // getDraft reads any href of the org (undefined on 404), not only draft policy objects.
      const found = await ctx.client.getDraft<PceSecurityPrincipal>(config.href, ctx.signal);
      if (!found) throw new Error(`The PCE has no security principal ${config.href}`);
      return fromPce(found);
    }
    const query = config.name !== null ? { name: config.name } : { sid: config.sid ?? undefined };
    const found = (await ctx.client.list<PceSecurityPrincipal>(ctx.client.orgPath('security_principals'), query, ctx.signal))
      .filter((principal) => (config.name === null || principal.name === config.name) && (config.sid === null || principal.sid === config.sid));
    const which = config.name !== null ? `named "${config.name}"` : `with sid "${config.sid}"`;
    if (found.length !== 1) {
      const hrefs = found.map((principal) => principal.href).join(', ');
      throw new Error(found.length === 0 ? `The PCE has no security principal ${which}` : `${found.length} security principals are ${which}: ${hrefs}`);
    }
    return fromPce(found[0]!);
  },
});

function fromPce(pce: PceSecurityPrincipal): SecurityPrincipalModel {
  return { href: pce.href, name: pce.name ?? null, sid: pce.sid ?? null, description: pce.description ?? null };
}
