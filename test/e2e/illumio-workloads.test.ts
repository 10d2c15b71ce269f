import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TerraformWorkspace } from './workspace';
import { IllumioClient } from '../../src/clients/illumio/client';
import { illumioSettingsFromEnv } from '../../src/clients/illumio/settings';
import { listPairingProfiles, listWorkloads } from '../../src/clients/illumio/workloads';
import { IllumioSimulator } from '../../src/simulators/illumio';

/**
 * A pairing profile and its key, and two labelled unmanaged workloads, driven by the real
 * terraform binary through the bundled provider against the PCE simulator. The steps share one
 * state, in order. The pairing key is sensitive: no plan, apply or trace log may show it.
 */
describe('terraform drives Illumio workloads and pairing end to end', () => {
  let pce: IllumioSimulator;
  let client: IllumioClient;
  let tf: TerraformWorkspace;
  let activationCode = '';

  const configFor = (webMode = 'idle'): string => `
provider "secops" {}

resource "secops_illumio_label" "db" {
  key   = "role"
  value = "db"
}

resource "secops_illumio_label" "web" {
  key   = "role"
  value = "web"
}

resource "secops_illumio_label" "prod" {
  key   = "env"
  value = "prod"
}

resource "secops_illumio_pairing_profile" "linux" {
  name             = "linux-prod"
  labels           = [secops_illumio_label.prod.href]
  enforcement_mode = "illuminated"
  key_lifespan     = "86400"
}

resource "secops_illumio_pairing_key" "linux" {
  pairing_profile_href = secops_illumio_pairing_profile.linux.href
}

resource "secops_illumio_workload" "db1" {
  name             = "db1"
  hostname         = "db1.example.com"
  labels           = [secops_illumio_label.db.href, secops_illumio_label.prod.href]
  enforcement_mode = "enforced"

  interfaces {
    name        = "eth0"
    address     = "10.0.0.5"
    cidr_block  = 24
  }
}

resource "secops_illumio_workload" "web1" {
  name             = "web1"
  hostname         = "web1.example.com"
  labels           = [secops_illumio_label.web.href, secops_illumio_label.prod.href]
  enforcement_mode = "${webMode}"
}

data "secops_illumio_workloads" "prod" {
  labels     = [[secops_illumio_label.prod.href]]
  depends_on = [secops_illumio_workload.db1, secops_illumio_workload.web1]
}

output "prod_hostnames" { value = sort([for w in data.secops_illumio_workloads.prod.workloads : w.hostname]) }
output "activation_code" {
  value     = secops_illumio_pairing_key.linux.activation_code
  sensitive = true
}
`;

  const traced = async (name: string, ...args: string[]): Promise<{ output: string; log: string }> => {
    const logFile = join(tf.dir, `${name}.log`);
    const result = await tf.runWithEnv({ TF_LOG: 'trace', TF_LOG_PATH: logFile }, ...args);
    if (result.code !== 0 && result.code !== 2) throw new Error(`terraform ${args.join(' ')} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
    return { output: `${result.stdout}\n${result.stderr}`, log: readFileSync(logFile, 'utf8') };
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
    tf.writeConfig(configFor());
    await tf.expect(0, 'init', '-input=false');
  });

  afterAll(async () => {
    await client?.close();
    tf?.dispose();
    await pce?.stop();
  });

  test('apply creates the profile, a key and two labelled workloads; the key is in state only', async () => {
    const apply = await traced('apply', 'apply', '-auto-approve', '-input=false');
    expect(apply.output).toContain('Apply complete! Resources: 7 added, 0 changed, 0 destroyed.');
    activationCode = JSON.parse((await tf.expect(0, 'output', '-json', 'activation_code')).stdout);
    expect(activationCode).toMatch(/^[0-9a-f]{64}$/);
    expect(apply.output).toContain('activation_code = <sensitive>');
    expect(apply.output).not.toContain(activationCode);
    expect(apply.log).toContain('@module=secops.illumio');
    expect(apply.log).not.toContain(activationCode);

    const workloads = (await listWorkloads(client)).sort((a, b) => String(a.hostname).localeCompare(String(b.hostname)));
    const labels = Object.fromEntries((await client.listLabels()).map((label) => [label.href, `${label.key}=${label.value}`]));
    expect(workloads.map((w) => [w.hostname, (w.labels ?? []).map((l) => labels[l.href]).sort(), w.agent?.config?.mode, w.ven])).toEqual([
      ['db1.example.com', ['env=prod', 'role=db'], 'enforced', null],
      ['web1.example.com', ['env=prod', 'role=web'], 'idle', null],
    ]);
    expect(workloads[0]!.interfaces).toEqual([expect.objectContaining({ name: 'eth0', address: '10.0.0.5', cidr_block: 24 })]);
    const [profile] = await listPairingProfiles(client);
    expect(profile).toMatchObject({ name: 'linux-prod', mode: 'illuminated', key_lifespan: 86400 });
    expect(JSON.parse((await tf.expect(0, 'output', '-json', 'prod_hostnames')).stdout)).toEqual(['db1.example.com', 'web1.example.com']);
  });

  test('a second plan is clean and shows the key nowhere, not even in a trace log', async () => {
    const plan = await traced('plan', 'plan', '-detailed-exitcode', '-input=false');
    expect(plan.output).toContain('No changes.');
    expect(plan.output).not.toContain(activationCode);
    expect(plan.log).not.toContain(activationCode);
    expect(plan.log).not.toContain(pce.apiKeySecret);
  });

  test('a changed enforcement mode updates the workload in place', async () => {
    tf.writeConfig(configFor('enforced'));
    const plan = await tf.expect(2, 'plan', '-detailed-exitcode', '-input=false');
    expect(plan.stdout).toContain('Plan: 0 to add, 1 to change, 0 to destroy.');
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
    const web1 = (await listWorkloads(client, { hostname: 'web1.example.com' }))[0]!;
    expect(web1.agent?.config?.mode).toBe('enforced');
    await tf.expect(0, 'plan', '-detailed-exitcode', '-input=false');
  });

  test('a workload deleted out of band is planned for creation again', async () => {
    const web1 = (await listWorkloads(client, { hostname: 'web1.example.com' }))[0]!;
    await client.deleteDraft(web1.href);
    const plan = await tf.expect(2, 'plan', '-detailed-exitcode', '-input=false');
    expect(plan.stdout).toContain('secops_illumio_workload.web1 will be created');
    expect(plan.stdout).toContain('Plan: 1 to add, 0 to change, 0 to destroy.');
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
    await tf.expect(0, 'plan', '-detailed-exitcode', '-input=false');
  });

  test('a workload and a pairing profile are imported by href and plan clean', async () => {
    const db1 = (await listWorkloads(client, { hostname: 'db1.example.com' }))[0]!;
    const [profile] = await listPairingProfiles(client);
    await tf.expect(0, 'state', 'rm', 'secops_illumio_workload.db1', 'secops_illumio_pairing_profile.linux');
    await tf.expect(0, 'import', '-input=false', 'secops_illumio_workload.db1', db1.href);
    await tf.expect(0, 'import', '-input=false', 'secops_illumio_pairing_profile.linux', profile!.href);
    await tf.expect(0, 'plan', '-detailed-exitcode', '-input=false');
  });

  test('destroy removes workloads, profile and labels and says the key was not revoked', async () => {
    const destroy = await traced('destroy', 'destroy', '-auto-approve', '-input=false');
    expect(destroy.output).toContain('Destroy complete! Resources: 7 destroyed.');
    expect(destroy.output).toContain('The pairing key was forgotten, not revoked');
    expect(destroy.output).not.toContain(activationCode);
    expect(destroy.log).not.toContain(activationCode);
    expect(await listWorkloads(client)).toEqual([]);
    expect(await listPairingProfiles(client)).toEqual([]);
    expect(await client.listLabels()).toEqual([]);
  });
});
