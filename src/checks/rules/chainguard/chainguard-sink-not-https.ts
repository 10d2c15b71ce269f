import { FindingSeverity, Rule } from '../../model';
import { knownUrl } from '../../values';

/**
 * Chainguard posts every event of the group to the sink with a bearer OIDC token in the
 * Authorization header. Over plain http, anyone on the path reads the organisation's audit trail
 * and the token, and can change or drop events.
 */
export const chainguardSinkNotHttps: Rule = {
  id: 'chainguard-sink-not-https',
  severity: FindingSeverity.ERROR,
  description: 'A subscription delivers events (and their bearer tokens) to a sink over plain http.',
  remediation: 'Serve the webhook over https and use an `https://` sink URL.',
  resourceTypes: ['secops_chainguard_subscription'],
  check(view) {
    const url = knownUrl(view.values!.sink);
    if (!url || url.protocol !== 'http:') return [];
    return [`Events and their OIDC bearer tokens go to ${url.host} unencrypted (\`http://\`): readable and alterable on the way.`];
  },
};
