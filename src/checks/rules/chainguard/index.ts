import { chainguardSinkCredentialsInUrl } from './chainguard-sink-credentials-in-url';
import { chainguardSinkNotHttps } from './chainguard-sink-not-https';
import { chainguardSinkPrivateAddress } from './chainguard-sink-private-address';
import { chainguardSubscriptionDestroyed } from './chainguard-subscription-destroyed';
import { RulePack } from '../../model';
import { nounsOf } from '../../nouns';
import { knownUrl } from '../../values';

/** The Chainguard pack: one rule per file in this folder. */
export const chainguardPack: RulePack = {
  name: 'chainguard',
  title: 'Chainguard',
  rules: [chainguardSinkNotHttps, chainguardSinkCredentialsInUrl, chainguardSinkPrivateAddress, chainguardSubscriptionDestroyed],
  nouns: nounsOf('chainguard', { secops_chainguard_subscription: 'event subscription' }),
  /** The sink's scheme, host and path: never its query or user info, which may hold secrets. */
  describe(view, values) {
    if (view.type !== 'secops_chainguard_subscription') return undefined;
    const url = knownUrl(values.sink);
    return url ? `to ${url.protocol}//${url.host}${url.pathname}` : undefined;
  },
};
