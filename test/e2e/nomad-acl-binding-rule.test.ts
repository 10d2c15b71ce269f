import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TerraformWorkspace } from './workspace';
import { NomadClient } from '../../src/clients/nomad/client';
import { nomadSettingsFromEnv } from '../../src/clients/nomad/settings';
import { NomadSimulator } from '../../src/simulators/nomad';

/**
 * The whole life of Nomad ACL binding rules driven by the real terraform binary through the
 * bundled provider, against the Nomad simulator. The steps share one state, in order.
 */
describe('terraform drives secops_nomad_acl_binding_rule end to end', () => {
  let nomad: NomadSimulator;
  let client: NomadClient;
  let tf: TerraformWorkspace;

  const rules = (engineersAuthMethod = 'okta', engineersDescription = 'Engineers get the engineer role') => `
provider "secops" {}

resource "secops_nomad_acl_binding_rule" "engineers" {
  description = "${engineersDescription}"
  auth_method = "${engineersAuthMethod}"
  selector    = "\\"engineering\\" in list.groups"
  bind_type   = "role"
  bind_name   = "engineer"
}

resource "secops_nomad_acl_binding_rule" "admins" {
  auth_method = "okta"
  selector    = "value.email == \\"root@example.com\\""
  bind_type   = "management"
}

data "secops_nomad_acl_binding_rules" "okta" {
  auth_method = "okta"
  depends_on  = [secops_nomad_acl_binding_rule.engineers, secops_nomad_acl_binding_rule.admins]
}

output "engineers_id" { value = secops_nomad_acl_binding_rule.engineers.id }
output "okta_rule_count" { value = length(data.secops_nomad_acl_binding_rules.okta.acl_binding_rules) }
`;

  const output = async (name: string): Promise<string> =>
    JSON.parse((await tf.expect(0, 'output', '-json', name)).stdout);

  beforeAll(async () => {
    nomad = new NomadSimulator();
    await nomad.start();
    client = new NomadClient(nomadSettingsFromEnv({ address: nomad.url, token: nomad.managementToken }, {}));
    tf = new TerraformWorkspace({ NOMAD_ADDR: nomad.url, NOMAD_TOKEN: nomad.managementToken });
    tf.writeConfig(rules());
    await tf.expect(0, 'init', '-input=false');
  });

  afterAll(async () => {
    tf?.dispose();
    await nomad?.stop();
  });

  test('apply creates the rules, then a second plan shows no changes', async () => {
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
    const stored = await client.listBindingRulesDetailed();
    expect(stored.map(r => [r.AuthMethod, r.BindType, r.BindName ?? '']).sort()).toEqual([
      ['okta', 'management', ''],
      ['okta', 'role', 'engineer'],
    ]);
    const engineers = await client.getBindingRule(await output('engineers_id'));
    expect(engineers).toMatchObject({
      Description: 'Engineers get the engineer role',
      Selector: '"engineering" in list.groups',
    });
    expect(await output('okta_rule_count')).toBe(2);
    await tf.expect(0, 'plan', '-detailed-exitcode', '-input=false');
  });

  test('an edited description updates the rule in place', async () => {
    const id = await output('engineers_id');
    tf.writeConfig(rules('okta', 'Engineers, reviewed'));
    const plan = await tf.expect(2, 'plan', '-detailed-exitcode', '-input=false');
    expect(plan.stdout).toContain('will be updated in-place');
    expect(plan.stdout).toContain('0 to add, 1 to change, 0 to destroy');
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
    expect(await output('engineers_id')).toBe(id);
    expect((await client.getBindingRule(id))?.Description).toBe('Engineers, reviewed');
    await tf.expect(0, 'plan', '-detailed-exitcode', '-input=false');
  });

  test('an edited auth_method replaces the rule', async () => {
    const oldId = await output('engineers_id');
    tf.writeConfig(rules('github-jwt', 'Engineers, reviewed'));
    const plan = await tf.expect(2, 'plan', '-detailed-exitcode', '-input=false');
    expect(plan.stdout).toContain('must be replaced');
    expect(plan.stdout).toContain('1 to add, 0 to change, 1 to destroy');
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
    const newId = await output('engineers_id');
    expect(newId).not.toBe(oldId);
    expect(await client.getBindingRule(oldId)).toBeUndefined();
    expect((await client.getBindingRule(newId))?.AuthMethod).toBe('github-jwt');
    await tf.expect(0, 'plan', '-detailed-exitcode', '-input=false');
  });

  test('a rule deleted out of band is planned for creation again', async () => {
    await client.deleteBindingRule(await output('engineers_id'));
    const plan = await tf.expect(2, 'plan', '-detailed-exitcode', '-input=false');
    expect(plan.stdout).toContain('secops_nomad_acl_binding_rule.engineers will be created');
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
    await tf.expect(0, 'plan', '-detailed-exitcode', '-input=false');
  });

  test('a rule edited out of band is planned for update', async () => {
    const id = await output('engineers_id');
    const rule = (await client.getBindingRule(id))!;
    await client.updateBindingRule({ ...rule, BindName: 'intruder' });
    const plan = await tf.expect(2, 'plan', '-detailed-exitcode', '-input=false');
    expect(plan.stdout).toContain('will be updated in-place');
    expect(plan.stdout).toMatch(/bind_name\s+= "intruder" -> "engineer"/);
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
    expect((await client.getBindingRule(id))?.BindName).toBe('engineer');
  });

  test('an imported rule yields a clean plan', async () => {
    const created = await client.createBindingRule({
      AuthMethod: 'okta', BindType: 'policy', BindName: 'readonly', Selector: '', Description: 'made by hand',
    });
    tf.writeConfig(rules('github-jwt', 'Engineers, reviewed') + `
resource "secops_nomad_acl_binding_rule" "imported" {
  auth_method = "okta"
  description = "made by hand"
  bind_type   = "policy"
  bind_name   = "readonly"
}
`);
    await tf.expect(0, 'import', '-input=false', 'secops_nomad_acl_binding_rule.imported', created.ID!);
    const state = await tf.expect(0, 'state', 'show', 'secops_nomad_acl_binding_rule.imported');
    expect(state.stdout).toContain(`id          = "${created.ID}"`);
    const plan = await tf.expect(0, 'plan', '-detailed-exitcode', '-input=false');
    expect(plan.stdout).toContain('No changes.');
  });

  test('turning a policy rule into a management rule replaces it (Nomad cannot clear a bind name)', async () => {
    tf.writeConfig(rules('github-jwt', 'Engineers, reviewed') + `
resource "secops_nomad_acl_binding_rule" "imported" {
  auth_method = "okta"
  description = "made by hand"
  bind_type   = "management"
}
`);
    const plan = await tf.expect(2, 'plan', '-detailed-exitcode', '-input=false');
    expect(plan.stdout).toContain('secops_nomad_acl_binding_rule.imported must be replaced');
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
    const managed = nomad.rules().filter(rule => rule.Description === 'made by hand');
    expect(managed.map(rule => [rule.BindType, rule.BindName])).toEqual([['management', '']]);
    await tf.expect(0, 'plan', '-detailed-exitcode', '-input=false');
  });

  test('importing an ID Nomad does not know fails clearly', async () => {
    const config = rules('github-jwt', 'Engineers, reviewed');
    tf.writeConfig(config + '\nresource "secops_nomad_acl_binding_rule" "missing" {\n  auth_method = "okta"\n  bind_type = "management"\n}\n');
    const result = await tf.run('import', '-input=false', 'secops_nomad_acl_binding_rule.missing', '00000000-0000-4000-8000-000000000000');
    expect(result.code).toBe(1);
    // Our error names the ID and Nomad's answer (Terraform's generic one named neither).
    expect(result.stderr).toContain('No object "00000000-0000-4000-8000-000000000000" exists: Nomad answered 404');
    tf.writeConfig(config);
  });

  test('under TF_LOG the provider logs its requests through Terraform, and the token never appears', async () => {
    const logFile = join(tf.dir, 'trace.log');
    const traced = await tf.runWithEnv({ TF_LOG: 'trace', TF_LOG_PATH: logFile }, 'plan', '-input=false');
    expect(traced.code).toBe(0);
    const log = readFileSync(logFile, 'utf8');
    // Terraform prints a provider log line's fields in no fixed order: look for a line with all of them.
    const requestLines = log.split('\n').filter(line => /provider\.terraform-provider-secops[^:]*: HTTP request: /.test(line));
    expect(requestLines.some(line => ['method=GET', 'path=/v1/acl/binding-rule/', 'status=200'].every(part => line.includes(part)))).toBe(true);
    expect(log).toContain('X-Nomad-Token:[REDACTED]');
    expect(log).not.toContain(nomad.managementToken);
  });

  test('destroy leaves the simulator empty', async () => {
    await tf.expect(0, 'destroy', '-auto-approve', '-input=false');
    expect(await client.listBindingRules()).toEqual([]);
    expect(nomad.rules()).toEqual([]);
  });
});

