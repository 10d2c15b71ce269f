/**
 * Chainguard events as code: subscribe a webhook to every event of a group (and of the groups
 * below it). `receiver.ts` is the webhook: it verifies each delivery and prints it as a
 * notification.
 *
 * The provider reads CHAINGUARD_API_URL and CHAINGUARD_TOKEN at deploy time; the group comes
 * from CHAINGUARD_GROUP (or `-var group=...`), the webhook URL from RECEIVER_URL. Point them at
 * `npx secops sandbox` or at Chainguard (token from `chainctl auth token`).
 */
import { App, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
// In your own app: import { SecopsProvider, chainguard } from 'cdktf-secops';
// this example imports the checkout's sources so it runs after `npm install`, with no build.
import { SecopsProvider, chainguard } from '../../src';

class ChainguardEventsStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new SecopsProvider(this, 'secops', {});

    const group = new TerraformVariable(this, 'group', {
      type: 'string',
      description: 'UIDP of the Chainguard group whose events to receive',
      default: process.env.CHAINGUARD_GROUP,
    });

    const webhook = new chainguard.Subscription(this, 'webhook', {
      parentId: group.stringValue,
      sink: process.env.RECEIVER_URL ?? 'http://127.0.0.1:8787/events',
    });

    const all = new chainguard.DataSubscriptions(this, 'all', { parentId: group.stringValue, dependsOn: [webhook] });

    new TerraformOutput(this, 'subscription-id', { value: webhook.id });
    new TerraformOutput(this, 'subscriptions', { value: all.subscriptions });
  }
}

const app = new App();
new ChainguardEventsStack(app, 'chainguard-events');
app.synth();
