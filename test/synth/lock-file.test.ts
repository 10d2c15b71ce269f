import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockBlock, packageHashV1, upsertLockedProvider } from '../../src/synth/lock-file';

const SECOPS = { source: 'terraform.local/secops/secops', version: '0.1.0', constraints: '0.1.0', hashes: ['h1:new='] };

// What `terraform init` wrote for another provider, byte for byte.
const NULL_PROVIDER_BLOCK = `provider "registry.terraform.io/hashicorp/null" {
  version     = "3.2.4"
  constraints = "3.2.4"
  hashes = [
    "h1:L5V05xwp/Gto1leRryuesxjMfgZwjb7oool4WS1UEFQ=",
    "zh:59f6b52ab4ff35739647f9509ee6d93d7c032985d9f8c6237d1f8a59471bbbe2",
  ]
}
`;
const HEADER = '# This file is maintained automatically by "terraform init".\n# Manual edits may be lost in future updates.\n\n';

describe('lock file', () => {
  let dir: string;
  let lockFile: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'secops-lock-'));
    lockFile = join(dir, '.terraform.lock.hcl');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('package hash: Go dirhash h1 over sorted "<sha256>  <path>" lines, independent of the directory', () => {
    // Reference computed with `sha256sum` and `base64` in a shell, the way dirhash.Hash1 defines it.
    const packageDir = join(dir, 'a', 'b');
    mkdirSync(join(packageDir, 'sub'), { recursive: true });
    writeFileSync(join(packageDir, 'terraform-provider-x'), 'launcher\n');
    writeFileSync(join(packageDir, 'sub', 'README'), 'docs\n');
    expect(packageHashV1(packageDir)).toBe('h1:GM/UdfSaWT/uAQclww2nnTV8KjveBpWrmXYK9kkPc8E=');
  });

  test('a block reads exactly as terraform init writes one, with or without constraints', () => {
    expect(lockBlock({ ...SECOPS, hashes: ['h1:abc='] })).toBe(
      'provider "terraform.local/secops/secops" {\n  version     = "0.1.0"\n  constraints = "0.1.0"\n  hashes = [\n    "h1:abc=",\n  ]\n}\n');
    expect(lockBlock({ source: 'a/b/c', version: '1.0.0', hashes: ['h1:x='] })).toBe(
      'provider "a/b/c" {\n  version = "1.0.0"\n  hashes = [\n    "h1:x=",\n  ]\n}\n');
  });

  test('creates the file with terraform\'s header when there is none', () => {
    expect(upsertLockedProvider(lockFile, SECOPS)).toBe(true);
    expect(readFileSync(lockFile, 'utf8')).toBe(`${HEADER}${lockBlock(SECOPS)}`);
  });

  test('replaces a stale block of ours and keeps other providers\' blocks as they were', () => {
    const stale = lockBlock({ ...SECOPS, hashes: ['h1:old='] });
    writeFileSync(lockFile, `${HEADER}${NULL_PROVIDER_BLOCK}\n${stale}`);
    expect(upsertLockedProvider(lockFile, SECOPS)).toBe(true);
    const text = readFileSync(lockFile, 'utf8');
    expect(text).toBe(`${HEADER}${NULL_PROVIDER_BLOCK}\n${lockBlock(SECOPS)}`);
    expect(text).not.toContain('h1:old=');
  });

  test('appends our block after other providers\' blocks', () => {
    writeFileSync(lockFile, `${HEADER}${NULL_PROVIDER_BLOCK}`);
    upsertLockedProvider(lockFile, SECOPS);
    expect(readFileSync(lockFile, 'utf8')).toBe(`${HEADER}${NULL_PROVIDER_BLOCK}\n${lockBlock(SECOPS)}`);
  });

  test('leaves a file that already records the version, constraint and hash untouched', () => {
    // Extra hashes and other spacing, as a lock written elsewhere may have.
    const recorded = `${HEADER}provider "terraform.local/secops/secops" {\n  version = "0.1.0"\n  constraints = "0.1.0"\n  hashes = [\n    "h1:new=",\n    "h1:other-platform=",\n  ]\n}\n`;
    writeFileSync(lockFile, recorded);
    expect(upsertLockedProvider(lockFile, SECOPS)).toBe(false);
    expect(readFileSync(lockFile, 'utf8')).toBe(recorded);
  });

  test('rewrites our block when the constraint changed', () => {
    writeFileSync(lockFile, `${HEADER}${lockBlock({ ...SECOPS, constraints: '~> 0.1' })}`);
    expect(upsertLockedProvider(lockFile, SECOPS)).toBe(true);
    expect(readFileSync(lockFile, 'utf8')).toContain('constraints = "0.1.0"');
  });
});
