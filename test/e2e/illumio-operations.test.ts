import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TerraformWorkspace } from './workspace';
import { IllumioClient } from '../../src/clients/illumio/client';
import { illumioSettingsFromEnv } from '../../src/clients/illumio/settings';
import { IllumioSimulator } from '../../src/simulators/illumio';

/**
 * Illumio operations objects driven by the real terraform binary through the bundled provider,
 * against the PCE simulator: a container cluster with a workload profile, a syslog destination,
 * a permission for a group, and the event settings singleton. The steps share one state, in order.
 */
describe('terraform drives Illumio containers, syslog and RBAC end to end', () => {
  let pce: IllumioSimulator;
  let client: IllumioClient;
  let tf: TerraformWorkspace;

  const config = (mode = 'illuminated') => `
provider "secops" {}

resource "secops_illumio_label" "app" {
  key   = "app"
  value = "shop"
}

resource "secops_illumio_label" "env" {
  key   = "env"
  value = "prod"
}

resource "secops_illumio_container_cluster" "k8s" {
  name        = "prod-k8s"
  description = "production cluster"
}

resource "secops_illumio_container_workload_profile" "shop" {
  container_cluster_href = secops_illumio_container_cluster.k8s.href
  name                   = "shop"
  assign_labels          = [secops_illumio_label.app.href, secops_illumio_label.env.href]
  mode                   = "${mode}"
  log_traffic            = true
}

resource "secops_illumio_syslog_destination" "siem" {
  type        = "remote_syslog"
  description = "SIEM"
  pce_scope   = ["pce.example.com"]
  audit_event_logger = {
    configuration_event_included = true
    system_event_included        = true
    min_severity                 = "warning"
  }
  traffic_event_logger = {
    traffic_flow_allowed_event_included             = false
    traffic_flow_potentially_blocked_event_included = true
    traffic_flow_blocked_event_included             = true
  }
  node_status_included = false
  remote_syslog {
    address         = "siem.example.com"
    port            = 6514
    protocol        = 6
    tls_enabled     = true
    tls_verify_cert = true
  }
}

resource "secops_illumio_auth_security_principal" "owners" {
  type         = "group"
  name         = "shop-owners"
  display_name = "Shop owners"
}

resource "secops_illumio_permission" "shop_owners" {
  role                    = "/orgs/1/roles/ruleset_manager"
  auth_security_principal = secops_illumio_auth_security_principal.owners.href
  scope                   = [secops_illumio_label.app.href, secops_illumio_label.env.href]
}

resource "secops_illumio_event_settings" "org" {
  format = "CEF"
}

data "secops_illumio_container_workload_profiles" "enforced" {
  container_cluster_href = secops_illumio_container_cluster.k8s.href
  mode                   = "${mode}"
  depends_on             = [secops_illumio_container_workload_profile.shop]
}

output "cluster_href" { value = secops_illumio_container_cluster.k8s.href }
output "profile_names" { value = data.secops_illumio_container_workload_profiles.enforced.container_workload_profiles[*].name }
output "cluster_token" {
  value     = secops_illumio_container_cluster.k8s.container_cluster_token
  sensitive = true
}
`;

  const output = async (name: string): Promise<unknown> => JSON.parse((await tf.expect(0, 'output', '-json', name)).stdout);
  const stateToken = (): string => {
    const state = JSON.parse(readFileSync(join(tf.dir, 'terraform.tfstate'), 'utf8')) as {
      resources: { type: string; instances: { attributes: Record<string, unknown> }[] }[];
    };
    return state.resources.find((r) => r.type === 'secops_illumio_container_cluster')!.instances[0]!.attributes.container_cluster_token as string;
  };

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
    await client?.close();
    tf?.dispose();
    await pce?.stop();
  });

  test('one apply (traced) creates everything; the cluster token is in state but never in terraform\'s output or log', async () => {
    const plan = await tf.expect(2, 'plan', '-detailed-exitcode', '-input=false');
    expect(plan.stdout).toMatch(/container_cluster_token\s+= \(sensitive value\)/);
    const logFile = join(tf.dir, 'trace.log');
    const apply = await tf.runWithEnv({ TF_LOG: 'trace', TF_LOG_PATH: logFile }, 'apply', '-auto-approve', '-input=false');
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Apply complete! Resources: 8 added, 0 changed, 0 destroyed.');

    const token = stateToken();
    expect(token).toMatch(/^1_[0-9a-f]{64}$/);
    const log = readFileSync(logFile, 'utf8');
    // Terraform prints a provider log line's fields in no fixed order: look for a line with all of them.
    const hasLine = (...parts: string[]) => log.split('\n').some((line) => parts.every((part) => line.includes(part)));
    expect(hasLine('HTTP request:', 'method=POST', 'path=/api/v2/orgs/1/container_clusters ', 'status=201')).toBe(true); // the create is traced...
    for (const text of [apply.stdout, apply.stderr, log, plan.stdout]) {
      expect(text).not.toContain(token); // ...its token is not
      expect(text).not.toContain(pce.apiKeySecret);
    }
    // Listing the outputs masks it; only asking for it by name (terraform's own rule) prints it, for Kubelink's secret.
    const outputs = await tf.expect(0, 'output');
    expect(outputs.stdout).not.toContain(token);
    expect(outputs.stdout).toContain('cluster_token = <sensitive>');
    expect(await output('cluster_token')).toBe(token);

    const clusterHref = await output('cluster_href') as string;
    expect(await output('profile_names')).toEqual(['shop']);
    const profiles = await client.list<Record<string, unknown>>(`${clusterHref}/container_workload_profiles`);
    expect(profiles).toEqual([expect.objectContaining({ name: 'shop', mode: 'illuminated', log_traffic: true })]);
    expect(await client.list(client.orgPath('settings/syslog/destinations'))).toEqual([
      expect.objectContaining({ type: 'remote_syslog', remote_syslog: expect.objectContaining({ address: 'siem.example.com', port: 6514 }) }),
    ]);
    expect(await client.list(client.orgPath('permissions'))).toEqual([expect.objectContaining({ role: { href: '/orgs/1/roles/ruleset_manager' } })]);
    expect(await client.getObject(client.orgPath('settings/events'))).toMatchObject({ format: 'CEF' });
  });

  test('a second plan is empty, and stays so after a refresh that cannot re-read the token', async () => {
    await tf.expect(0, 'plan', '-detailed-exitcode', '-input=false');
    const token = stateToken();
    await tf.expect(0, 'apply', '-refresh-only', '-auto-approve', '-input=false');
    expect(stateToken()).toBe(token);
  });

  test('a new mode updates the profile in place; a profile deleted out of band is planned for re-creation', async () => {
    tf.writeConfig(config('enforced'));
    const plan = await tf.expect(2, 'plan', '-detailed-exitcode', '-input=false');
    expect(plan.stdout).toContain('secops_illumio_container_workload_profile.shop will be updated in-place');
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
    const clusterHref = await output('cluster_href') as string;
    const [profile] = await client.list<{ href: string; mode: string }>(`${clusterHref}/container_workload_profiles`);
    expect(profile!.mode).toBe('enforced');
    await client.deleteObject(profile!.href);
    const drift = await tf.expect(2, 'plan', '-detailed-exitcode', '-input=false');
    expect(drift.stdout).toContain('secops_illumio_container_workload_profile.shop will be created');
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
    await tf.expect(0, 'plan', '-detailed-exitcode', '-input=false');
  });

  test('a cluster imports by href with a clean plan; the imported state has no token, as the PCE never returns it again', async () => {
    const href = await output('cluster_href') as string;
    await tf.expect(0, 'state', 'rm', 'secops_illumio_container_cluster.k8s');
    await tf.expect(0, 'import', '-input=false', 'secops_illumio_container_cluster.k8s', href);
    expect(stateToken()).toBeNull();
    const plan = await tf.expect(0, 'plan', '-detailed-exitcode', '-input=false');
    expect(plan.stdout).toContain('No changes.');
  });

  test('destroy removes everything it created and leaves the event settings with a warning', async () => {
    const destroy = await tf.expect(0, 'destroy', '-auto-approve', '-input=false');
    expect(destroy.stdout + destroy.stderr).toContain('event settings were left as they are');
    expect(await client.list(client.orgPath('container_clusters'))).toEqual([]);
    expect(await client.list(client.orgPath('settings/syslog/destinations'))).toEqual([]);
    expect(await client.list(client.orgPath('permissions'))).toEqual([]);
    expect(await client.list(client.orgPath('auth_security_principals'))).toEqual([]);
    expect(await client.getObject(client.orgPath('settings/events'))).toMatchObject({ format: 'CEF' });
  });
});
