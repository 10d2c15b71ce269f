// The checks behind the launcher's code cache, called directly: the launcher's own tests
// (protocol/launcher.test.ts) run the real bundle, but can play another owner only as root.
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheRoot, encodeCodeCache, isTrustedDirectory, verifiedPayload } from '../../src/provider/code-cache';

const uid = process.getuid!();
const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');
let root: string;
beforeEach(() => (root = realpathSync(mkdtempSync(join(tmpdir(), 'secops-code-cache-')))));
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('isTrustedDirectory', () => {
  test('trusts a directory of its own, closed to others, under a sticky /tmp, and creates it private', () => {
    const dir = join(root, 'secops');
    expect(isTrustedDirectory(dir, uid)).toBe(true);
    expect(realpathSync(dir)).toBe(dir);
  });

  test('refuses the same directory for another user', () => {
    expect(isTrustedDirectory(join(root, 'secops'), uid + 1)).toBe(false);
  });

  test.each([0o770, 0o707, 0o720])('refuses a directory with mode %o', (mode) => {
    const dir = join(root, 'secops');
    mkdirSync(dir);
    chmodSync(dir, mode);
    expect(isTrustedDirectory(dir, uid)).toBe(false);
  });

  test('refuses a symlink to a directory of its own', () => {
    mkdirSync(join(root, 'real'), { mode: 0o700 });
    symlinkSync(join(root, 'real'), join(root, 'secops'));
    expect(isTrustedDirectory(join(root, 'secops'), uid)).toBe(false);
  });

  test('refuses a private directory inside one others can write to, unless that one is sticky', () => {
    const open = join(root, 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    expect(isTrustedDirectory(join(open, 'secops'), uid)).toBe(false);
    chmodSync(open, 0o1777);
    expect(isTrustedDirectory(join(open, 'secops'), uid)).toBe(true);
  });
});

describe('verifiedPayload', () => {
  const bundle = hashOf('bundle');
  const payload = Buffer.from('compiled code '.repeat(100));
  const file = encodeCodeCache(payload, bundle);

  test('returns the payload of an intact cache of the same bundle', () => {
    expect(verifiedPayload(file, bundle)).toEqual(payload);
  });

  test.each(Array.from({ length: 8 }, (_, index) => Math.floor((index * file.length) / 8)))('refuses a flipped byte at %d', (offset) => {
    const damaged = Buffer.from(file);
    damaged[offset] ^= 0x80; // eslint-disable-line no-bitwise -- one flipped bit
    expect(verifiedPayload(damaged, bundle)).toBeUndefined();
  });

  test('refuses a truncated or empty file and another bundle\'s cache', () => {
    expect(verifiedPayload(file.subarray(0, file.length - 1), bundle)).toBeUndefined();
    expect(verifiedPayload(Buffer.alloc(0), bundle)).toBeUndefined();
    expect(verifiedPayload(encodeCodeCache(payload, hashOf('another bundle')), bundle)).toBeUndefined();
  });
});

describe('cacheRoot', () => {
  test('takes an absolute XDG_CACHE_HOME and ignores a relative one', () => {
    expect(cacheRoot({ XDG_CACHE_HOME: join(root, 'xdg') }, root)).toBe(join(root, 'xdg'));
    expect(cacheRoot({ XDG_CACHE_HOME: 'relative/cache' }, root)).toBe(join(root, '.cache'));
  });
});
