/**
 * The launcher's V8 code cache on disk (see launcher.ts for when it is read and written).
 *
 * A code cache is executable code, and V8 checks one only against the source's length, its own
 * version and its flags (release builds skip the checksum): a damaged or foreign cache of the right
 * length runs as if it were the provider. So each file carries a header, the SHA-256 of the bundle
 * it was made from and of its payload, checked before V8 sees a byte; a file that fails is deleted
 * and written again. Files are opened without following symlinks, and only in a directory that
 * nobody but the user (and root) can change, up to the file system's root.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync, constants, fstatSync, fsyncSync, lstatSync, mkdirSync, openSync, readFileSync, readdirSync, realpathSync, renameSync,
  Stats, statSync, unlinkSync, writeSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';

const MAGIC = Buffer.from('secops v8 cache\n');
const HASH_BYTES = 32;
const HEADER_BYTES = MAGIC.length + 2 * HASH_BYTES;
/** Far above any real cache (under 1 MB): a larger file is not read into memory. */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;
/** Other bundles' and Node versions' caches untouched this long are deleted; younger ones may be in use. */
const STALE_MS = 24 * 60 * 60 * 1000;
// Windows has neither flag; there the directory is checked with lstat and files are not links.
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const O_DIRECTORY = constants.O_DIRECTORY ?? 0;
/* eslint-disable no-bitwise -- open(2) flags */
const READ_FILE = constants.O_RDONLY | O_NOFOLLOW;
const OPEN_DIRECTORY = constants.O_RDONLY | O_DIRECTORY | O_NOFOLLOW;
const CREATE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW;
/* eslint-enable no-bitwise */
/** The sticky bit: in such a directory (/tmp) only an entry's owner can rename or delete it. */
const STICKY = 0o1000;

export interface CodeCacheFiles {
  readonly dir: string;
  /** The start of every file name of this bundle, Node version and architecture. */
  readonly prefix: string;
  /** Written by a start that loaded the provider's vendors. */
  readonly full: string;
  /** Written by a start that did not. */
  readonly start: string;
}

/**
 * Where this bundle's caches live, or undefined when there must be none: `SECOPS_CODE_CACHE=off`,
 * or a directory someone else could change. `bundleHash` is the bundle's SHA-256 in hex.
 */
export function codeCacheFiles(env: NodeJS.ProcessEnv, bundleHash: string): CodeCacheFiles | undefined {
  if ((env.SECOPS_CODE_CACHE ?? '').trim().toLowerCase() === 'off') return undefined;
  try {
    const dir = join(realpathSync(cacheRoot(env)), 'secops');
    if (!isTrustedDirectory(dir, currentUid())) return undefined;
    const prefix = `terraform-provider-${bundleHash.slice(0, 16)}-${process.version}-${process.arch}`;
    return { dir, prefix, full: join(dir, `${prefix}.v8cache`), start: join(dir, `${prefix}.start.v8cache`) };
  } catch {
    return undefined; // no home, read-only file system: start without a cache
  }
}

/**
 * `$XDG_CACHE_HOME`, else `~/.cache`, created if missing. A relative XDG_CACHE_HOME is ignored,
 * as the XDG Base Directory specification says.
 */
export function cacheRoot(env: NodeJS.ProcessEnv, home = homedir()): string {
  const xdg = env.XDG_CACHE_HOME;
  const root = xdg && isAbsolute(xdg) ? xdg : join(home, '.cache');
  mkdirPrivate(root);
  return root;
}

/**
 * True when `dir` (created if missing; its parent must exist) is a directory, not a symlink, owned
 * by `uid` and closed to group and others, and every directory above it can be changed only by
 * `uid` or root (or is sticky, like /tmp). `dir`'s parent must be a resolved path.
 */
export function isTrustedDirectory(dir: string, uid: number | undefined): boolean {
  mkdirPrivate(dir);
  try {
    const stats = statNoFollow(dir); // fails on a symlink
    if (!stats.isDirectory() || !ownedAndClosed(stats, uid)) return false;
    for (let above = dirname(dir); ; above = dirname(above)) {
      if (!safeAncestor(statSync(above), uid)) return false;
      if (dirname(above) === above) return true;
    }
  } catch {
    return false;
  }
}

