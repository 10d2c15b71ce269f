import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TerraformWorkspace } from './workspace';
import { IllumioSimulator } from '../../src/simulators/illumio';

/**
 * Part 2 of Illumio in one Terraform run, as an administrator would declare an estate: a pairing
 * profile and key, two unmanaged workloads with part 1's labels, a container cluster with a
 * workload profile, a syslog destination and a permission; then a clean second plan and destroy.
 * The pairing key and the cluster token never appear in terraform's output or its trace log.
 */
describe('terraform drives an Illumio estate (workloads, pairing, containers, syslog, RBAC) in one run', () => {
  let pce: IllumioSimulator;
  let tf: TerraformWorkspace;

  const CONFIG = `
provider "secops" {}

resource "secops_illumio_label" "web" {
  key   = "role"
  value = "web"
}

resource "secops_illumio_label" "db" {
  key   = "role"
  value = "db"
}

resource "secops_illumio_label" "prod" {
  key   = "env"
  value = "prod"
}

resource "secops_illumio_pairing_profile" "linux" {
  name             = "linux-prod"
  labels           = [secops_illumio_label.prod.href]
  enforcement_mode = "enforced"
}

resource "secops_illumio_pairing_key" "linux" {
  pairing_profile_href = secops_illumio_pairing_profile.linux.href
}

resource "secops_illumio_workload" "web1" {
  name             = "web1"
  hostname         = "web1.example.com"
  labels           = [secops_illumio_label.web.href, secops_illumio_label.prod.href]
  enforcement_mode = "enforced"
}

resource "secops_illumio_workload" "db1" {
  name             = "db1"
  hostname         = "db1.example.com"
  labels           = [secops_illumio_label.db.href, secops_illumio_label.prod.href]
  enforcement_mode = "enforced"
}

resource "secops_illumio_container_cluster" "k8s" {
  name = "prod-k8s"
}

resource "secops_illumio_container_workload_profile" "shop" {
  container_cluster_href = secops_illumio_container_cluster.k8s.href
  name                   = "shop"
  assign_labels          = [secops_illumio_label.web.href, secops_illumio_label.prod.href]
  mode                   = "enforced"
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

resource "secops_illumio_auth_security_principal" "dba" {
  type = "group"
  name = "dba"
}

resource "secops_illumio_permission" "dba" {
  role                    = "/orgs/1/roles/ruleset_manager"
  auth_security_principal = secops_illumio_auth_security_principal.dba.href
  scope                   = [secops_illumio_label.db.href, secops_illumio_label.prod.href]
}
`;

  /** The two secrets of the estate, as Terraform keeps them in state. */
  const secrets = (): string[] => {
    const state = JSON.parse(readFileSync(join(tf.dir, 'terraform.tfstate'), 'utf8')) as {
      resources: { type: string; instances: { attributes: Record<string, unknown> }[] }[];
    };
    const attribute = (type: string, name: string) => String(state.resources.find(r => r.type === type)!.instances[0].attributes[name]);
    return [attribute('secops_illumio_pairing_key', 'activation_code'), attribute('secops_illumio_container_cluster', 'container_cluster_token')];
  };

  /** Runs terraform with a trace log; returns its output and the log. */
  const traced = async (...args: string[]): Promise<{ code: number; text: string }> => {
    const logFile = join(tf.dir, `${args[0]}.log`);
    const result = await tf.runWithEnv({ TF_LOG: 'trace', TF_LOG_PATH: logFile }, ...args);
    return { code: result.code, text: `${result.stdout}\n${result.stderr}\n${readFileSync(logFile, 'utf8')}` };
  };

  beforeAll(async () => {
    pce = new IllumioSimulator();
    await pce.start();
    tf = new TerraformWorkspace({
      ILLUMIO_PCE_HOST: pce.url,
      ILLUMIO_PCE_ORG_ID: String(pce.orgId),
      ILLUMIO_API_KEY_USERNAME: pce.apiKeyUsername,
      ILLUMIO_API_KEY_SECRET: pce.apiKeySecret,
    });
    tf.writeConfig(CONFIG);
    await tf.expect(0, 'init', '-input=false');
  });

  afterAll(async () => {
    tf?.dispose();
    await pce?.stop();
  });

  test('one apply creates the whole estate, and neither the pairing key nor the cluster token is printed', async () => {
    const apply = await traced('apply', '-auto-approve', '-input=false');
    expect(apply.code).toBe(0);
    expect(apply.text).toContain('Apply complete! Resources: 12 added, 0 changed, 0 destroyed.');
    const [activationCode, clusterToken] = secrets();
    expect(activationCode.length).toBeGreaterThan(8);
    expect(clusterToken.length).toBeGreaterThan(8);
    expect(apply.text).not.toContain(activationCode);
    expect(apply.text).not.toContain(clusterToken);
    expect(apply.text).not.toContain(pce.apiKeySecret);
    const workloads = pce.inventory.workloads.list().map(w => (w.body as { hostname?: string }).hostname).sort();
    expect(workloads).toEqual(['db1.example.com', 'web1.example.com']);
  });

  test('a second plan shows no changes and prints no secret', async () => {
    const plan = await traced('plan', '-detailed-exitcode', '-input=false');
    expect(plan.code).toBe(0);
    expect(plan.text).toContain('No changes.');
    for (const secret of secrets()) expect(plan.text).not.toContain(secret);
  });

  test('destroy removes everything in one pass', async () => {
    const secretValues = secrets();
    const destroy = await traced('destroy', '-auto-approve', '-input=false');
    expect(destroy.code).toBe(0);
    expect(destroy.text).toContain('Destroy complete! Resources: 12 destroyed.');
    for (const secret of secretValues) expect(destroy.text).not.toContain(secret);
    expect(pce.inventory.workloads.list().filter(w => !w.deleted)).toEqual([]);
  });
});
