import { spawn } from 'node:child_process';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..');

/** Runs the README's demo (`npx projen demo` runs this script) and returns its exit code and output. */
function runDemo(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', 'ts-node/register/transpile-only', 'scripts/demo.ts'], {
      cwd: REPO,
      env: { ...process.env, TS_NODE_PROJECT: 'test/tsconfig.json', TERRAFORM_BINARY: process.env.TERRAFORM_BINARY ?? '/usr/local/bin/terraform', CHECKPOINT_DISABLE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', chunk => { output += chunk; });
    child.stderr.on('data', chunk => { output += chunk; });
    child.on('error', reject);
    child.on('close', code => resolve({ code, output }));
  });
}

describe('the demo (npx projen demo)', () => {
  test('deploys examples/platform to the five simulators, plans clean, destroys everything', async () => {
    const { code, output } = await runDemo();
    // eslint-disable-next-line no-control-regex -- the demo's headings are bold on a terminal
    const plain = output.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
    expect(plain).toMatch(/Nomad {9}binding rule {2}okta "engineering" in list\.groups -> role engineer/);
    expect(plain).toMatch(/Illumio {7}rule set "shop \| prod" with 1 rule\(s\), active in policy version 1/);
    expect(plain).toContain('Carbon Black  policy "production-hardening" (enabled): privileged=block, run-as-non-root=enforce');
    expect(plain).toContain('Anchore       ci-bot holds read-write in account engineering');
    expect(plain).toMatch(/Chainguard {4}subscription [0-9a-f]{40}\/[0-9a-f]{16} -> http:\/\/127\.0\.0\.1:\d+\/events/);
    expect(plain).toMatch(/webhook verified: \[chainguard\] Events of [0-9a-f]{40} now go to http:\/\/127\.0\.0\.1:\d+\/events \(by [0-9a-f]{40} at .+\)/);
    expect(plain).toContain('No changes.');
    expect(plain).toContain('Objects left in the simulators: 0');
    expect(code).toBe(0);
  });
});
