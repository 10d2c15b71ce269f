import { TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { SecopsProvider, Uidp, chainguard } from '../../src';
// cdktf's jest matcher typings (Testing.setupJest() registers the matchers themselves).
import 'cdktf/lib/testing/adapters/jest';

Testing.setupJest();

const GROUP = '0475f6baca584a8964a6bce6b74dbe78dd8805b6/b74ce966caf448d1';
const SUBSCRIPTION = `${GROUP}/bcb18b9a6f9f62b6`;

function slackStack(): { stack: TerraformStack; subscription: chainguard.Subscription } {
  const stack = new TerraformStack(Testing.app(), 'stack');
  new SecopsProvider(stack, 'secops', { chainguard: { apiUrl: 'https://console-api.enforce.dev' } });
  const subscription = new chainguard.Subscription(stack, 'slack', { parentId: GROUP, sink: 'https://hooks.example.com/cg' });
  return { stack, subscription };
}

/** Synthesizes with validations, as `cdktf synth` does; returns the error message ('' when valid). */
function validationErrors(build: (stack: TerraformStack) => void): string {
  const stack = new TerraformStack(Testing.app(), 'stack');
  new SecopsProvider(stack, 'secops');
  build(stack);
  try {
    Testing.synth(stack, true);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('chainguard.Subscription', () => {
  test('synthesizes secops_chainguard_subscription and the provider\'s chainguard block', () => {
    const synthesized = Testing.synth(slackStack().stack);
    expect(synthesized).toMatchSnapshot();
    expect(synthesized).toHaveResourceWithProperties(chainguard.Subscription, { parent_id: GROUP, sink: 'https://hooks.example.com/cg' });
    expect(synthesized).toHaveProviderWithProperties(SecopsProvider, { chainguard: { api_url: 'https://console-api.enforce.dev' } });
    expect(chainguard.Subscription.tfResourceType).toBe('secops_chainguard_subscription');
  });

  test('its computed id is a token for other constructs', () => {
    const { stack, subscription } = slackStack();
    new TerraformOutput(stack, 'id', { value: subscription.id });
    expect(JSON.parse(Testing.synth(stack)).output.id.value).toBe('${secops_chainguard_subscription.slack.id}');
  });

  test('importFrom adds an import block by subscription UIDP', () => {
    const { stack, subscription } = slackStack();
    subscription.importFrom(SUBSCRIPTION);
    expect(JSON.parse(Testing.synth(stack)).import).toEqual([{ id: SUBSCRIPTION, to: 'secops_chainguard_subscription.slack' }]);
  });

  test('a malformed group UIDP or sink fails at synth, naming the construct and the attribute', () => {
    const errors = validationErrors(stack => {
      new chainguard.Subscription(stack, 'bad-group', { parentId: 'platform-team', sink: 'https://hooks.example.com/cg' });
      new chainguard.Subscription(stack, 'bad-sink', { parentId: GROUP, sink: 'hooks.example.com/cg' });
    });
    expect(errors).toContain('[stack/bad-group] parent_id: is not a UIDP: must start with a UID of 40 lower-case hex characters (20 bytes), got "platform-team"');
    expect(errors).toContain('[stack/bad-sink] sink: must be an http:// or https:// URL, got "hooks.example.com/cg"');
  });

  test('UIDP helpers compose with constructs: a subscription on the parent of a known group', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    new SecopsProvider(stack, 'secops');
    new chainguard.Subscription(stack, 'parent', { parentId: Uidp.parent(GROUP)!, sink: 'https://hooks.example.com/all' });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(chainguard.Subscription, { parent_id: '0475f6baca584a8964a6bce6b74dbe78dd8805b6' });
  });

  test('is valid Terraform for the real terraform and the provider installed at synth', () => {
    expect(Testing.fullSynth(slackStack().stack)).toBeValidTerraform();
  });
});

describe('chainguard.DataSubscriptions', () => {
  test('synthesizes data secops_chainguard_subscriptions; its list elements are references', () => {
    const synthesized = Testing.synthScope(scope => {
      new SecopsProvider(scope, 'secops');
      const subscriptions = new chainguard.DataSubscriptions(scope, 'all', { parentId: GROUP, directOnly: true });
      new TerraformOutput(scope, 'first', { value: subscriptions.subscriptions.get(0).sink });
    });
    expect(synthesized).toMatchSnapshot();
    expect(synthesized).toHaveDataSourceWithProperties(chainguard.DataSubscriptions, { parent_id: GROUP, direct_only: true });
    expect(JSON.parse(synthesized).output.first.value).toBe('${data.secops_chainguard_subscriptions.all.subscriptions[0].sink}');
  });
});
