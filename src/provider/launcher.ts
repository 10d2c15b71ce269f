/**
 * The provider executable (scripts/bundle.mjs embeds the bundled provider as PROVIDER_CODE).
 *
 * Terraform starts the provider three or four times per command, and compiling a megabyte of
 * JavaScript is a fair part of each start. So the launcher compiles the provider with V8's code
 * cache, kept per user in `$XDG_CACHE_HOME/secops` (else `~/.cache/secops`): the first start
 * writes it on exit, later starts skip the compilation. V8 checks the cache against the source and
 * its own version and flags and ignores a stale one, which is then rewritten. The directory must be
 * the user's own and closed to others, since a cache is code; otherwise nothing is cached.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';

declare const PROVIDER_CODE: string;
/** A hash of PROVIDER_CODE, computed at bundle time. */
declare const PROVIDER_CODE_HASH: string;

// undici parses HTTP with llhttp compiled to WebAssembly. V8 recompiles that module with its
// optimising tier in the background, and a process cannot exit before that finishes: about 100 ms
// on the last provider start of every plan. The baseline tier parses fast enough here. Set before
// compiling, since V8's code cache is only accepted under the flags it was made with.
setFlagsFromString('--liftoff-only');

const cacheFile = codeCacheFile();
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${PROVIDER_CODE}\n})`, {
  filename: __filename,
  cachedData: cacheFile ? readOrUndefined(cacheFile) : undefined,
});
if (cacheFile && script.cachedDataRejected !== false) {
  // On exit the cache also holds every function compiled while serving.
  process.once('exit', () => writeQuietly(cacheFile, () => script.createCachedData()));
}
const providerModule = { exports: {} };
script.runInThisContext()(providerModule.exports, require, providerModule, __filename, __dirname);

function codeCacheFile(): string | undefined {
  try {
    const dir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'secops');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { uid, mode } = statSync(dir);
    // eslint-disable-next-line no-bitwise -- permission bits
    if (process.getuid && (uid !== process.getuid() || (mode & 0o022) !== 0)) return undefined;
    return join(dir, `terraform-provider-${PROVIDER_CODE_HASH}-${process.version}-${process.arch}.v8cache`);
  } catch {
    return undefined; // no home, read-only file system: start without a cache
  }
}

function readOrUndefined(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Writes atomically (concurrent Terraform runs share the file); a failure only costs speed. */
function writeQuietly(file: string, contents: () => Buffer): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, contents(), { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, file);
  } catch {
    // ignored: the next start compiles again
  }
}
