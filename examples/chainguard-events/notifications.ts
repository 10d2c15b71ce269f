import { ChainguardEvent, ChainguardEventTypes } from '../../src';

/**
 * Readable one-line notifications for Chainguard events, the kind of Slack message or GitHub
 * issue title the reference's sample applications write. Events without a template of their
 * own are described from the catalogue (service and method).
 */
type Template = (event: ChainguardEvent) => string;

const text = (value: unknown): string => (typeof value === 'string' && value !== '' ? value : '?');

const TEMPLATES: Record<string, Template> = {
  [ChainguardEventTypes.REGISTRY_PUSH]: e => `Image pushed to ${text(e.body.repository)}:${text(e.body.tag)} (${text(e.body.digest)}) from ${text(e.body.location)}`,
  [ChainguardEventTypes.REGISTRY_PULL]: e => `Image pulled from ${text(e.body.repository)}:${text(e.body.tag)} by ${text(e.body.user_agent)}`,
  [ChainguardEventTypes.CLUSTER_CREATED]: e => `Cluster "${text((e.body.cluster as Record<string, unknown> | undefined)?.name)}" registered in ${e.group}`,
  [ChainguardEventTypes.CLUSTER_DELETED]: e => `Cluster ${text(e.body.id)} deleted`,
  [ChainguardEventTypes.POLICY_CREATED]: e => `Policy "${text((e.body.policy as Record<string, unknown> | undefined)?.name)}" created in ${e.group}`,
  [ChainguardEventTypes.POLICY_UPDATED]: e => `Policy "${text(e.body.name)}" changed`,
  [ChainguardEventTypes.GROUP_CREATED]: e => `Group "${text(e.body.name)}" created (${e.subject})`,
  [ChainguardEventTypes.SUBSCRIPTION_CREATED]: e => `Events of ${e.group} now go to ${text(e.body.sink)}`,
  [ChainguardEventTypes.SUBSCRIPTION_DELETED]: e => `Subscription ${text(e.body.id)} deleted`,
};

export function notificationText(event: ChainguardEvent): string {
  const template = TEMPLATES[event.type];
  const what = template !== undefined
    ? template(event)
    : `${event.typeInfo?.service ?? event.type} ${event.typeInfo?.methods.join('/') ?? ''}: ${event.subject}`.replace(/ +:/, ':');
  return `[chainguard] ${what} (by ${event.actorSubject || 'unknown'} at ${event.time})`;
}
