import { nonPublicHost } from './sink-host';
import { FindingSeverity, Rule } from '../../model';
import { knownUrl } from '../../values';

/**
 * Chainguard delivers from its own cloud: a sink on a loopback, private or link-local address
 * either never receives an event (the audit stream silently goes nowhere) or, where such an
 * address is reachable from the sender, points Chainguard's requests at internal services.
 * Only literal addresses and `localhost` are judged; a DNS name cannot be.
 */
export const chainguardSinkPrivateAddress: Rule = {
  id: 'chainguard-sink-private-address',
  severity: FindingSeverity.WARNING,
  description: 'A subscription sink is a loopback, private or link-local address that Chainguard cannot reach from the internet.',
  remediation: 'Point the sink at the webhook\'s public https endpoint (an ingress or a gateway in front of the receiver).',
  resourceTypes: ['secops_chainguard_subscription'],
  check(view) {
    const url = knownUrl(view.values!.sink);
    const kind = url && nonPublicHost(url.hostname);
    if (!kind) return [];
    return [`The sink's host ${url.hostname} is ${kind}: Chainguard delivers from the internet, so its events never arrive (or reach an internal service).`];
  },
};
