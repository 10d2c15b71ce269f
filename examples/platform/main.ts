/**
 * One stack across the five control planes: who gets what in Nomad, a ring-fenced application in
 * Illumio Core, Kubernetes guardrails in Carbon Black Cloud, RBAC in Anchore Enterprise and a
 * Chainguard event subscription, converged by one `cdktf deploy` and reviewed by SecopsChecks at
 * synth. `npx projen demo` deploys it to the sandbox.
 *
 * Each vendor's settings come from its usual environment variables (NOMAD_*, ILLUMIO_*, CBC_*,
 * ANCHORE_*, CHAINGUARD_*), as `npx secops sandbox` prints them. The Chainguard group comes from
 * CHAINGUARD_GROUP, the webhook from RECEIVER_URL.
 */
import { App, Aspects, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { SecopsChecks, SecopsProvider, SecopsSuppressions, anchore, carbonblack, chainguard, illumio, nomad } from '../../src';

class PlatformStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new SecopsProvider(this, 'secops', {});
    this.nomadAccess();
    this.ringFence();
    this.guardrails();
    this.rbac();
    this.events();
  }

  /** Engineers log in to Nomad through Okta and get the engineer role. */
  private nomadAccess(): void {
    new nomad.AclBindingRule(this, 'engineers', {
      description: 'Engineering group members get the engineer role',
      authMethod: 'okta',
      selector: '"engineering" in list.groups',
      bindType: 'role',
      bindName: 'engineer',
    });
  }

  /** The shop's production workloads accept HTTPS from the office only, provisioned in one version. */
  private ringFence(): void {
    const shop = new illumio.Label(this, 'app-shop', { key: 'app', value: 'shop' });
    const prod = new illumio.Label(this, 'env-prod', { key: 'env', value: 'prod' });
    const web = new illumio.Label(this, 'role-web', { key: 'role', value: 'web' });
    const office = new illumio.IpList(this, 'office', { name: 'office network', ipRanges: [{ fromIp: '10.20.0.0/16' }] });
    const https = new illumio.Service(this, 'https', { name: 'https', servicePorts: [{ proto: 6, port: 443 }] });
    const ringFence = new illumio.RuleSet(this, 'shop-prod', {
      name: 'shop | prod',
      scopes: [{ label: [{ href: shop.href }, { href: prod.href }] }],
    });
    new illumio.SecurityRule(this, 'office-to-web', {
      ruleSetHref: ringFence.href,
      resolveLabelsAs: { providers: ['workloads'], consumers: ['workloads'] },
      providers: [{ label: web.href }],
      consumers: [{ ipList: office.href }],
      ingressServices: [{ href: https.href }],
    });
  }

  /** Production clusters refuse privileged containers. */
  private guardrails(): void {
    const production = new carbonblack.Scope(this, 'production', {
      name: 'production',
      clusters: ['prod:eu-west-1'],
      namespaces: ['payments', 'storefront'],
    });
    const hardening = new carbonblack.Policy(this, 'hardening', {
      name: 'production-hardening',
      scopeId: production.scopeId,
      status: 'enabled',
      rule: [{ ruleId: 'privileged', action: 'block' }, { ruleId: 'run-as-non-root', action: 'enforce' }],
    });
    new TerraformOutput(this, 'guardrails-policy-id', { value: hardening.policyId });
  }

  /** The CI robot may scan images in the engineering account; people log in through Okta. */
  private rbac(): void {
    new anchore.RoleMember(this, 'ci-bot', { roleName: 'read-write', username: 'ci-bot', forAccount: 'engineering' });
    new anchore.SamlIdp(this, 'okta', {
      name: 'okta',
      spEntityId: 'https://anchore.example.com/sp',
      acsUrl: 'https://anchore.example.com/v1/saml/sso/okta',
      idpMetadataUrl: 'https://example.okta.com/app/exk1/sso/saml/metadata',
      idpAccountAttribute: 'anchore_account',
      idpRoleAttribute: 'anchore_roles',
      defaultAccount: 'engineering',
      defaultRole: 'read-only',
    });
  }

  /** Every event of the group goes to the security team's webhook. */
  private events(): void {
    const group = new TerraformVariable(this, 'chainguard-group', {
      type: 'string',
      description: 'UIDP of the Chainguard group whose events to receive',
      default: process.env.CHAINGUARD_GROUP,
    });
    const receiverUrl = process.env.RECEIVER_URL;
    const webhook = new chainguard.Subscription(this, 'webhook', {
      parentId: group.stringValue,
      sink: receiverUrl ?? 'https://hooks.example.com/chainguard',
    });
    if (receiverUrl?.startsWith('http://127.0.0.1:')) {
      // The demo's webhook runs on this machine, without TLS: accepted, with the reason on record.
      const reason = 'The demo delivers to a verifying webhook on this machine; tokens are still checked';
      SecopsSuppressions.addToConstruct(webhook, [
        { ruleId: 'chainguard-sink-not-https', reason },
        { ruleId: 'chainguard-sink-private-address', reason },
      ]);
    }
    new TerraformOutput(this, 'subscription-id', { value: webhook.id });
  }
}

const app = new App();
Aspects.of(app).add(new SecopsChecks());
new PlatformStack(app, 'platform');
app.synth();
