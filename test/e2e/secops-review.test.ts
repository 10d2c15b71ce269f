import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TERRAFORM, TerraformWorkspace } from './workspace';
import { ExampleWorkspace } from '../../scripts/example-workspace';
import { startSandbox, Sandbox } from '../../src/cli/sandbox';
import { sarifProblems } from '../checks/sarif-schema';

const CLI = join(__dirname, '..', '..', 'src', 'cli', 'secops.ts');
const FIXTURES = join(__dirname, '..', 'fixtures', 'review');

/** Runs `secops` from source in `cwd` (async: the simulators serve in this process). */
function secops(cwd: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', require.resolve('ts-node/register/transpile-only'), CLI, ...args], {
      cwd,
      env: { ...process.env, TS_NODE_PROJECT: join(__dirname, '..', 'tsconfig.json') },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', chunk => { stdout += chunk; });
    child.stderr.on('data', chunk => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', code => resolve({ code, stdout, stderr }));
  });
}

interface SarifResult {
  ruleId: string;
  level: string;
  locations: { logicalLocations: { fullyQualifiedName: string }[] }[];
  suppressions?: { kind: string; justification: string; location: { logicalLocations: { fullyQualifiedName: string }[] } }[];
}
interface SarifLog {
  runs: { results: SarifResult[] }[];
}

/**
 * `secops review` on plans the real terraform produced against the simulators: a change to an
 * applied Nomad and Illumio configuration (creates, an update, a replacement, destroys), and
 * the examples/nomad-hcl configuration.
 */