describe('invalid configuration fails at plan, before any request', () => {
  let nomad: NomadSimulator;
  let tf: TerraformWorkspace;

  beforeAll(async () => {
    nomad = new NomadSimulator();
    await nomad.start();
    tf = new TerraformWorkspace({ NOMAD_ADDR: nomad.url, NOMAD_TOKEN: nomad.managementToken });
    tf.writeConfig('provider "secops" {}');
    await tf.expect(0, 'init', '-input=false');
  });

  afterAll(async () => {
    tf?.dispose();
    await nomad?.stop();
  });

  const planOf = async (body: string) => {
    tf.writeConfig(`provider "secops" {}\nresource "secops_nomad_acl_binding_rule" "bad" {\n${body}\n}`);
    return tf.run('plan', '-input=false');
  };

  test('an unknown bind_type names the attribute and the allowed values', async () => {
    const result = await planOf('auth_method = "okta"\nbind_type = "superuser"\nbind_name = "x"');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Invalid value for "bind_type"');
    expect(result.stderr).toContain('must be one of "role", "policy", "management", got "superuser"');
    expect(result.stderr).toContain('bind_type = "superuser"');
  });

  test('a role rule without bind_name is refused', async () => {
    const result = await planOf('auth_method = "okta"\nbind_type = "role"');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Missing value for "bind_name"');
  });

  test('a management rule with bind_name is refused', async () => {
    const result = await planOf('auth_method = "okta"\nbind_type = "management"\nbind_name = "x"');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('must not be set when bind_type is "management"');
  });

  test('a selector that does not parse is refused with the reason', async () => {
    const result = await planOf('auth_method = "okta"\nbind_type = "role"\nbind_name = "x"\nselector = "value.name =="');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Invalid value for "selector"');
  });

  test('no request reached the simulator for any of them', () => {
    expect(nomad.requests.filter(entry => entry.path.startsWith('/v1/acl/binding-rule'))).toEqual([]);
  });
});

