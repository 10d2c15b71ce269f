import { FindingSeverity, Rule } from '../../model';
import { knownUrl } from '../../values';

/** Query parameters whose name says they carry a secret. */
const SECRET_PARAMETER = /token|secret|passw(or)?d|api[-_]?key|^key$|^sig(nature)?$|auth/i;

/**
 * Chainguard authenticates itself to the sink with a signed OIDC token, which the receiver
 * verifies; a secret written into the URL instead ends up in the Terraform state, plan output,
 * the Chainguard console and every proxy log on the way. (The review never quotes the secret.)
 */
export const chainguardSinkCredentialsInUrl: Rule = {
  id: 'chainguard-sink-credentials-in-url',
  severity: FindingSeverity.ERROR,
  description: 'A subscription sink URL carries credentials (user:password@ or a secret query parameter).',
  remediation: 'Remove the secret from the URL and have the receiver verify the OIDC token Chainguard sends (issuer, audience, `webhook:<group>` subject).',
  resourceTypes: ['secops_chainguard_subscription'],
  check(view) {
    if (view.sensitiveAttributes?.includes('sink')) return [];
    const url = knownUrl(view.values!.sink);
    if (!url) return [];
    const found: string[] = [];
    if (url.username !== '' || url.password !== '') found.push('a user name and password before the host');
    const parameters = [...new Set([...url.searchParams.keys()].filter(name => SECRET_PARAMETER.test(name)))];
    if (parameters.length > 0) found.push(`the query parameter${parameters.length > 1 ? 's' : ''} ${parameters.map(p => `\`${p}\``).join(', ')}`);
    return found.length === 0 ? [] : [`The sink URL for ${url.host} carries ${found.join(' and ')}: the secret is stored in state and shown wherever the URL is.`];
  },
};