/** The payload of `file` if its header matches `bundleHash` (hex) and its bytes; a damaged file is deleted. */
export function readCodeCache(file: string, bundleHash: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readOwnFile(file);
  } catch {
    return undefined; // missing, a symlink, someone else's: nothing to use
  }
  const payload = verifiedPayload(bytes, bundleHash);
  if (payload === undefined) removeQuietly(file);
  return payload;
}

/** `payload` behind its header, as readCodeCache() expects it. */
export function encodeCodeCache(payload: Buffer, bundleHash: string): Buffer {
  return Buffer.concat([MAGIC, Buffer.from(bundleHash, 'hex'), sha256(payload), payload]);
}

/** The payload if `bytes` is a cache of the bundle `bundleHash` and intact, else undefined. */
export function verifiedPayload(bytes: Buffer, bundleHash: string): Buffer | undefined {
  if (bytes.length < HEADER_BYTES || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const bundle = bytes.subarray(MAGIC.length, MAGIC.length + HASH_BYTES);
  const payloadHash = bytes.subarray(MAGIC.length + HASH_BYTES, HEADER_BYTES);
  const payload = bytes.subarray(HEADER_BYTES);
  return bundle.equals(Buffer.from(bundleHash, 'hex')) && payloadHash.equals(sha256(payload)) ? payload : undefined;
}

/**
 * Writes `contents` to `file` atomically (concurrent Terraform runs share it): a temporary file of a
 * random name, created exclusively, synced, then renamed over `file`. Then deletes other bundles'
 * stale caches. A failure only costs speed, so none is thrown.
 */
export function writeCodeCache(files: CodeCacheFiles, file: string, contents: () => Buffer): void {
  const temporary = `${file}.${randomBytes(8).toString('hex')}.tmp`;
  try {
    const fd = openSync(temporary, CREATE_NEW, 0o600);
    try {
      const bytes = contents();
      for (let written = 0; written < bytes.length;) written += writeSync(fd, bytes, written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, file);
  } catch {
    removeQuietly(temporary); // the next start compiles again
  }
  removeStaleCaches(files, Date.now());
}

/**
 * Deletes the caches of other bundles, Node versions and architectures, and temporary files left by
 * crashed writers, once untouched for a day: upgrades would fill the directory otherwise. Recent ones
 * stay, so two provider versions in use on one machine do not keep deleting each other's cache.
 */
export function removeStaleCaches(files: CodeCacheFiles, now: number): void {
  try {
    for (const name of readdirSync(files.dir)) {
      if (!name.startsWith('terraform-provider-')) continue;
      const ours = name.startsWith(`${files.prefix}.`);
      if (ours && !name.endsWith('.tmp')) continue;
      const path = join(files.dir, name);
      if (now - lstatSync(path).mtimeMs > STALE_MS) removeQuietly(path);
    }
  } catch {
    // ignored: cleaning up is a courtesy
  }
}

function readOwnFile(file: string): Buffer {
  const fd = openSync(file, READ_FILE);
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile() || !ownedAndClosed(stats, currentUid()) || stats.size > MAX_CACHE_BYTES) {
      throw new Error(`${file} is not a private cache file`);
    }
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Stats of `path` itself (never a symlink's target), from the opened directory where the OS allows. */
function statNoFollow(path: string): Stats {
  if (O_DIRECTORY === 0) return lstatSync(path);
  const fd = openSync(path, OPEN_DIRECTORY);
  try {
    return fstatSync(fd);
  } finally {
    closeSync(fd);
  }
}

/* eslint-disable no-bitwise -- permission bits */
function ownedAndClosed(stats: Stats, uid: number | undefined): boolean {
  return uid === undefined || (stats.uid === uid && (stats.mode & 0o022) === 0);
}

function safeAncestor(stats: Stats, uid: number | undefined): boolean {
  if (uid === undefined) return true;
  const owner = stats.uid === uid || stats.uid === 0;
  return owner && ((stats.mode & 0o022) === 0 || (stats.mode & STICKY) !== 0);
}
/* eslint-enable no-bitwise */

/** The user's id; undefined on Windows, where ownership is not checked. */
function currentUid(): number | undefined {
  return process.getuid?.();
}

function mkdirPrivate(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch {
    // checked by the caller
  }
}

function sha256(bytes: Buffer): Buffer {
  return createHash('sha256').update(bytes).digest();
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone, or not ours to delete
  }
}
