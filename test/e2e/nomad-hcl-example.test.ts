import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { TerraformWorkspace } from './workspace';
import { NomadClient } from '../../src/clients/nomad/client';
import { nomadSettingsFromEnv } from '../../src/clients/nomad/settings';
import { NomadSimulator } from '../../src/simulators/nomad';

const example = join(__dirname, '..', '..', 'examples', 'nomad-hcl', 'main.tf');

/** examples/nomad-hcl as a user runs it: validate, apply to the Nomad simulator, re-plan clean, destroy. */
describe('examples/nomad-hcl', () => {
  let nomad: NomadSimulator;
  let client: NomadClient;
  let tf: TerraformWorkspace;

  beforeAll(async () => {
    nomad = new NomadSimulator();
    await nomad.start();
    client = new NomadClient(nomadSettingsFromEnv({ address: nomad.url, token: nomad.managementToken }, {}));
    tf = new TerraformWorkspace({ NOMAD_ADDR: nomad.url, NOMAD_TOKEN: nomad.managementToken });
    copyFileSync(example, join(tf.dir, 'main.tf'));
    await tf.expect(0, 'init', '-input=false');
  });

  afterAll(async () => {
    tf?.dispose();
    await nomad?.stop();
  });

  test('validates', async () => {
    expect((await tf.expect(0, 'validate')).stdout).toContain('Success! The configuration is valid.');
  });

  test('applies its three rules, reports the okta ones, and re-plans with no changes', async () => {
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
    const stored = await client.listBindingRulesDetailed();
    expect(stored.map(r => `${r.AuthMethod} ${r.BindType}:${r.BindName ?? ''}`).sort()).toEqual([
      'github-jwt management:',
      'okta policy:read-only',
      'okta role:engineer',
    ]);
    const okta = JSON.parse((await tf.expect(0, 'output', '-json', 'okta_rules')).stdout) as string[];
    expect([...okta].sort()).toEqual([
      'policy:read-only <- "audit" in list.groups',
      'role:engineer <- "engineering" in list.groups',
    ]);
    await tf.expect(0, 'plan', '-detailed-exitcode', '-input=false');
  });

  test('destroy removes every rule it made', async () => {
    await tf.expect(0, 'destroy', '-auto-approve', '-input=false');
    expect(await client.listBindingRulesDetailed()).toEqual([]);
  });
});
