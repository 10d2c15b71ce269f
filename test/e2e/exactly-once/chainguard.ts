import { Census, censusOf, FaultScenario } from './harness';
import { Uidp } from '../../../src/chainguard/uidp';
import { ChainguardSimulator, StoredSubscription } from '../../../src/simulators/chainguard';

const TEAMS = ['platform', 'payments', 'search', 'identity', 'billing', 'mobile', 'data', 'security', 'infra', 'web'];

/** Sinks that refuse at once: the simulator's deliveries of subscription events fail fast, one attempt each. */
const sink = (path: string): string => `https://127.0.0.1:9/${path}`;
const PAGER = sink('pager');

interface Planned { readonly name: string; readonly group: 'root' | 'team'; readonly sink: string }

/**
 * 22 subscriptions in two groups: an audit sink per team at the root, an alerts sink per team in
 * the `team` group, and two resources with the identical group and sink (Chainguard has no
 * unique key: each must end up with a subscription of its own).
 */
function planned(): Planned[] {
  const perTeam = TEAMS.flatMap((team): Planned[] => [
    { name: `${team}_audit`, group: 'root', sink: sink(`${team}/audit`) },
    { name: `${team}_alerts`, group: 'team', sink: sink(`${team}/alerts`) },
  ]);
  return [...perTeam, { name: 'pager_a', group: 'team', sink: PAGER }, { name: 'pager_b', group: 'team', sink: PAGER }];
}

const describe = (group: string, subscriptionSink: string): string => `${group} | ${subscriptionSink}`;

/**
 * Chainguard subscriptions. The `team` group is made before the runs, with a subscription of the
 * same sink as the twins already in it: it is not the configuration's (left out of the census),
 * and a lookup that adopted it would leave one twin short.
 */
export function chainguardScenario(): FaultScenario {
  let chainguard: ChainguardSimulator | undefined;
  let team = '';
  let seeded = new Set<string>();
  const sim = (): ChainguardSimulator => {
    if (chainguard === undefined) throw new Error('the Chainguard scenario is not started');
    return chainguard;
  };
  const groupName = (subscription: StoredSubscription): string => {
    const parent = Uidp.parent(subscription.id);
    return sim().groups().find((group) => group.id === parent)?.name ?? `unknown group ${parent}`;
  };
  return {
    name: 'Chainguard',
    async start() {
      chainguard = new ChainguardSimulator({ env: {}, rootGroupName: 'root', delivery: { maxAttempts: 1 } });
      await chainguard.start();
      team = chainguard.createGroup(chainguard.rootGroupId, 'team').id;
      const response = await fetch(`${chainguard.url}/events/v1/subscriptions/${team}`, {
        method: 'POST', headers: { authorization: `Bearer ${chainguard.token}` }, body: JSON.stringify({ sink: PAGER }),
      });
      if (!response.ok) throw new Error(`seeding the pre-existing subscription failed: ${response.status}`);
      seeded = new Set(chainguard.subscriptions().map((subscription) => subscription.id));
    },
    simulators: () => [sim()],
    env: () => ({ CHAINGUARD_API_URL: sim().url, CHAINGUARD_TOKEN: sim().token }),
    config: () => ['provider "secops" {}', ...planned().map((subscription) => [
      `resource "secops_chainguard_subscription" "${subscription.name}" {`,
      `  parent_id = "${subscription.group === 'root' ? sim().rootGroupId : team}"`,
      `  sink      = "${subscription.sink}"`,
      '}',
    ].join('\n'))].join('\n\n'),
    expected: (): Census => censusOf(planned().map((subscription) => describe(subscription.group, subscription.sink))),
    census: async () => censusOf(sim().subscriptions()
      .filter((subscription) => !seeded.has(subscription.id))
      .map((subscription) => describe(groupName(subscription), subscription.sink))),
    async stop() {
      await chainguard?.stop();
      chainguard = undefined;
    },
  };
}
