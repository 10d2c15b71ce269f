import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { HandBuiltSecopsProvider, addHandBuiltStack, synthesizeHandBuiltStack } from './hand-built-stack';
import { TERRAFORM } from './workspace';
import { PROVIDER_SOURCE, providerBundle, providerVersion, terraformPlatform } from '../../src/cli/install';
import { packageHashV1 } from '../../src/synth/lock-file';

const launcherIn = (stackDir: string) => join(stackDir, 'terraform.d', 'plugins', PROVIDER_SOURCE,
  providerVersion(), terraformPlatform(), `terraform-provider-secops_v${providerVersion()}`);
const lockIn = (stackDir: string) => readFileSync(join(stackDir, '.terraform.lock.hcl'), 'utf8');
const h1Hashes = (lock: string) => Array.from(lock.matchAll(/"(h1:[^"]+)"/g), match => match[1]);

/** `terraform init` in a stack directory, offline, with an empty CLI config and a fresh HOME. */
function terraformInit(stackDir: string, home: string): Promise<{ code: number; output: string }> {
  const cliConfig = join(home, 'terraformrc');
  writeFileSync(cliConfig, '');
  const env = { PATH: process.env.PATH, HOME: home, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: '1' };
  return new Promise((resolve, reject) => {
    const child = spawn(TERRAFORM, ['init', '-no-color', '-input=false'], { cwd: stackDir, env });
    let output = '';
    child.stdout.on('data', chunk => { output += chunk; });
    child.stderr.on('data', chunk => { output += chunk; });
    child.on('error', reject);
    child.on('close', code => resolve({ code: code ?? -1, output }));
  });
}

describe('synthesis installs the provider beside each stack', () => {
  const dirs: string[] = [];
  const tempDir = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach(dir => rmSync(dir, { recursive: true, force: true })));

  test('each stack with the provider gets the launcher in its implied mirror and a lock entry for it', () => {
    const outdir = join(tempDir('secops-synth-'), 'cdktf.out');
    const app = new App({ outdir });
    addHandBuiltStack(app, 'east');
    addHandBuiltStack(app, 'west', 2);
    new TerraformStack(app, 'unrelated');
    app.synth();

    for (const stack of ['east', 'west']) {
      const stackDir = join(outdir, 'stacks', stack);
      const launcher = launcherIn(stackDir);
      expect(readFileSync(launcher).equals(readFileSync(providerBundle()))).toBe(true);
      expect((statSync(launcher).mode % 0o1000).toString(8)).toBe('755');
      const lock = lockIn(stackDir);
      expect(lock.match(/^provider "/gm)).toHaveLength(1);
      expect(lock).toContain(`provider "${PROVIDER_SOURCE}" {`);
      expect(lock).toContain(`constraints = "${providerVersion()}"`);
      expect(h1Hashes(lock)).toEqual([packageHashV1(dirname(launcher))]);
    }
    expect(existsSync(join(outdir, 'stacks', 'unrelated', 'terraform.d'))).toBe(false);
  });

  test('registers once per stack however many providers it holds', () => {
    const app = new App({ outdir: join(tempDir('secops-once-'), 'cdktf.out') });
    const stack = new TerraformStack(app, 'twice');
    const original = stack.synthesizer;
    new HandBuiltSecopsProvider(stack, 'first');
    const installing = stack.synthesizer;
    new HandBuiltSecopsProvider(stack, 'second', { alias: 'second' });
    expect(installing).not.toBe(original);
    expect(stack.synthesizer).toBe(installing);
  });

  test('pins the installed version when the configuration declares none, and keeps a declared one', () => {
    const outdir = join(tempDir('secops-pin-'), 'cdktf.out');
    const app = new App({ outdir });
    addHandBuiltStack(app, 'undeclared', 1, undefined);
    addHandBuiltStack(app, 'declared', 1, '>= 0.1');
    app.synth();
    const required = (stack: string) => JSON.parse(readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8')).terraform.required_providers.secops;
    expect(required('undeclared')).toEqual({ source: PROVIDER_SOURCE, version: providerVersion() });
    expect(lockIn(join(outdir, 'stacks', 'undeclared'))).toContain(`constraints = "${providerVersion()}"`);
    expect(required('declared')).toEqual({ source: PROVIDER_SOURCE, version: '>= 0.1' });
    expect(lockIn(join(outdir, 'stacks', 'declared'))).toContain('constraints = ">= 0.1"');
  });

  test('a later synthesis brings a stale lock entry up to date and leaves a current one untouched', () => {
    const outdir = join(tempDir('secops-resynth-'), 'cdktf.out');
    const stackDir = synthesizeHandBuiltStack(outdir);
    const lockFile = join(stackDir, '.terraform.lock.hcl');
    const current = lockIn(stackDir);
    const [hash] = h1Hashes(current);
    writeFileSync(lockFile, current.replace(hash, 'h1:stale='));
    synthesizeHandBuiltStack(outdir);
    expect(lockIn(stackDir)).toBe(current);
    const before = statSync(lockFile).mtimeMs;
    synthesizeHandBuiltStack(outdir);
    expect(statSync(lockFile).mtimeMs).toBe(before);
  });

  test('the lock file is portable: terraform init in two project paths records the same h1 hash', async () => {
    // Two checkouts at different places and depths; in the first, terraform computes the hash on
    // its own (lock removed); in the second it verifies the entry synthesis wrote.
    const first = synthesizeHandBuiltStack(join(tempDir('secops-path-a-'), 'project', 'cdktf.out'));
    const second = synthesizeHandBuiltStack(join(tempDir('secops-path-b-'), 'some', 'deeper', 'checkout', 'cdktf.out'));
    const writtenBySynth = lockIn(second);
    unlinkSync(join(first, '.terraform.lock.hcl'));

    const [initFirst, initSecond] = await Promise.all([
      terraformInit(first, tempDir('secops-home-a-')),
      terraformInit(second, tempDir('secops-home-b-')),
    ]);
    expect(initFirst.output).toContain('Terraform has been successfully initialized');
    expect(initSecond.output).toContain('Terraform has been successfully initialized');
    expect([initFirst.code, initSecond.code]).toEqual([0, 0]);

    const hashesFirst = h1Hashes(lockIn(first));
    expect(hashesFirst).toHaveLength(1);
    expect(hashesFirst[0]).toMatch(/^h1:[A-Za-z0-9+/]{43}=$/);
    expect(h1Hashes(lockIn(second))).toEqual(hashesFirst);
    // Terraform found nothing to change in what synthesis wrote.
    expect(lockIn(second)).toBe(writtenBySynth);
  });
});
