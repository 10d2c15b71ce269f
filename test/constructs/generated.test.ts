import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..');

/** Every file below `dir`, by path relative to it, with its text. */
function tree(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter(entry => entry.isFile())
    .map(entry => join(entry.parentPath, entry.name))
    .sort()
    .map(file => [relative(dir, file), readFileSync(file, 'utf8')]));
}

test('src/constructs is what the generator makes of the current schema (run `npx projen generate` when this fails)', () => {
  const fresh = mkdtempSync(join(tmpdir(), 'secops-constructs-'));
  try {
    // The script as the `generate` task runs it, in its own process (the generator starts terraform as it loads).
    execFileSync(join(root, 'node_modules', '.bin', 'ts-node'), ['--transpile-only', '-P', 'test/tsconfig.json', 'scripts/generate-constructs.ts', fresh], {
      cwd: root,
      stdio: 'pipe',
    });
    expect(tree(join(root, 'src', 'constructs'))).toEqual(tree(fresh));
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
});
