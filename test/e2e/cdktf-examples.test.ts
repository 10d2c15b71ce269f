import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { TERRAFORM } from './workspace';
import { createReceiverServer } from '../../examples/chainguard-events/receiver';
import { ExampleWorkspace, REPO_ROOT } from '../../scripts/example-workspace';
import { ChainguardEventReceiver } from '../../src';
import { installProvider } from '../../src/cli/install';
import { startSandbox, Sandbox } from '../../src/cli/sandbox';

const EXAMPLE_RULES = ['engineers', 'auditors', 'break-glass'];

/** Fails with the command's output, which says why, rather than with a bare exit code. */
function expectSuccess(result: { code: number; output: string }): string {
  if (result.code !== 0) throw new Error(`exited ${result.code}:\n${result.output}`);
  return result.output;
}

describe('examples plan against the sandbox', () => {
  let sandbox: Sandbox;
  const workspaces: ExampleWorkspace[] = [];
  const copy = (example: string) => {
    const workspace = new ExampleWorkspace(example, { env: { ...sandbox.env }, terraform: TERRAFORM });
    workspaces.push(workspace);
    return workspace;
  };
  beforeAll(async () => { sandbox = await startSandbox(); });
  afterAll(async () => {
    workspaces.forEach(workspace => workspace.dispose());
    await sandbox.stop();
  });

  test('examples/nomad: cdktf synth, then terraform init and plan in the stack directory list the rules to create', async () => {
    const example = copy('nomad');
    expectSuccess(await example.cdktf('synth'));
    const stackDir = example.stackDir('nomad');
    const config = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8'));
    expect(Object.keys(config.resource.secops_nomad_acl_binding_rule).sort()).toEqual([...EXAMPLE_RULES].sort());

    // No install step: init finds the provider synthesis put beside the stack.
    const init = expectSuccess(await example.terraform(stackDir, 'init', '-no-color', '-input=false'));
    expect(init).toMatch(/Installed terraform\.local\/secops\/secops v[\d.]+/);
    const plan = expectSuccess(await example.terraform(stackDir, 'plan', '-no-color', '-input=false'));
    for (const rule of EXAMPLE_RULES) {
      expect(plan).toContain(`# secops_nomad_acl_binding_rule.${rule} will be created`);
    }
    expect(plan).toContain('# data.secops_nomad_acl_binding_rules.okta-rules will be read during apply');
    expect(plan).toContain('Plan: 3 to add, 0 to change, 0 to destroy.');
    expect(sandbox.simulators.nomad.rules()).toEqual([]);
  });

  test('examples/illumio-ringfence: cdktf synth wires provisioning; terraform plan lists the policy and the provision', async () => {
    const example = copy('illumio-ringfence');
    expectSuccess(await example.cdktf('synth'));
    const stackDir = example.stackDir('illumio-ringfence');
    const config = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8'));
    expect(Object.keys(config.resource.secops_illumio_provision)).toEqual(['secops-illumio-provision']);
    expect(Object.keys(config.resource.secops_illumio_provision['secops-illumio-provision'].objects)).toHaveLength(6);
    expectSuccess(await example.terraform(stackDir, 'init', '-no-color', '-input=false'));
    const plan = expectSuccess(await example.terraform(stackDir, 'plan', '-no-color', '-input=false'));
    expect(plan).toContain('# secops_illumio_rule_set.shop-prod will be created');
    expect(plan).toContain('# secops_illumio_provision.secops-illumio-provision will be created');
    expect(plan).toContain('Plan: 11 to add, 0 to change, 0 to destroy.');
  });

  test('examples/anchore-rbac: cdktf synth, then terraform plan lists the memberships and the IdP and reads the role', async () => {
    const example = copy('anchore-rbac');
    expectSuccess(await example.cdktf('synth'));
    const stackDir = example.stackDir('anchore-rbac');
    const config = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8'));
    expect(Object.keys(config.resource.secops_anchore_role_member).sort()).toEqual(['bob-reads-security', 'ci-bot-read-write']);
    expectSuccess(await example.terraform(stackDir, 'init', '-no-color', '-input=false'));
    const plan = expectSuccess(await example.terraform(stackDir, 'plan', '-no-color', '-input=false'));
    expect(plan).toContain('# secops_anchore_role_member.ci-bot-read-write will be created');
    expect(plan).toContain('# secops_anchore_saml_idp.okta will be created');
    expect(plan).toContain('Plan: 3 to add, 0 to change, 0 to destroy.');
    expect(plan).toContain('"createImage"');
    expect(sandbox.simulators.anchore.state.idps.list()).toEqual([]);
  });

  test('examples/chainguard-events: cdktf synth, then terraform plan lists the subscription for the sandbox\'s group', async () => {
    const example = copy('chainguard-events');
    expectSuccess(await example.cdktf('synth'));
    const stackDir = example.stackDir('chainguard-events');
    const config = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8'));
    expect(config.variable.group.default).toBe(sandbox.env.CHAINGUARD_GROUP);
    expect(config.resource.secops_chainguard_subscription.webhook.sink).toBe('http://127.0.0.1:8787/events');
    // The review checks ran: the local receiver's findings are suppressed, with the reason on record.
    const sarif = JSON.parse(readFileSync(join(stackDir, 'secops-checks.sarif'), 'utf8'));
    const results = sarif.runs[0].results as Array<{ ruleId: string; suppressions?: Array<{ justification: string }> }>;
    expect(results.map(r => [r.ruleId, r.suppressions?.[0]?.justification]).sort()).toEqual([
      ['chainguard-sink-not-https', 'The example delivers to receiver.ts on this machine, which verifies every token'],
      ['chainguard-sink-private-address', 'The example delivers to receiver.ts on this machine, which verifies every token'],
    ]);
    expectSuccess(await example.terraform(stackDir, 'init', '-no-color', '-input=false'));
    const plan = expectSuccess(await example.terraform(stackDir, 'plan', '-no-color', '-input=false'));
    expect(plan).toContain('# secops_chainguard_subscription.webhook will be created');
    expect(plan).toContain(`+ parent_id = "${sandbox.env.CHAINGUARD_GROUP}"`);
    expect(plan).toContain('Plan: 1 to add, 0 to change, 0 to destroy.');
  });

  test('examples/chainguard-events receiver turns the sandbox\'s signed events into notifications and refuses forgeries', async () => {
    const chainguard = sandbox.simulators.chainguard;
    const notifications: string[] = [];
    const receiver = new ChainguardEventReceiver({ group: sandbox.env.CHAINGUARD_GROUP!, issuer: sandbox.env.CHAINGUARD_ISSUER! });
    const server = createReceiverServer(receiver, text => { notifications.push(text); });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
    try {
      const subscription = await fetch(`${chainguard.url}/events/v1/subscriptions/${chainguard.rootGroupId}`, {
        method: 'POST', headers: { authorization: `Bearer ${chainguard.token}` }, body: JSON.stringify({ sink: url }),
      });
      expect(subscription.status).toBe(200);
      chainguard.trigger({ type: 'dev.chainguard.registry.push.v1', body: { repository: 'cgr.dev/acme/app', tag: 'v1.2', digest: 'sha256:abc', location: 'ColumbusOHUS' } });
      chainguard.trigger({ type: 'dev.chainguard.api.iam.identity.deleted.v1' });
      await chainguard.deliveriesSettled();
      // Deliveries run concurrently: the notifications come in any order.
      expect(notifications).toHaveLength(3);
      expect(notifications).toEqual(expect.arrayContaining([
        expect.stringMatching(/^\[chainguard\] Events of [0-9a-f]{40} now go to http:\/\/127\.0\.0\.1:\d+\/events \(by [0-9a-f]{40} at .+\)$/),
        expect.stringMatching(/^\[chainguard\] Image pushed to cgr\.dev\/acme\/app:v1\.2 \(sha256:abc\) from ColumbusOHUS /),
        expect.stringMatching(/^\[chainguard\] iam - Identities Delete: [0-9a-f]{40}\/[0-9a-f]{16} /),
      ]));
      const forged = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect([forged.status, await forged.text()]).toEqual([401, 'missing bearer token in the Authorization header']);
      expect(notifications).toHaveLength(3);
    } finally {
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    }
  });

  test('examples/carbonblack-guardrails: cdktf synth, then terraform plan lists the guardrails, checked against the catalogue', async () => {
    const example = copy('carbonblack-guardrails');
    expectSuccess(await example.cdktf('synth'));
    const stackDir = example.stackDir('carbonblack-guardrails');
    const config = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8'));
    expect(config.resource.secops_carbonblack_policy.hardening.rule).toHaveLength(3);
    expectSuccess(await example.terraform(stackDir, 'init', '-no-color', '-input=false'));
    const plan = expectSuccess(await example.terraform(stackDir, 'plan', '-no-color', '-input=false'));
    for (const resource of ['scope.production', 'policy.hardening', 'template.baseline', 'template_rules.network-rules']) {
      expect(plan).toContain(`# secops_carbonblack_${resource} will be created`);
    }
    expect(plan).toContain('Plan: 4 to add, 0 to change, 0 to destroy.');
    // The plan read the rule catalogue (data source and action checks) and wrote nothing.
    const requests = sandbox.simulators.carbonblack.requests;
    expect(requests.some(r => r.path.endsWith('/guardrails/management/rules'))).toBe(true);
    expect(requests.filter(r => r.method !== 'GET')).toEqual([]);
  });

  test('examples/nomad-hcl: terraform init and plan with the provider from `secops install` list the rules to create', async () => {
    const example = copy('nomad-hcl');
    installProvider(join(example.dir, 'terraform.d', 'plugins'));
    expectSuccess(await example.terraform(example.dir, 'init', '-no-color', '-input=false'));
    const plan = expectSuccess(await example.terraform(example.dir, 'plan', '-no-color', '-input=false'));
    for (const rule of ['engineers', 'auditors', 'break_glass']) {
      expect(plan).toContain(`# secops_nomad_acl_binding_rule.${rule} will be created`);
    }
    expect(plan).toContain('Plan: 3 to add, 0 to change, 0 to destroy.');
  });

  test.each(['nomad', 'carbonblack-guardrails', 'anchore-rbac', 'chainguard-events', 'platform'])('examples/%s type-checks against the library\'s API', async (name) => {
    // The example runs transpile-only; this is where a construct API change breaks it.
    const example = copy(name);
    const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await example.run(process.execPath, [tsc, '--noEmit', '-p', join(REPO_ROOT, 'examples', name, 'tsconfig.json')], REPO_ROOT);
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });
});