/**
 * A refresh of many rules: Terraform keeps each rule's ModifyIndex in provider-private state, and
 * the provider compares it with one list of stubs instead of reading every rule.
 */
describe('terraform refreshes many binding rules through one list', () => {
  let nomad: NomadSimulator;
  let client: NomadClient;
  let tf: TerraformWorkspace;
  const requestsDuring = async (action: () => Promise<unknown>): Promise<string[]> => {
    const mark = nomad.requests.length;
    await action();
    return nomad.requests.slice(mark).map(r => `${r.method} ${r.path.replace(/[0-9a-f-]{36}$/, 'ID')} ${r.status}`).sort();
  };

  beforeAll(async () => {
    nomad = new NomadSimulator();
    await nomad.start();
    client = new NomadClient(nomadSettingsFromEnv({ address: nomad.url, token: nomad.managementToken }, {}));
    tf = new TerraformWorkspace({ NOMAD_ADDR: nomad.url, NOMAD_TOKEN: nomad.managementToken });
    tf.writeConfig(`
provider "secops" {}

resource "secops_nomad_acl_binding_rule" "team" {
  count       = 12
  description = "team \${count.index}"
  auth_method = "okta"
  selector    = "\\"team-\${count.index}\\" in list.groups"
  bind_type   = "role"
  bind_name   = "team-\${count.index}"
}
`);
    await tf.expect(0, 'init', '-input=false');
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
  });

  afterAll(async () => {
    await client?.close();
    tf?.dispose();
    await nomad?.stop();
  });

  test('a plan of unchanged rules makes one request', async () => {
    expect(await requestsDuring(() => tf.expect(0, 'plan', '-detailed-exitcode', '-input=false'))).toEqual(['GET /v1/acl/binding-rules 200']);
  });

  test('rules changed or deleted out of band are read in full and planned for update and creation', async () => {
    const [first, second] = (await client.listBindingRulesDetailed()).sort((a, b) => a.Description.localeCompare(b.Description));
    await client.updateBindingRule({ ...first!, Selector: '"everyone" in list.groups' });
    await client.deleteBindingRule(second!.ID);
    let stdout = '';
    const requests = await requestsDuring(async () => {
      stdout = (await tf.expect(2, 'plan', '-detailed-exitcode', '-input=false')).stdout;
    });
    expect(requests).toEqual(['GET /v1/acl/binding-rule/ID 200', 'GET /v1/acl/binding-rule/ID 404', 'GET /v1/acl/binding-rules 200']);
    expect(stdout).toContain('Plan: 1 to add, 1 to change, 0 to destroy.');
    expect(stdout).toContain('"\\"everyone\\" in list.groups" -> "\\"team-0\\" in list.groups"');
  });
});

