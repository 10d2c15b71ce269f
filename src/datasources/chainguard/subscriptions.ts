import { Uidp } from '../../chainguard/uidp';
import { ChainguardClient } from '../../clients/chainguard/client';
import { BOOL, STRING, list, object } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';
import { uidpValidator } from '../../resources/chainguard/subscription';

/** data "secops_chainguard_subscriptions": the event subscriptions under a group. */
export interface SubscriptionSummary {
  id: string;
  parent_id: string;
  sink: string;
}

export interface SubscriptionsData {
  parent_id: string;
  direct_only: boolean | null;
  subscriptions: SubscriptionSummary[] | null;
}

export const subscriptionsData = defineDataSource<ChainguardClient, SubscriptionsData>({
  typeName: 'secops_chainguard_subscriptions',
  schema: {
    description: 'Lists the Chainguard event subscriptions under a group (by default also those of its descendant groups).',
    attributes: {
      parent_id: {
        type: STRING,
        required: true,
        description: 'UIDP of the group.',
        validators: [uidpValidator()],
      },
      direct_only: {
        type: BOOL,
        optional: true,
        description: 'Only subscriptions of the group itself, not of its descendant groups. Default false.',
      },
      subscriptions: {
        type: list(object({ id: STRING, parent_id: STRING, sink: STRING })),
        computed: true,
        description: 'The subscriptions, ordered by id: `id` (UIDP), `parent_id` (the group it belongs to) and `sink`.',
      },
    },
  },

  async read(ctx, config) {
    const filter = config.direct_only === true ? { childrenOf: config.parent_id } : { descendantsOf: config.parent_id };
    const items = await ctx.client.listSubscriptions(filter, ctx.signal);
    const subscriptions = items
      .map(item => ({ id: item.id, parent_id: Uidp.parent(item.id) ?? '', sink: item.sink }))
      .sort((a, b) => a.id.localeCompare(b.id));
    return { ...config, subscriptions };
  },
});
