import { TERRAFORM } from './workspace';
import { ExampleWorkspace } from '../../scripts/example-workspace';
import { startSandbox, Sandbox } from '../../src/cli/sandbox';

/** What the simulator holds, in a comparable form, ordered by selector. */
function heldRules(sandbox: Sandbox) {
  return sandbox.simulators.nomad.rules()
    .map(rule => ({
      authMethod: rule.AuthMethod, bindType: rule.BindType, bindName: rule.BindName, selector: rule.Selector, description: rule.Description,
    }))
    .sort((a, b) => a.selector.localeCompare(b.selector));
}

function expectSuccess(result: { code: number; output: string }): string {
  if (result.code !== 0) throw new Error(`exited ${result.code}:\n${result.output}`);
  return result.output;
}

/** One full round of examples/nomad with cdktf-cli: deploy, a plan with no changes, destroy. */
describe('cdktf deploy and destroy examples/nomad against the sandbox', () => {
  let sandbox: Sandbox;
  let example: ExampleWorkspace;
  beforeAll(async () => {
    sandbox = await startSandbox();
    const { nomad } = sandbox.simulators;
    example = new ExampleWorkspace('nomad', { env: { NOMAD_ADDR: nomad.url, NOMAD_TOKEN: nomad.managementToken }, terraform: TERRAFORM });
  });
  afterAll(async () => {
    example.dispose();
    await sandbox.stop();
  });

  test('deploy creates the rules, a second plan has nothing to do, destroy removes them', async () => {
    const deployed = expectSuccess(await example.cdktf('deploy', '--auto-approve'));
    expect(heldRules(sandbox)).toEqual([
      { authMethod: 'okta', bindType: 'policy', bindName: 'read-only', selector: '"audit" in list.groups', description: 'Auditors may read everything' },
      { authMethod: 'okta', bindType: 'role', bindName: 'engineer', selector: '"engineering" in list.groups', description: 'Engineering group members get the engineer role' },
      { authMethod: 'github-jwt', bindType: 'management', bindName: '', selector: 'value.sub == "repo:acme/ops:environment:break-glass"', description: 'The on-call break-glass identity gets a management token' },
    ]);
    // The stack's output is the ID the simulator gave the engineers' rule.
    const engineers = sandbox.simulators.nomad.rules().find(rule => rule.BindName === 'engineer');
    expect(deployed).toContain(`engineers-rule-id = "${engineers?.ID}"`);

    const plan = await example.terraform(example.stackDir('nomad'), 'plan', '-no-color', '-input=false', '-detailed-exitcode');
    expect(plan.output).toContain('No changes.');
    expect(plan.code).toBe(0);

    expectSuccess(await example.cdktf('destroy', '--auto-approve'));
    expect(heldRules(sandbox)).toEqual([]);
  });
});

/** examples/illumio-ringfence with cdktf-cli: one deploy provisions the ring fence, destroy removes it in one pass. */
describe('cdktf deploy and destroy examples/illumio-ringfence against the sandbox', () => {
  let sandbox: Sandbox;
  let example: ExampleWorkspace;
  beforeAll(async () => {
    sandbox = await startSandbox();
    example = new ExampleWorkspace('illumio-ringfence', { env: { ...sandbox.env }, terraform: TERRAFORM });
  });
  afterAll(async () => {
    example.dispose();
    await sandbox.stop();
  });

  const active = () => {
    const { illumio } = sandbox.simulators;
    return (['ip_lists', 'services', 'rule_sets'] as const)
      .flatMap(type => illumio.active(type).map(object => `${type}:${(object.body as { name?: string }).name}`)).sort();
  };

  test('deploy provisions everything in one policy version, a second plan is empty, destroy leaves nothing', async () => {
    const { illumio } = sandbox.simulators;
    expectSuccess(await example.cdktf('deploy', '--auto-approve'));
    expect(illumio.versions()).toHaveLength(1);
    expect(active()).toEqual(['ip_lists:office network', 'rule_sets:shop | prod', 'services:https', 'services:postgres']);
    expect(illumio.active('rule_sets')[0]!.rules).toHaveLength(2);

    const plan = await example.terraform(example.stackDir('illumio-ringfence'), 'plan', '-no-color', '-input=false', '-detailed-exitcode');
    expect(plan.output).toContain('No changes.');
    expect(plan.code).toBe(0);

    expectSuccess(await example.cdktf('destroy', '--auto-approve'));
    expect(active()).toEqual([]);
    expect(illumio.draft('rule_sets').filter(object => object.update_type !== null)).toEqual([]);
  });
});

/** examples/carbonblack-guardrails with cdktf-cli: deploy, a clean plan, destroy back to the seeded organisation. */
describe('cdktf deploy and destroy examples/carbonblack-guardrails against the sandbox', () => {
  let sandbox: Sandbox;
  let example: ExampleWorkspace;
  beforeAll(async () => {
    sandbox = await startSandbox();
    example = new ExampleWorkspace('carbonblack-guardrails', { env: { ...sandbox.env }, terraform: TERRAFORM });
  });
  afterAll(async () => {
    example.dispose();
    await sandbox.stop();
  });

  test('deploy creates the scope, the policy on it and the template with its added rule; a second plan is empty; destroy leaves the seeds', async () => {
    const { carbonblack } = sandbox.simulators;
    const deployed = expectSuccess(await example.cdktf('deploy', '--auto-approve'));
    const policy = carbonblack.policies().find(p => p.name === 'production-hardening');
    expect(policy?.rules.map(rule => `${rule.id}:${rule.action}`)).toEqual(['privileged:block', 'app-armor:enforce', 'critical-vulnerabilities:alert']);
    expect(deployed).toContain(`policy-id = "${policy?.policy_id}"`);
    expect(carbonblack.templates().find(t => t.name === 'team-baseline')?.rules.map(rule => rule.id))
      .toEqual(['run-as-non-root', 'read-only-root-filesystem', 'host-network']);

    const plan = await example.terraform(example.stackDir('carbonblack-guardrails'), 'plan', '-no-color', '-input=false', '-detailed-exitcode');
    expect(plan.output).toContain('No changes.');
    expect(plan.code).toBe(0);

    expectSuccess(await example.cdktf('destroy', '--auto-approve'));
    expect(carbonblack.scopes().map(scope => scope.name)).toEqual(['Any']);
    expect(carbonblack.policies().map(p => p.name)).toEqual(['default']);
    expect(carbonblack.templates().filter(t => t.custom !== null)).toEqual([]);
  });
});
