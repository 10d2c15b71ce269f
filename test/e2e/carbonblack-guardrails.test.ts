import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TerraformWorkspace } from './workspace';
import { CarbonBlackClient, carbonBlackSettingsFromEnv } from '../../src/clients/carbonblack';
import { CarbonBlackSimulator, DEFAULT_POLICY_ID } from '../../src/simulators/carbonblack';

const RUNTIME_DEFAULT = 'ea4de48f-dc31-4dba-bf9d-9eb77adc4b97';

/**
 * Kubernetes guardrails driven by the real terraform binary through the bundled provider,
 * against the Carbon Black simulator: a scope, a policy on it with two rules and an exception, a
 * custom template with rules added, edits, drift, adoption of an existing object, destroy.
 * The steps share one state, in order.
 */
describe('terraform drives Carbon Black Cloud guardrails end to end', () => {
  let cbc: CarbonBlackSimulator;
  let client: CarbonBlackClient;
  let tf: TerraformWorkspace;

  const config = (status = 'enabled', extra = '') => `
provider "secops" {}

resource "secops_carbonblack_scope" "prod" {
  name            = "prod"
  lifecycle_phase = "deployed"
  clusters        = ["prod:eu-1"]
  namespaces      = ["payments", "web"]
}

resource "secops_carbonblack_policy" "prod" {
  name                         = "prod-hardening"
  scope_id                     = secops_carbonblack_scope.prod.scope_id
  status                       = "${status}"
  include_ephemeral_containers = true

  rule {
    rule_id = "privileged"
    action  = "block"
  }

  rule {
    rule_id     = "app-armor"
    action      = "enforce"
    preset_id   = "${RUNTIME_DEFAULT}"
    preset_name = "runtime-default"
  }

  exception {
    rule_id   = "privileged"
    name      = "node-debugger"
    cluster   = "prod:eu-1"
    namespace = "*"
    kind      = "Pod"
    labels    = { team = "sre" }
  }
}

resource "secops_carbonblack_template" "baseline" {
  name = "baseline"
  rule {
    rule_id = "run-as-non-root"
    action  = "enforce"
  }
}

resource "secops_carbonblack_template_rules" "network" {
  template_ids = [secops_carbonblack_template.baseline.template_id]
  rule {
    rule_id = "host-network"
    action  = "block"
  }
  rule {
    rule_id = "privilege-escalation"
    action  = "alert"
  }
}

output "policy_id" { value = secops_carbonblack_policy.prod.policy_id }
output "scope_id" { value = secops_carbonblack_scope.prod.scope_id }
${extra}`;

  const output = async (name: string): Promise<string> => JSON.parse((await tf.expect(0, 'output', '-json', name)).stdout);
  const cleanPlan = async () => {
    const plan = await tf.expect(0, 'plan', '-detailed-exitcode', '-input=false');
    expect(plan.stdout).toContain('No changes.');
  };

  beforeAll(async () => {
    cbc = new CarbonBlackSimulator();
    await cbc.start();
    const env = { CBC_URL: cbc.url, CBC_ORG_KEY: cbc.orgKey, CBC_API_ID: cbc.apiId, CBC_API_SECRET: cbc.apiSecret };
    client = new CarbonBlackClient(carbonBlackSettingsFromEnv({}, env));
    tf = new TerraformWorkspace(env);
    tf.writeConfig(config());
    await tf.expect(0, 'init', '-input=false');
  });

  afterAll(async () => {
    tf?.dispose();
    await client?.close();
    await cbc?.stop();
  });

  test('apply creates the scope, the policy with two rules and an exception, the template and its added rules; a second plan is clean', async () => {
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
    const scopeId = await output('scope_id');
    expect(await client.getScope(scopeId)).toMatchObject({ name: 'prod', clusters: ['prod:eu-1'], namespaces: ['payments', 'web'], lifecycle_phase: 'deployed' });
    const policy = await client.getPolicy(await output('policy_id'));
    expect(policy).toMatchObject({
      name: 'prod-hardening',
      status: 'enabled',
      include_init_containers: false,
      include_ephemeral_containers: true,
      scope_metadata: { scope_id: scopeId, scope_name: 'prod' },
      rules: [
        { id: 'privileged', action: 'block', is_enabled: true },
        { id: 'app-armor', action: 'enforce', is_enabled: true, preset_id: RUNTIME_DEFAULT, preset_name: 'runtime-default' },
      ],
      exceptions: { privileged: [{ name: 'node-debugger', cluster: 'prod:eu-1', namespace: '*', kind: 'Pod', labels: [{ key: 'team', value: 'sre' }] }] },
    });
    const baseline = (await client.listTemplates()).find(t => t.name === 'baseline');
    expect(baseline?.rules).toEqual([
      { id: 'run-as-non-root', action: 'enforce' }, { id: 'host-network', action: 'block' }, { id: 'privilege-escalation', action: 'alert' },
    ]);
    expect(await client.getScopeWithPolicy(scopeId)).toMatchObject({ policy_metadata: { policy_id: policy!.policy_id, policy_name: 'prod-hardening' } });
    await cleanPlan();
  });

  test('a status change is applied in place', async () => {
    const id = await output('policy_id');
    tf.writeConfig(config('disabled'));
    const plan = await tf.expect(2, 'plan', '-detailed-exitcode', '-input=false');
    expect(plan.stdout).toContain('# secops_carbonblack_policy.prod will be updated in-place');
    expect(plan.stdout).toMatch(/status\s+= "enabled" -> "disabled"/);
    expect(plan.stdout).toContain('0 to add, 1 to change, 0 to destroy');
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
    expect(await output('policy_id')).toBe(id);
    expect((await client.getPolicy(id))?.status).toBe('disabled');
    await cleanPlan();
  });

  test('a policy deleted out of band is planned for creation again', async () => {
    await client.deletePolicy(await output('policy_id'));
    const plan = await tf.expect(2, 'plan', '-detailed-exitcode', '-input=false');
    expect(plan.stdout).toContain('# secops_carbonblack_policy.prod will be created');
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
    await cleanPlan();
  });

  test('an added rule removed from the template out of band is planned to be added again', async () => {
    const baseline = (await client.listTemplates()).find(t => t.name === 'baseline')!;
    await client.updateTemplate(baseline.template_id, { name: 'baseline', rules: baseline.rules.filter(r => r.id !== 'host-network') });
    const plan = await tf.expect(2, 'plan', '-detailed-exitcode', '-input=false');
    expect(plan.stdout).toContain('# secops_carbonblack_template_rules.network will be updated in-place');
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
    expect((await client.getTemplate(baseline.template_id))?.rules.map(r => r.id)).toContain('host-network');
    await cleanPlan();
  });

  test('a create meeting a scope made elsewhere fails asking for import; after import the plan is clean', async () => {
    const existing = await client.createScope({ name: 'staging', clusters: ['staging:eu-1'], namespaces: ['*'] });
    const staging = `
resource "secops_carbonblack_scope" "staging" {
  name     = "staging"
  clusters = ["staging:eu-1"]
}`;
    tf.writeConfig(config('disabled', staging));
    const failed = await tf.run('apply', '-auto-approve', '-input=false');
    expect(failed.code).toBe(1);
    expect(failed.stderr.replace(/\s+/g, ' ')).toContain(`A Carbon Black Cloud scope named "staging" already exists (id ${existing})`);
    expect(failed.stderr.replace(/\s+/g, ' ')).toContain(`terraform import secops_carbonblack_scope.<name> ${existing}`);
    expect(cbc.scopes().filter(s => s.name === 'staging')).toHaveLength(1);
    await tf.expect(0, 'import', '-input=false', 'secops_carbonblack_scope.staging', existing);
    await cleanPlan();
  });

  test('under TF_LOG the provider logs its requests, and the API key never appears', async () => {
    const logFile = join(tf.dir, 'trace.log');
    const traced = await tf.runWithEnv({ TF_LOG: 'trace', TF_LOG_PATH: logFile }, 'plan', '-input=false');
    expect(traced.code).toBe(0);
    const log = readFileSync(logFile, 'utf8');
    // Terraform prints a log line's fields in no fixed order.
    const policyReads = log.split('\n').filter(line => line.includes('HTTP request:') && line.includes('method=GET') && line.includes('status=200')
      && new RegExp(`path=/containers/v1/orgs/${cbc.orgKey}/guardrails/management/policies/[0-9a-f-]{36} `).test(line));
    expect(policyReads.length).toBeGreaterThan(0);
    expect(log).toContain('X-AUTH-TOKEN:[REDACTED]');
    expect(log).not.toContain(cbc.apiSecret);
  });

  test('destroy removes the policy before its scope, the added rules and the template; the seeded objects stay', async () => {
    await tf.expect(0, 'destroy', '-auto-approve', '-input=false');
    const deletes = cbc.requests.filter(r => r.method === 'DELETE').map(r => r.path.replace(/^.*\/management\//, '').replace(/\/[^/]+$/, ''));
    expect(deletes.indexOf('policies')).toBeGreaterThanOrEqual(0);
    expect(deletes.indexOf('policies')).toBeLessThan(deletes.indexOf('scopes'));
    // The seeded default policy on the protected "Any" scope is not Terraform's.
    expect(cbc.policies().map(p => p.policy_id)).toEqual([DEFAULT_POLICY_ID]);
    expect(cbc.scopes().map(s => s.name)).toEqual(['Any']);
    expect(cbc.templates().filter(t => t.custom !== null)).toEqual([]);
  });
});

describe('invalid Carbon Black configuration fails at plan, before any write', () => {
  let cbc: CarbonBlackSimulator;
  let tf: TerraformWorkspace;

  beforeAll(async () => {
    cbc = new CarbonBlackSimulator();
    await cbc.start();
    tf = new TerraformWorkspace({ CBC_URL: cbc.url, CBC_ORG_KEY: cbc.orgKey, CBC_API_ID: cbc.apiId, CBC_API_SECRET: cbc.apiSecret });
    tf.writeConfig('provider "secops" {}');
    await tf.expect(0, 'init', '-input=false');
  });

  afterAll(async () => {
    tf?.dispose();
    await cbc?.stop();
  });

  const planOf = async (resources: string) => {
    tf.writeConfig(`provider "secops" {}\n${resources}`);
    return tf.run('plan', '-input=false');
  };

  test('an unknown policy status names the attribute and the allowed values', async () => {
    const result = await planOf('resource "secops_carbonblack_policy" "bad" {\n  name = "p"\n  scope_id = "s"\n  status = "active"\n}');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Invalid value for "status"');
    expect(result.stderr).toContain('must be one of "enabled", "disabled", "draft", got "active"');
  });

  test('a scope with neither clusters nor cluster groups is refused', async () => {
    const result = await planOf('resource "secops_carbonblack_scope" "bad" {\n  name = "s"\n  clusters = []\n}');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Missing value for "clusters"');
  });

  test('an action the rule does not support is refused at plan, from the organisation\'s catalogue', async () => {
    const result = await planOf(`resource "secops_carbonblack_policy" "bad" {
  name     = "p"
  scope_id = "s"
  status   = "enabled"
  rule {
    rule_id = "privileged"
    action  = "enforce"
  }
}`);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Invalid value for "rule.0.action"');
    expect(result.stderr).toContain('rule "privileged" supports "alert", "block", got "enforce"');
  });

  test('no write reached the simulator', () => {
    expect(cbc.requests.filter(r => r.method !== 'GET')).toEqual([]);
  });
});
