import { TerraformWorkspace } from './workspace';
import { IllumioClient } from '../../src/clients/illumio/client';
import { illumioSettingsFromEnv } from '../../src/clients/illumio/settings';
import { IllumioSimulator } from '../../src/simulators/illumio';

/**
 * A ring-fenced application with the real terraform: labels, a label group, an IP list, a
 * service, a rule set with a rule, provisioned in the same apply; edited; destroyed in one pass.
 */
describe('terraform provisions Illumio policy in one apply', () => {
  let pce: IllumioSimulator;
  let client: IllumioClient;
  let tf: TerraformWorkspace;

  const config = (port = 443) => `
provider "secops" {}

resource "secops_illumio_label" "app" {
  key   = "app"
  value = "shop"
}

resource "secops_illumio_label" "web" {
  key   = "role"
  value = "web"
}

resource "secops_illumio_label_group" "tiers" {
  key    = "role"
  name   = "shop tiers"
  labels = [secops_illumio_label.web.href]
}

resource "secops_illumio_ip_list" "office" {
  name = "office"
  ip_ranges {
    from_ip = "10.20.0.1/16"
  }
}

resource "secops_illumio_service" "https" {
  name = "https"
  service_ports {
    proto = 6
    port  = ${port}
  }
}

resource "secops_illumio_rule_set" "shop" {
  name = "shop"
  scopes {
    label {
      href = secops_illumio_label.app.href
    }
  }
}

resource "secops_illumio_security_rule" "office_to_web" {
  rule_set_href = secops_illumio_rule_set.shop.href
  resolve_labels_as {
    providers = ["workloads"]
    consumers = ["workloads"]
  }
  providers {
    label_group = secops_illumio_label_group.tiers.href
  }
  consumers {
    ip_list = secops_illumio_ip_list.office.href
  }
  ingress_services {
    href = secops_illumio_service.https.href
  }
}

resource "secops_illumio_provision" "shop" {
  objects = [
    secops_illumio_label_group.tiers,
    secops_illumio_ip_list.office,
    secops_illumio_service.https,
    secops_illumio_rule_set.shop,
    secops_illumio_security_rule.office_to_web,
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
  const activeNames = () => ['label_groups', 'ip_lists', 'services', 'rule_sets']
    .flatMap(type => pce.active(type as Parameters<IllumioSimulator['active']>[0]).map(o => `${type}:${(o.body as { name?: string }).name}`)).sort();

  test('one apply creates and provisions everything in one new policy version; a second plan is empty', async () => {
    const versions = pce.versions().length;
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
    expect(pce.versions().length).toBe(versions + 1);
    expect(activeNames()).toEqual(['ip_lists:office', 'label_groups:shop tiers', 'rule_sets:shop', 'services:https']);
    expect(pce.active('rule_sets')[0]!.rules).toHaveLength(1);
    expect(await pendingCount()).toBe(0);
    await tf.expect(0, 'plan', '-detailed-exitcode', '-input=false');
  });

  test('an edited service is re-provisioned by the same apply', async () => {
    const versions = pce.versions().length;
    tf.writeConfig(config(8443));
    const plan = await tf.expect(2, 'plan', '-detailed-exitcode', '-input=false');
    expect(plan.stdout).toContain('secops_illumio_provision.shop will be updated in-place');
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
    expect(pce.versions().length).toBe(versions + 1);
    expect(await pendingCount()).toBe(0);
    await tf.expect(0, 'plan', '-detailed-exitcode', '-input=false');
  });

  test('destroy works in one pass and leaves nothing in draft or active', async () => {
    await tf.expect(0, 'destroy', '-auto-approve', '-input=false');
    expect(activeNames()).toEqual([]);
    expect(await pendingCount()).toBe(0);
  });
});

describe('a provision that leaves out a dependency is refused by the PCE, with its token', () => {
  let pce: IllumioSimulator;
  let tf: TerraformWorkspace;

  beforeAll(async () => {
    pce = new IllumioSimulator();
    await pce.start();
    tf = new TerraformWorkspace({
      ILLUMIO_PCE_HOST: pce.url,
      ILLUMIO_PCE_ORG_ID: String(pce.orgId),
      ILLUMIO_API_KEY_USERNAME: pce.apiKeyUsername,
      ILLUMIO_API_KEY_SECRET: pce.apiKeySecret,
    });
    tf.writeConfig(`
provider "secops" {}

resource "secops_illumio_ip_list" "office" {
  name = "office"
  ip_ranges {
    from_ip = "10.20.0.0/16"
  }
}

resource "secops_illumio_rule_set" "shop" {
  name = "shop"
  scopes {}
}

resource "secops_illumio_security_rule" "office_to_all" {
  rule_set_href = secops_illumio_rule_set.shop.href
  resolve_labels_as {
    providers = ["workloads"]
    consumers = ["workloads"]
  }
  providers {
    actors = "ams"
  }
  consumers {
    ip_list = secops_illumio_ip_list.office.href
  }
  ingress_services {
    proto = 6
    port  = 443
  }
}

resource "secops_illumio_provision" "shop" {
  objects = [secops_illumio_rule_set.shop, secops_illumio_security_rule.office_to_all]
}
`);
    await tf.expect(0, 'init', '-input=false');
  });

  afterAll(async () => {
    tf?.dispose();
    await pce?.stop();
  });

  test('apply fails at the provision step naming the unprovisioned IP list; no version is created', async () => {
    const versions = pce.versions().length;
    const apply = await tf.run('apply', '-auto-approve', '-input=false');
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('Creating secops_illumio_provision failed');
    expect(apply.stderr).toContain('provision_dependency_error');
    expect(apply.stderr).toMatch(/ip_lists\/\d+/);
    expect(pce.versions().length).toBe(versions);
  });
});
