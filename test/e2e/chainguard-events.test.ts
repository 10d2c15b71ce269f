import { TerraformWorkspace } from './workspace';
import { ChainguardEventReceiver, ChainguardEventTypes } from '../../src/chainguard';
import { startSandbox, Sandbox } from '../../src/cli/sandbox';
import { TestSink } from '../chainguard/sink';

/**
 * The whole loop against `secops sandbox`: terraform subscribes a webhook with the bundled
 * provider, the sandbox's Chainguard simulator delivers signed events to it, and a receiver that
 * knows only the sandbox's export lines (issuer and group) verifies them.
 */
describe('chainguard events end to end: terraform subscribes, the sandbox delivers, the receiver verifies', () => {
  let sandbox: Sandbox;
  const sink = new TestSink();
  let tf: TerraformWorkspace;

  beforeAll(async () => {
    sandbox = await startSandbox();
    await sink.start();
    sink.receiver = new ChainguardEventReceiver({ group: sandbox.env.CHAINGUARD_GROUP!, issuer: sandbox.env.CHAINGUARD_ISSUER! });
    tf = new TerraformWorkspace({ ...sandbox.env });
    tf.writeConfig(`
provider "secops" {}

variable "group" { type = string }

resource "secops_chainguard_subscription" "webhook" {
  parent_id = var.group
  sink      = "${sink.url}/chainguard"
}
`);
    await tf.expect(0, 'init', '-input=false');
  });

  afterAll(async () => {
    tf?.dispose();
    await sink.stop();
    await sandbox?.stop();
  });

  const chainguard = () => sandbox.simulators.chainguard;
  const vars = () => ['-var', `group=${sandbox.env.CHAINGUARD_GROUP}`];

  test('the sandbox exports the Chainguard API, token, issuer and group', () => {
    expect(sandbox.exports).toEqual(expect.arrayContaining([
      `export CHAINGUARD_API_URL=${chainguard().url}`,
      `export CHAINGUARD_TOKEN=${chainguard().token}`,
      `export CHAINGUARD_ISSUER=${chainguard().issuer}`,
      `export CHAINGUARD_GROUP=${chainguard().rootGroupId}`,
    ]));
  });

  test('apply subscribes the sink, which receives and accepts the subscription\'s creation; a second plan is clean', async () => {
    await tf.expect(0, 'apply', '-auto-approve', '-input=false', ...vars());
    await chainguard().deliveriesSettled();
    expect(sink.received.map(r => [r.path, r.verdict?.status, r.verdict?.event?.type])).toEqual([
      ['/chainguard', 200, ChainguardEventTypes.SUBSCRIPTION_CREATED],
    ]);
    expect(sink.received[0]!.verdict!.event!.subject).toBe(chainguard().subscriptions()[0]!.id);
    await tf.expect(0, 'plan', '-detailed-exitcode', '-input=false', ...vars());
  });

  test('simulated actions in a child group reach the subscription and verify', async () => {
    sink.clear();
    const team = chainguard().trigger({ type: ChainguardEventTypes.GROUP_CREATED, body: { name: 'platform' } }).subject;
    chainguard().trigger({ type: ChainguardEventTypes.CLUSTER_CREATED, group: team });
    chainguard().trigger({ type: ChainguardEventTypes.POLICY_UPDATED, group: team });
    chainguard().trigger({ type: ChainguardEventTypes.REGISTRY_PUSH, group: team });
    chainguard().trigger({ type: ChainguardEventTypes.REGISTRY_PULL, group: team });
    await chainguard().deliveriesSettled();
    // Deliveries run concurrently: their order of arrival is not the order of the actions.
    expect(sink.received.map(r => [r.verdict?.status, r.verdict?.event?.type, r.verdict?.event?.group]).sort()).toEqual([
      [200, ChainguardEventTypes.GROUP_CREATED, sandbox.env.CHAINGUARD_GROUP],
      [200, ChainguardEventTypes.CLUSTER_CREATED, team],
      [200, ChainguardEventTypes.POLICY_UPDATED, team],
      [200, ChainguardEventTypes.REGISTRY_PUSH, team],
      [200, ChainguardEventTypes.REGISTRY_PULL, team],
    ].sort());
  });

  test('destroy removes the subscription: later events are not delivered', async () => {
    await tf.expect(0, 'destroy', '-auto-approve', '-input=false', ...vars());
    sink.clear();
    chainguard().trigger({ type: ChainguardEventTypes.REGISTRY_PUSH });
    await chainguard().deliveriesSettled();
    expect(chainguard().subscriptions()).toEqual([]);
    expect(sink.received).toEqual([]);
  });
});
