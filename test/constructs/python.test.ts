import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/**
 * jsii-pacmak turns the compiled assembly (.jsii) into Python sources without a Python toolchain
 * (the `package:sources` task does this for every language); PyPI is unreachable here, so no wheel.
 */
test('jsii-pacmak generates Python sources with the nomad submodule', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'secops-pacmak-'));
  try {
    execFileSync(join(root, 'node_modules', '.bin', 'jsii-pacmak'), ['--code-only', '--target', 'python', '--outdir', outdir], {
      cwd: root,
      stdio: 'pipe',
      env: { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' },
    });
    const sources = join(outdir, 'python', 'src', 'cdktf_secops');
    const nomad = readFileSync(join(sources, 'nomad', '__init__.py'), 'utf8');
    expect(nomad).toContain('class AclBindingRule(');
    expect(nomad).toContain('class DataAclBindingRules(');
    expect(readFileSync(join(sources, '__init__.py'), 'utf8')).toContain('class SecopsProvider(');
    expect(existsSync(join(outdir, 'python', 'setup.py'))).toBe(true);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
});
