import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TerraformWorkspace } from './workspace';
import { IllumioClient } from '../../src/clients/illumio/client';
import { illumioSettingsFromEnv } from '../../src/clients/illumio/settings';
import { IllumioSimulator } from '../../src/simulators/illumio';

/**
 * Illumio labels driven by the real terraform binary through the bundled provider, against the
 * PCE simulator. The steps share one state, in order.
 */
describe('terraform drives secops_illumio_label end to end', () => {
  let pce: IllumioSimulator;
  let client: IllumioClient;
  let tf: TerraformWorkspace;

  const config = (webValue = 'web', shopKey = 'app') => `
provider "secops" {}

resource "secops_illumio_label" "web" {
  key   = "role"
  value = "${webValue}"
}

resource "secops_illumio_label" "shop" {
  key   = "${shopKey}"
  value = "shop"
}

resource "secops_illumio_label" "prod" {
  key                     = "env"
  value                   = "prod"
  external_data_set       = "cmdb"
  external_data_reference = "env-42"
}

data "secops_illumio_label" "prod" {
  key        = "env"
  value      = "prod"
  depends_on = [secops_illumio_label.prod]
}

output "web_href" { value = secops_illumio_label.web.href }
output "prod_href_from_data" { value = data.secops_illumio_label.prod.href }
`;

  const output = async (name: string): Promise<string> => JSON.parse((await tf.expect(0, 'output', '-json', name)).stdout);
  const labels = async () => (await client.listLabels()).map(l => `${l.key}=${l.value}`).sort();

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
    await pce?.stop();
  });

  test('apply creates the labels, the data source finds one by exact key and value, a second plan is empty', async () => {
    const before = await labels();
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
    expect((await labels()).filter(l => !before.includes(l))).toEqual(['app=shop', 'env=prod', 'role=web']);
    const prod = (await client.listLabels({ key: 'env', value: 'prod' }))[0]!;
    expect(prod).toMatchObject({ external_data_set: 'cmdb', external_data_reference: 'env-42' });
    expect(await output('prod_href_from_data')).toBe(prod.href);
    await tf.expect(0, 'plan', '-detailed-exitcode', '-input=false');
  });

  test('a new value updates the label in place', async () => {
    const href = await output('web_href');
    tf.writeConfig(config('frontend'));
    const plan = await tf.expect(2, 'plan', '-detailed-exitcode', '-input=false');
    expect(plan.stdout).toContain('0 to add, 1 to change, 0 to destroy');
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
    expect(await output('web_href')).toBe(href);
    expect((await client.getLabel(href))?.value).toBe('frontend');
    await tf.expect(0, 'plan', '-detailed-exitcode', '-input=false');
  });

  test('a new key replaces the label', async () => {
    tf.writeConfig(config('frontend', 'loc'));
    const plan = await tf.expect(2, 'plan', '-detailed-exitcode', '-input=false');
    expect(plan.stdout).toContain('secops_illumio_label.shop must be replaced');
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
    expect(await labels()).toContain('loc=shop');
    expect(await labels()).not.toContain('app=shop');
  });

  test('a label deleted out of band is planned for creation again', async () => {
    await client.deleteLabel(await output('web_href'));
    const plan = await tf.expect(2, 'plan', '-detailed-exitcode', '-input=false');
    expect(plan.stdout).toContain('secops_illumio_label.web will be created');
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
    await tf.expect(0, 'plan', '-detailed-exitcode', '-input=false');
  });

  test('a label that already exists is refused with the PCE\'s own token and message', async () => {
    await client.createLabel({ key: 'role', value: 'db' });
    tf.writeConfig(`${config('frontend', 'loc')}
resource "secops_illumio_label" "db" {
  key   = "role"
  value = "db"
}
`);
    const apply = await tf.run('apply', '-auto-approve', '-input=false');
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('Creating secops_illumio_label failed');
    expect(apply.stderr).toMatch(/406/);
    expect(apply.stderr).toMatch(/label[_a-z]*(conflict|exist|duplicate)/i);
  });

  test('an existing label is imported by href and plans clean', async () => {
    const db = (await client.listLabels({ key: 'role', value: 'db' }))[0]!;
    await tf.expect(0, 'import', '-input=false', 'secops_illumio_label.db', db.href);
    await tf.expect(0, 'plan', '-detailed-exitcode', '-input=false');
  });

  test('the API secret never reaches Terraform\'s log', async () => {
    const logFile = join(tf.dir, 'trace.log');
    await tf.runWithEnv({ TF_LOG: 'trace', TF_LOG_PATH: logFile }, 'plan', '-input=false');
    const log = readFileSync(logFile, 'utf8');
    expect(log).toContain('@module=secops.illumio');
    expect(log).not.toContain(pce.apiKeySecret);
    expect(log).not.toContain(Buffer.from(`${pce.apiKeyUsername}:${pce.apiKeySecret}`).toString('base64'));
  });

  test('destroy removes every label it manages', async () => {
    await tf.expect(0, 'destroy', '-auto-approve', '-input=false');
    const left = await labels();
    for (const gone of ['role=frontend', 'loc=shop', 'env=prod', 'role=db']) expect(left).not.toContain(gone);
  });
});
