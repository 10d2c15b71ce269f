import { TerraformWorkspace } from './workspace';
import { IllumioClient } from '../../src/clients/illumio/client';
import { illumioSettingsFromEnv } from '../../src/clients/illumio/settings';
import { IllumioSimulator } from '../../src/simulators/illumio';

/**
 * A virtual service (provider of a rule) and the org's firewall settings with the real terraform:
 * applied and provisioned in one version, a second plan empty, an edit re-provisioned, imported
 * by href, destroyed in one pass (the firewall settings are left as they are, with a warning).
 */
describe('terraform provisions an Illumio virtual service and the firewall settings', () => {
  let pce: IllumioSimulator;
  let client: IllumioClient;
  let tf: TerraformWorkspace;
  let prod: string;

  const config = (port = 8443) => `
provider "secops" {}

resource "secops_illumio_label" "web" {
  key   = "role"
  value = "web"
}

resource "secops_illumio_virtual_service" "vip" {
  name   = "shop-vip"
  labels = [secops_illumio_label.web.href]
  service_ports {
    proto = 6
    port  = ${port}
  }
  service_addresses {
    fqdn = "shop.example.com"
    port = 443
  }
  ip_overrides = ["10.9.8.0/24"]
}

# The org's env label is not the stack's: the settings outlive it (destroy leaves them).
resource "secops_illumio_firewall_settings" "org" {
  blocked_connection_reject_scopes = [["${prod}"]]
}

resource "secops_illumio_rule_set" "shop" {
  name = "shop"
  scopes {}
}

resource "secops_illumio_security_rule" "to_vip" {
  rule_set_href = secops_illumio_rule_set.shop.href
  resolve_labels_as {
    providers = ["virtual_services"]
    consumers = ["workloads"]
  }
  providers {
    virtual_service = secops_illumio_virtual_service.vip.href
  }
  consumers {
    actors = "ams"
  }
}

resource "secops_illumio_provision" "shop" {
  objects = [
    secops_illumio_virtual_service.vip,
    secops_illumio_firewall_settings.org,
    secops_illumio_rule_set.shop,
    secops_illumio_security_rule.to_vip,
  ]
}
`;

  beforeAll(async () => {
    pce = new IllumioSimulator();
    await pce.start();
    const env = {
      ILLUMIO_PCE_HOST: pce.url,
      ILLUMIO_PCE_ORG_ID: String(pce.orgId),
      ILLUMIO_API_KEY_USERNAME: pce.apiKeyUsername,
      ILLUMIO_API_KEY_SECRET: pce.apiKeySecret,
    };
    client = new IllumioClient(illumioSettingsFromEnv({}, env));
    prod = (await client.createLabel({ key: 'env', value: 'prod' })).href;
    tf = new TerraformWorkspace(env);
    tf.writeConfig(config());
    await tf.expect(0, 'init', '-input=false');
  });

  afterAll(async () => {
    tf?.dispose();
    await client?.close();
    await pce?.stop();
  });

  const pendingCount = async () => Object.values(await client.pending()).flat().length;
  const activeFirewallSettings = () => pce.state.firewallSettings('active').body;

  test('one apply creates and provisions the virtual service, the rule and the settings in one version; a second plan is empty', async () => {
    const versions = pce.versions().length;
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
    expect(pce.versions().length).toBe(versions + 1);
    expect(pce.active('virtual_services').map(vs => vs.body.name)).toEqual(['shop-vip']);
    const vipHref = `/orgs/1/sec_policy/draft/virtual_services/${pce.active('virtual_services')[0]!.id}`;
    expect(pce.active('rule_sets')[0]!.rules![0]!.body.providers).toEqual([{ virtual_service: { href: vipHref } }]);
    expect(activeFirewallSettings().blocked_connection_reject_scopes).toEqual([[{ label: { href: prod } }]]);
    expect(await pendingCount()).toBe(0);
    await tf.expect(0, 'plan', '-detailed-exitcode', '-input=false');
  });

  test('an edited virtual service is re-provisioned by the same apply', async () => {
    const versions = pce.versions().length;
    tf.writeConfig(config(9443));
    const plan = await tf.expect(2, 'plan', '-detailed-exitcode', '-input=false');
    expect(plan.stdout).toContain('secops_illumio_provision.shop will be updated in-place');
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
    expect(pce.versions().length).toBe(versions + 1);
    expect(pce.active('virtual_services')[0]!.body.service_ports).toEqual([{ proto: 6, port: 9443 }]);
    expect(await pendingCount()).toBe(0);
    await tf.expect(0, 'plan', '-detailed-exitcode', '-input=false');
  });

  test('both are imported by href (the virtual service\'s is a UUID) and plan clean', async () => {
    const vipHref = `/orgs/1/sec_policy/draft/virtual_services/${pce.draft('virtual_services')[0]!.id}`;
    await tf.expect(0, 'state', 'rm', 'secops_illumio_virtual_service.vip', 'secops_illumio_firewall_settings.org');
    await tf.expect(0, 'import', '-input=false', 'secops_illumio_virtual_service.vip', vipHref);
    await tf.expect(0, 'import', '-input=false', 'secops_illumio_firewall_settings.org', '/orgs/1/sec_policy/draft/firewall_settings');
    await tf.expect(0, 'plan', '-detailed-exitcode', '-input=false');
  });

  test('destroy works in one pass: the virtual service leaves draft and active, the firewall settings stay, with a warning', async () => {
    const destroy = await tf.expect(0, 'destroy', '-auto-approve', '-input=false');
    expect(`${destroy.stdout}${destroy.stderr}`).toContain('The PCE\'s firewall settings were left as they are');
    expect(pce.active('virtual_services')).toEqual([]);
    expect(pce.draft('virtual_services')).toEqual([]);
    expect(pce.active('rule_sets')).toEqual([]);
    expect(activeFirewallSettings().blocked_connection_reject_scopes).toEqual([[{ label: { href: prod } }]]);
    expect(await pendingCount()).toBe(0);
  });
});
