/**
 * Ring-fencing an application with Illumio Core: the shop's workloads accept traffic only from
 * the office network, on HTTPS, and only to its web tier. Everything is written to the PCE's draft
 * policy and provisioned in one policy version by the same `cdktf deploy` (SecopsProvider wires a
 * `secops_illumio_provision` over the stack's policy objects).
 *
 * The provider reads ILLUMIO_PCE_HOST, ILLUMIO_PCE_ORG_ID, ILLUMIO_API_KEY_USERNAME and
 * ILLUMIO_API_KEY_SECRET at deploy time; point them at `npx secops sandbox` or at a real PCE.
 */
import { App, Aspects, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
// In your own app: import { SecopsProvider, illumio } from 'cdktf-secops';
// this example imports the checkout's sources so it runs after `npm install`, with no build.
import { SecopsChecks, SecopsProvider, illumio } from '../../src';

class RingFenceStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new SecopsProvider(this, 'secops', {});

    const shop = new illumio.Label(this, 'app-shop', { key: 'app', value: 'shop' });
    const prod = new illumio.Label(this, 'env-prod', { key: 'env', value: 'prod' });
    const web = new illumio.Label(this, 'role-web', { key: 'role', value: 'web' });
    const db = new illumio.Label(this, 'role-db', { key: 'role', value: 'db' });

    const office = new illumio.IpList(this, 'office', {
      name: 'office network',
      ipRanges: [{ fromIp: '10.20.0.0/16' }, { fromIp: '10.20.99.0/24', exclusion: true, description: 'guest Wi-Fi' }],
    });
    const https = new illumio.Service(this, 'https', { name: 'https', servicePorts: [{ proto: 6, port: 443 }] });
    const postgres = new illumio.Service(this, 'postgres', { name: 'postgres', servicePorts: [{ proto: 6, port: 5432 }] });

    // The ring fence: rules apply to the shop's production workloads only.
    const ringFence = new illumio.RuleSet(this, 'shop-prod', {
      name: 'shop | prod',
      description: 'Ring fence of the shop application in production',
      scopes: [{ label: [{ href: shop.href }, { href: prod.href }] }],
    });
    new illumio.SecurityRule(this, 'office-to-web', {
      ruleSetHref: ringFence.href,
      description: 'The office reaches the web tier over HTTPS',
      resolveLabelsAs: { providers: ['workloads'], consumers: ['workloads'] },
      providers: [{ label: web.href }],
      consumers: [{ ipList: office.href }],
      ingressServices: [{ href: https.href }],
    });
    new illumio.SecurityRule(this, 'web-to-db', {
      ruleSetHref: ringFence.href,
      description: 'Only the web tier reaches the database',
      resolveLabelsAs: { providers: ['workloads'], consumers: ['workloads'] },
      providers: [{ label: db.href }],
      consumers: [{ label: web.href }],
      ingressServices: [{ href: postgres.href }],
    });

    new TerraformOutput(this, 'rule-set', { value: ringFence.href });
  }
}

const app = new App();
// Security review checks at synth: findings are annotations (errors fail the synth), and the stack
// directory gets secops-checks.sarif for code scanning.
Aspects.of(app).add(new SecopsChecks());
new RingFenceStack(app, 'illumio-ringfence');
app.synth();
