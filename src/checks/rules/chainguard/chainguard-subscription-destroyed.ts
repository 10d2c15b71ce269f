import { FindingSeverity, Rule } from '../../model';
import { knownUrl } from '../../values';

/**
 * A subscription is often the organisation's audit feed into a SIEM or an alerting pipeline.
 * Destroying it stops that feed; replacing it (a new sink or group) leaves a gap and changes
 * where events go. Chainguard does not redeliver events from before the new subscription.
 */
export const chainguardSubscriptionDestroyed: Rule = {
  id: 'chainguard-subscription-destroyed',
  severity: FindingSeverity.WARNING,
  description: 'The plan removes an event subscription: its sink stops receiving the group\'s events.',
  remediation: 'Confirm nothing (SIEM, alerting, audit archive) depends on the feed, or create its successor first.',
  resourceTypes: ['secops_chainguard_subscription'],
  inspects: 'destroy',
  check(view) {
    const host = knownUrl(view.before?.sink)?.host;
    const sink = host ? ` to ${host}` : '';
    return view.action === 'replace'
      ? [`Replacing the subscription deletes the delivery${sink} and creates a new one: events in between are not delivered.`]
      : [`Destroying the subscription stops delivering the group's events${sink}.`];
  },
};
