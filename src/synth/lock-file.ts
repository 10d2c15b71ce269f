import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Terraform's dependency lock file name, written beside the configuration. */
export const LOCK_FILE_NAME = '.terraform.lock.hcl';

const LOCK_FILE_HEADER = [
  '# This file is maintained automatically by "terraform init".',
  '# Manual edits may be lost in future updates.',
  '',
].join('\n');

function filesBelow(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesBelow(path) : [path];
  });
}

/**
 * The `h1:` hash Terraform records for an unpacked provider package directory (Go's
 * dirhash.Hash1): SHA-256 over "<sha256 hex>  <relative path>\n" lines, sorted by path. It
 * depends only on file names and contents, which is why one lock file serves every machine.
 */
export function packageHashV1(packageDir: string): string {
  const names = filesBelow(packageDir).map(file => relative(packageDir, file).split(sep).join('/')).sort();
  const summary = createHash('sha256');
  for (const name of names) {
    const digest = createHash('sha256').update(readFileSync(join(packageDir, name))).digest('hex');
    summary.update(`${digest}  ${name}\n`);
  }
  return `h1:${summary.digest('base64')}`;
}

export interface LockedProvider {
  /** Source address, e.g. `terraform.local/secops/secops`. */
  readonly source: string;
  readonly version: string;
  /** The version constraint from `required_providers`, when the configuration has one. */
  readonly constraints?: string;
  readonly hashes: readonly string[];
}

/** One provider block, laid out as `terraform init` writes it. */
export function lockBlock(provider: LockedProvider): string {
  const assignments: Array<[string, string]> = [['version', provider.version]];
  if (provider.constraints) assignments.push(['constraints', provider.constraints]);
  const width = Math.max(...assignments.map(([key]) => key.length));
  return [
    `provider "${provider.source}" {`,
    ...assignments.map(([key, value]) => `  ${key.padEnd(width)} = ${JSON.stringify(value)}`),
    '  hashes = [',
    ...provider.hashes.map(hash => `    ${JSON.stringify(hash)},`),
    '  ]',
    '}',
    '',
  ].join('\n');
}

/** Whether a lock file block already records this version, these constraints and these hashes. */
function recordsProvider(block: string, provider: LockedProvider): boolean {
  const field = (name: string) => new RegExp(`^\\s*${name}\\s*=\\s*"([^"]*)"`, 'm').exec(block)?.[1];
  const hashes = new Set(Array.from(block.matchAll(/"([a-z0-9]+:[^"]+)"/g), match => match[1]));
  return field('version') === provider.version
    && field('constraints') === provider.constraints
    && provider.hashes.every(hash => hashes.has(hash));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Writes one provider's block into a lock file, replacing that provider's old block and keeping
 * every other provider's. Leaves the file untouched when it already records this version,
 * constraint and hash, so a lock file that `terraform init` wrote stays byte for byte as it was.
 * Returns whether it wrote.
 */
export function upsertLockedProvider(lockFile: string, provider: LockedProvider): boolean {
  const block = lockBlock(provider);
  const existing = existsSync(lockFile) ? readFileSync(lockFile, 'utf8') : undefined;
  if (existing === undefined) {
    writeFileSync(lockFile, `${LOCK_FILE_HEADER}\n${block}`);
    return true;
  }
  // Blocks in a lock file end with a closing brace at the start of a line; hashes hold no braces.
  const pattern = new RegExp(`^provider "${escapeRegExp(provider.source)}" \\{\\n[\\s\\S]*?^\\}\\n?`, 'm');
  const current = pattern.exec(existing)?.[0];
  if (current !== undefined && recordsProvider(current, provider)) return false;
  const updated = current !== undefined
    ? existing.replace(pattern, () => block)
    : `${existing.trimEnd()}\n\n${block}`;
  writeFileSync(lockFile, updated);
  return true;
}
