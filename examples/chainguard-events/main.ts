/**
 * Chainguard events as code: subscribe a webhook to every event of a group (and of the groups
 * below it). `receiver.ts` is the webhook: it verifies each delivery and prints it as a
 * notification.
 *
 * The provider reads CHAINGUARD_API_URL and CHAINGUARD_TOKEN at deploy time; the group comes
 * from CHAINGUARD_GROUP (or `-var group=...`), the webhook URL from RECEIVER_URL. Point them at
 * `npx secops sandbox` or at Chainguard (token from `chainctl auth token`).
 */
import { App, Aspects, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
// In your own app: import { SecopsChecks, SecopsProvider, SecopsSuppressions, chainguard } from 'cdktf-secops';
// this example imports the checkout's sources so it runs after `npm install`, with no build.
import { SecopsChecks, SecopsProvider, SecopsSuppressions, chainguard } from '../../src';

class ChainguardEventsStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new SecopsProvider(this, 'secops', {});

    const group = new TerraformVariable(this, 'group', {
      type: 'string',
      description: 'UIDP of the Chainguard group whose events to receive',
      default: process.env.CHAINGUARD_GROUP,
    });

    const sink = process.env.RECEIVER_URL ?? 'http://127.0.0.1:8787/events';
    const webhook = new chainguard.Subscription(this, 'webhook', { parentId: group.stringValue, sink });
    if (sink.startsWith('http://127.0.0.1:')) {
      // receiver.ts on this machine, without TLS: the review checks would refuse it; the reason is on record.
      const reason = 'The example delivers to receiver.ts on this machine, which verifies every token';
      SecopsSuppressions.addToConstruct(webhook, [
        { ruleId: 'chainguard-sink-not-https', reason },
        { ruleId: 'chainguard-sink-private-address', reason },
      ]);
    }

    const all = new chainguard.DataSubscriptions(this, 'all', { parentId: group.stringValue, dependsOn: [webhook] });

    new TerraformOutput(this, 'subscription-id', { value: webhook.id });
    new TerraformOutput(this, 'subscriptions', { value: all.subscriptions });
  }
}

const app = new App();
Aspects.of(app).add(new SecopsChecks());
new ChainguardEventsStack(app, 'chainguard-events');
app.synth();
