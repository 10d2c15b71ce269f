import { isHttpUrl } from './provider-block';
import { Uidp } from '../../chainguard/uidp';
import { ChainguardClient, Subscription } from '../../clients/chainguard/client';
import { STRING } from '../../provider/cty/types';
import { defineResource } from '../../provider/definitions';
import { Validator } from '../../provider/schema';
import { validators } from '../../provider/validate';

/**
 * secops_chainguard_subscription: a Chainguard event subscription
 * (`chainctl events subscriptions create --group GROUP URL`). Every action in the group and in
 * the groups below it reaches the sink as a CloudEvent, with an OIDC token whose subject is
 * `webhook:<group UIDP>`. Chainguard has no update call for subscriptions: a change of group or
 * sink creates a new subscription (with a new id) and deletes the old one.
 */
export interface SubscriptionModel {
  id: string | null;
  parent_id: string;
  sink: string;
}

/** A UIDP attribute: a 40-hex-character UID, then 16-hex-character SUIDs. */
export function uidpValidator(): Validator {
  return validators.custom('a UIDP (40 hex characters, then /-separated 16-hex-character SUIDs)', value => {
    const problem = Uidp.problem(value as string);
    return problem === undefined ? undefined : `is not a UIDP: ${problem}`;
  });
}

const httpUrl = validators.custom('an http:// or https:// URL', value =>
  isHttpUrl(value as string) ? undefined : `must be an http:// or https:// URL, got "${String(value)}"`);

export const subscription = defineResource<ChainguardClient, SubscriptionModel>({
  typeName: 'secops_chainguard_subscription',
  importId: {
    describe: () => 'the subscription\'s UIDP: its group\'s UIDP, a slash and its own SUID',
    normalise: id => {
      const refused = subscriptionIdProblem(id);
      return refused === undefined ? { id } : { refused };
    },
  },
  schema: {
    description: 'A Chainguard event subscription: delivers every event of a group and its descendants to a webhook as signed CloudEvents.',
    attributes: {
      id: {
        type: STRING,
        computed: true,
        description: 'UIDP of the subscription (the group\'s UIDP plus the subscription\'s SUID), assigned by Chainguard. Import with `terraform import <address> <id>`.',
      },
      parent_id: {
        type: STRING,
        required: true,
        requiresReplace: true,
        description: 'UIDP of the group whose events (and those of its descendant groups) are delivered. Tokens carry `sub` = `webhook:<parent_id>`. Changing it replaces the subscription.',
        validators: [uidpValidator()],
      },
      sink: {
        type: STRING,
        required: true,
        requiresReplace: true,
        description: 'Webhook URL (http or https) that receives the events as HTTP POSTs. Changing it replaces the subscription.',
        validators: [httpUrl],
      },
    },
  },

  async create(ctx, planned) {
    const created = await ctx.client.createSubscription(planned.parent_id, planned.sink, ctx.signal);
    return fromChainguard(created);
  },

  async read(ctx, current) {
    const found = await ctx.client.getSubscription(current.id!, ctx.signal);
    return found === undefined ? undefined : fromChainguard(found);
  },

  update() {
    // Unreachable: every attribute requires replacement, so Terraform never plans an update.
    return Promise.reject(new Error('Chainguard subscriptions cannot be changed in place; the provider plans a replacement'));
  },

  async delete(ctx, current) {
    await ctx.client.deleteSubscription(current.id!, ctx.signal);
  },

  importState(_ctx, id) {
    const refused = subscriptionIdProblem(id);
    return refused === undefined ? Promise.resolve({ id }) : Promise.reject(new Error(`"${id}" ${refused}`));
  },

});

/** Why an import ID is not a subscription's UIDP, or undefined when it is one. */
function subscriptionIdProblem(id: string): string | undefined {
  const problem = Uidp.problem(id);
  if (problem !== undefined) return `is not a subscription UIDP: ${problem}`;
  if (Uidp.parent(id) === undefined) return 'is not a subscription UIDP: a subscription lies inside a group, so its UIDP has at least one SUID';
  return undefined;
}

/** The group is the subscription's UIDP minus its own SUID. */
function fromChainguard(item: Subscription): SubscriptionModel {
  return { id: item.id, parent_id: Uidp.parent(item.id) ?? '', sink: item.sink };
}