/**
 * A replace-only attribute whose value is unknown at plan (issue 15): it comes from another
 * resource that changes in the same apply. The plan must say "replaced", not "updated in place",
 * else Terraform stops the apply with "Provider produced inconsistent final plan".
 */
describe('auth_method unknown at plan', () => {
  let nomad: NomadSimulator;
  let tf: TerraformWorkspace;

  const config = (method: string, bindName: string) => `
provider "secops" {}

resource "terraform_data" "method" {
  input = "${method}"
}

resource "terraform_data" "bind_name" {
  input = "${bindName}"
}

resource "secops_nomad_acl_binding_rule" "rule" {
  auth_method = terraform_data.method.output
  bind_type   = "role"
  bind_name   = terraform_data.bind_name.output
}

output "rule_id" { value = secops_nomad_acl_binding_rule.rule.id }
`;

  beforeAll(async () => {
    nomad = new NomadSimulator();
    await nomad.start();
    tf = new TerraformWorkspace({ NOMAD_ADDR: nomad.url, NOMAD_TOKEN: nomad.managementToken });
    tf.writeConfig(config('okta', 'engineer'));
    await tf.expect(0, 'init', '-input=false');
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
  });

  afterAll(async () => {
    tf?.dispose();
    await nomad?.stop();
  });

  test('changing the resource the auth method comes from plans a replacement, and the apply succeeds', async () => {
    const before = JSON.parse((await tf.expect(0, 'output', '-json', 'rule_id')).stdout) as string;
    tf.writeConfig(config('github-jwt', 'engineer'));
    const plan = await tf.expect(2, 'plan', '-detailed-exitcode', '-input=false');
    expect(plan.stdout).toContain('secops_nomad_acl_binding_rule.rule must be replaced');
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
    const after = JSON.parse((await tf.expect(0, 'output', '-json', 'rule_id')).stdout) as string;
    expect(after).not.toBe(before);
    expect(nomad.rules().map((rule) => [rule.ID, rule.AuthMethod, rule.BindName])).toEqual([[after, 'github-jwt', 'engineer']]);
    await tf.expect(0, 'plan', '-detailed-exitcode', '-input=false');
  });

  test('a bind name unknown at plan replaces the rule (it may turn out cleared), and the apply succeeds', async () => {
    const before = JSON.parse((await tf.expect(0, 'output', '-json', 'rule_id')).stdout) as string;
    tf.writeConfig(config('github-jwt', 'operator'));
    const plan = await tf.expect(2, 'plan', '-detailed-exitcode', '-input=false');
    expect(plan.stdout).toContain('secops_nomad_acl_binding_rule.rule must be replaced');
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
    const after = JSON.parse((await tf.expect(0, 'output', '-json', 'rule_id')).stdout) as string;
    expect(after).not.toBe(before);
    expect(nomad.rules().map((rule) => rule.BindName)).toEqual(['operator']);
  });
});