describe('secops review PLAN.json', () => {
  let sandbox: Sandbox;
  const workspaces: TerraformWorkspace[] = [];
  beforeAll(async () => { sandbox = await startSandbox(); });
  afterAll(async () => {
    workspaces.forEach(workspace => workspace.dispose());
    await sandbox.stop();
  });

  /** Plans `config` (after applying `applied`, if given) and writes `terraform show -json` to plan.json. */
  async function planJson(config: string, applied?: string, env: Record<string, string> = {}): Promise<TerraformWorkspace> {
    const tf = new TerraformWorkspace({ ...sandbox.env, ...env });
    workspaces.push(tf);
    tf.writeConfig(applied ?? config);
    await tf.expect(0, 'init', '-input=false');
    if (applied) {
      await tf.expect(0, 'apply', '-auto-approve', '-input=false');
      tf.writeConfig(config);
    }
    await tf.expect(0, 'plan', '-input=false', '-out', 'plan.bin');
    const show = await tf.expect(0, 'show', '-json', 'plan.bin');
    writeFileSync(join(tf.dir, 'plan.json'), show.stdout);
    return tf;
  }

  test('a change to applied Nomad and Illumio policy: the review says what changes and every finding; the SARIF is valid', async () => {
    const before = readFileSync(join(FIXTURES, 'before.tf'), 'utf8');
    const after = readFileSync(join(FIXTURES, 'after.tf'), 'utf8');
    const tf = await planJson(after, before);

    const review = await secops(tf.dir, 'review', 'plan.json', '--sarif', 'review.sarif');
    expect(review.stderr).toBe('');
    expect(review.code).toBe(0);
    expect(review.stdout).toMatchSnapshot();

    const markdown = review.stdout;
    expect(markdown).toContain('**5 errors, 4 warnings, 0 notes** · 6 to create, 2 to change, 1 to replace, 2 to destroy.');
    // Readable words per vendor, per kind of change.
    expect(markdown).toMatch(/### Nomad\n\n\*\*Created\*\*\n\n- ACL binding rule \*\*oncall\*\* \(on auth method "okta", grants role "operator"\)/);
    expect(markdown).toContain('- ACL binding rule **auditors** (on auth method "okta", grants management) — destroyed and created again, for `bind_name`, `bind_type`, `selector`');
    expect(markdown).toContain('- rule set **shop** ("shop | prod") — changes `enabled`, `scopes`');
    expect(markdown).toMatch(/\*\*Destroyed\*\*\n\n- rule set \*\*legacy\*\* \("legacy"\)\n- security rule \*\*legacy_https\*\*/);
    // References to objects created in the same plan are followed (the internet IP list, the dev label, the empty group).
    expect(markdown).toContain('`illumio-any-ip-to-all-services` on `secops_illumio_security_rule.internet_to_web`: Consumers IP list "the internet" (every address) may reach every TCP port');
    expect(markdown).toContain('The scope requires label env=prod and label env=dev at once');
    expect(markdown).toContain('The scope requires label group "tiers nobody filled", which has no members.');
    expect(markdown).toContain('`illumio-destroy-provisioned-policy` on `secops_illumio_rule_set.legacy`');
    // The unchanged office rule (a narrow IP list, HTTPS) raises nothing.
    expect(markdown).not.toContain('office_to_web');

    // The same review gates CI on request: error findings fail it.
    expect((await secops(tf.dir, 'review', 'plan.json', '--fail-on-error')).code).toBe(1);

    const sarif = JSON.parse(readFileSync(join(tf.dir, 'review.sarif'), 'utf8')) as SarifLog;
    expect(sarifProblems(sarif)).toEqual([]);
    const results = sarif.runs[0]!.results.map(r => `${r.level} ${r.ruleId} ${r.locations[0]!.logicalLocations[0]!.fullyQualifiedName}`);
    expect(results.sort()).toEqual([
      'error illumio-any-ip-to-all-services secops_illumio_security_rule.internet_to_web',
      'error illumio-scope-matches-nothing secops_illumio_rule_set.shop',
      'error illumio-scope-matches-nothing secops_illumio_rule_set.tiers',
      'error nomad-management-without-selector secops_nomad_acl_binding_rule.auditors',
      'error nomad-selector-never-matches secops_nomad_acl_binding_rule.oncall',
      'warning illumio-destroy-provisioned-policy secops_illumio_rule_set.legacy',
      'warning illumio-destroy-provisioned-policy secops_illumio_security_rule.legacy_https',
      'warning illumio-empty-label-group secops_illumio_label_group.nothing',
      'warning illumio-rule-set-disabled secops_illumio_rule_set.shop',
    ]);
  });

  test('a change to Carbon Black, Anchore and Chainguard configuration: findings of the three packs, the catalogue read at plan', async () => {
    const before = readFileSync(join(FIXTURES, 'three-vendors-before.tf'), 'utf8');
    const after = readFileSync(join(FIXTURES, 'three-vendors-after.tf'), 'utf8');
    const tf = await planJson(after, before, { TF_VAR_chainguard_group: sandbox.env.CHAINGUARD_GROUP! });

    const review = await secops(tf.dir, 'review', 'plan.json', '--packs', 'carbonblack,anchore,chainguard', '--sarif', 'review.sarif');
    expect(review.stderr).toBe('');
    expect(review.code).toBe(0);
    expect(review.stdout).toMatchSnapshot();

    const markdown = review.stdout;
    expect(markdown).toContain('**5 errors, 4 warnings, 1 note** · 6 to create, 0 to change, 0 to replace, 2 to destroy.');
    expect(markdown).toMatch(/### Carbon Black Cloud\n\n\*\*Created\*\*\n\n- policy \*\*baseline\*\* \("baseline", draft, 2 rules\)/);
    expect(markdown).toContain('- role membership **alice_admin_in_security** ("account-user-admin" for alice in account "security")');
    expect(markdown).toContain('- event subscription **internal** (to http://10.20.0.5/chainguard)');
    // The catalogue comes from the data source read at plan time: privileged is high risk and can block; run-as-non-root is not high risk.
    expect(markdown).toContain('`carbonblack-high-risk-rule-alert-only` on `secops_carbonblack_policy.baseline`: High-risk rule "privileged" only alerts');
    expect(markdown).not.toContain('"run-as-non-root" only alerts');
    // The account is the provider block's `anchore { account = "admin" }`.
    expect(markdown).toContain('gets admin-class role "account-user-admin" in account "security", outside the provider\'s account "admin"');
    expect(markdown).not.toContain('carol_reads_engineering`');

    expect((await secops(tf.dir, 'review', 'plan.json', '--fail-on-error')).code).toBe(1);
    const sarif = JSON.parse(readFileSync(join(tf.dir, 'review.sarif'), 'utf8')) as SarifLog;
    expect(sarifProblems(sarif)).toEqual([]);
    const results = sarif.runs[0]!.results.map(r => `${r.level} ${r.ruleId} ${r.locations[0]!.logicalLocations[0]!.fullyQualifiedName}`);
    expect(results.sort()).toEqual([
      'error anchore-admin-role-other-account secops_anchore_role_member.alice_admin_in_security',
      'error anchore-saml-metadata-http secops_anchore_saml_idp.okta',
      'error anchore-saml-unsigned secops_anchore_saml_idp.okta',
      'error carbonblack-exception-matches-everything secops_carbonblack_policy.baseline',
      'error chainguard-sink-not-https secops_chainguard_subscription.internal',
      'note carbonblack-scope-everything secops_carbonblack_scope.everything',
      'warning carbonblack-destroy-enabled-policy secops_carbonblack_policy.legacy',
      'warning carbonblack-high-risk-rule-alert-only secops_carbonblack_policy.baseline',
      'warning carbonblack-policy-not-enabled secops_carbonblack_policy.baseline',
      'warning chainguard-sink-private-address secops_chainguard_subscription.internal',
    ]);
  });

  test('examples/nomad-hcl: three rules to create, the break-glass management rule is a warning', async () => {
    const example = readFileSync(join(__dirname, '..', '..', 'examples', 'nomad-hcl', 'main.tf'), 'utf8').replace(/terraform \{[\s\S]*?\n\}\n/, '');
    const tf = await planJson(example);
    const review = await secops(tf.dir, 'review', 'plan.json', '--packs', 'nomad', '--sarif', 'review.sarif', '--fail-on-error');
    expect(review.code).toBe(0); // a warning does not fail it
    expect(review.stdout).toMatchSnapshot();
    expect(review.stdout).toContain('**0 errors, 1 warning, 0 notes** · 3 to create, 0 to change, 0 to replace, 0 to destroy.');
    expect(review.stdout).toContain('`nomad-management-binding` on `secops_nomad_acl_binding_rule.break_glass`');
    const sarif = JSON.parse(readFileSync(join(tf.dir, 'review.sarif'), 'utf8')) as SarifLog;
    expect(sarifProblems(sarif)).toEqual([]);
    expect(sarif.runs[0]!.results.map(r => r.ruleId)).toEqual(['nomad-management-binding']);

    // --level strict: the management binding is an error, and fails the review.
    const strict = await secops(tf.dir, 'review', 'plan.json', '--packs', 'nomad', '--level', 'strict', '--fail-on-error');
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('**1 error, 0 warnings, 0 notes**');
    expect(strict.stdout).toContain('❌ **error** `nomad-management-binding` on `secops_nomad_acl_binding_rule.break_glass`');
  });

  test('examples/chainguard-events (cdktf): its construct suppressions apply to the review of its plan without --suppressions', async () => {
    const example = new ExampleWorkspace('chainguard-events', { env: { ...sandbox.env }, terraform: TERRAFORM });
    try {
      const ok = (result: { code: number; output: string }) => {
        if (result.code !== 0) throw new Error(`exited ${result.code}:\n${result.output}`);
        return result.output;
      };
      ok(await example.cdktf('synth'));
      const stackDir = example.stackDir('chainguard-events');
      const reason = 'The example delivers to receiver.ts on this machine, which verifies every token';
      const address = 'secops_chainguard_subscription.webhook';
      expect(JSON.parse(readFileSync(join(stackDir, 'secops-suppressions.json'), 'utf8'))).toEqual([
        { ruleId: 'chainguard-sink-not-https', address, reason, constructPath: 'chainguard-events/webhook' },
        { ruleId: 'chainguard-sink-private-address', address, reason, constructPath: 'chainguard-events/webhook' },
      ]);

      ok(await example.terraform(stackDir, 'init', '-no-color', '-input=false'));
      ok(await example.terraform(stackDir, 'plan', '-no-color', '-input=false', '-out', 'plan.bin'));
      writeFileSync(join(stackDir, 'plan.json'), ok(await example.run(TERRAFORM, ['show', '-json', 'plan.bin'], stackDir)));

      // Run in the stack directory, and from elsewhere given the plan there: the same suppressions.
      for (const [cwd, plan] of [[stackDir, 'plan.json'], [example.dir, join(stackDir, 'plan.json')]] as const) {
        const review = await secops(cwd, 'review', plan, '--sarif', join(stackDir, 'review.sarif'), '--fail-on-error');
        expect(review.stderr).toBe('');
        expect(review.code).toBe(0); // the error finding is suppressed
        expect(review.stdout).toContain('**0 errors, 0 warnings, 0 notes** (2 suppressed) · 1 to create, 0 to change, 0 to replace, 0 to destroy.');
        expect(review.stdout).toContain(`- ~~❌ **error** \`chainguard-sink-not-https\` on \`${address}\`~~ suppressed: ${reason}`);

        const sarif = JSON.parse(readFileSync(join(stackDir, 'review.sarif'), 'utf8')) as SarifLog;
        expect(sarifProblems(sarif)).toEqual([]);
        expect(sarif.runs[0]!.results.map(r => [r.level, r.ruleId, r.suppressions])).toEqual(['error', 'warning'].map((level, i) => [
          level,
          i === 0 ? 'chainguard-sink-not-https' : 'chainguard-sink-private-address',
          [{ kind: 'inSource', status: 'accepted', justification: reason, location: { logicalLocations: [{ fullyQualifiedName: 'chainguard-events/webhook' }] } }],
        ]));
      }
    } finally {
      example.dispose();
    }
  });

  test('examples/illumio-ringfence (cdktf): synth writes a clean SARIF beside the stack; the review of its plan lists the policy', async () => {
    const example = new ExampleWorkspace('illumio-ringfence', { env: { ...sandbox.env }, terraform: TERRAFORM });
    try {
      const ok = (result: { code: number; output: string }) => {
        if (result.code !== 0) throw new Error(`exited ${result.code}:\n${result.output}`);
      };
      ok(await example.cdktf('synth'));
      const stackDir = example.stackDir('illumio-ringfence');
      const synthSarif = JSON.parse(readFileSync(join(stackDir, 'secops-checks.sarif'), 'utf8')) as SarifLog;
      expect(sarifProblems(synthSarif)).toEqual([]);
      expect(synthSarif.runs[0]!.results).toEqual([]);

      ok(await example.terraform(stackDir, 'init', '-no-color', '-input=false'));
      ok(await example.terraform(stackDir, 'plan', '-no-color', '-input=false', '-out', 'plan.bin'));
      const show = await example.run(TERRAFORM, ['show', '-json', 'plan.bin'], stackDir);
      ok(show);
      writeFileSync(join(stackDir, 'plan.json'), show.output);
      const review = await secops(stackDir, 'review', 'plan.json');
      expect(review.code).toBe(0);
      expect(review.stdout).toMatchSnapshot();
      expect(review.stdout).toContain('**0 errors, 0 warnings, 0 notes** · 11 to create, 0 to change, 0 to replace, 0 to destroy.');
      // cdk.tf.json references (`${secops_illumio_ip_list.office.href}`) are followed like HCL ones.
      expect(review.stdout).toContain('- security rule **office-to-web** ("The office reaches the web tier over HTTPS": IP list "office network" → label role=web on service "https")');
    } finally {
      example.dispose();
    }
  });

  test('a file that is not a plan is a clear error', async () => {
    const tf = new TerraformWorkspace();
    workspaces.push(tf);
    writeFileSync(join(tf.dir, 'state.json'), '{"version": 4}');
    const result = await secops(tf.dir, 'review', 'state.json');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('not a Terraform plan in JSON: expected the output of `terraform show -json PLANFILE`');
  });
});
