// The provider executable as Terraform starts it: the real bundle (assets/, built by
// `npx projen bundle`) with its launcher, which keeps V8's code cache per user.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync, chownSync, copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync,
  truncateSync, unlinkSync, utimesSync, writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { PluginClient, clientCertificate, startPlugin, tempDir } from './helpers';
import { providerBundle } from '../../../src/cli/install';
import { verifiedPayload } from '../../../src/provider/code-cache';
import { encodeConstantResponses } from '../../../src/provider/constant-responses';
import { decodeMessage, serviceMethods } from '../../../src/provider/protocol/codec';

/**
 * Starts the provider with HOME set to `home`, makes the calls of `session` (none: like the first
 * start of a Terraform command, which only gets the schema), asks it to shut down, and waits for
 * its exit code.
 */
async function startAndShutDown(
  home: string, extraEnv: NodeJS.ProcessEnv = {}, session?: (provider: PluginClient) => Promise<void>,
  { bundle = providerBundle(), user = {} }: { bundle?: string; user?: { uid?: number; gid?: number } } = {},
): Promise<number | null> {
  const certificate = clientCertificate();
  const plugin = await startPlugin(bundle, certificate, { HOME: home, ...extraEnv }, user);
  const controller = new PluginClient('plugin.GRPCController', plugin, certificate);
  const provider = new PluginClient('tfplugin6.Provider', plugin, certificate);
  try {
    await session?.(provider);
    await controller.call('Shutdown');
    return await plugin.exited;
  } finally {
    controller.close();
    provider.close();
    plugin.stop();
  }
}

/** A session that loads the provider's vendors (GetProviderSchema is a constant response). */
const loadingTheProvider = async (provider: PluginClient) => {
  await expect(provider.call('ValidateProviderConfig', {})).resolves.toMatchObject({ diagnostics: [] });
};

/** The permission bits of a file, e.g. 0o600. */
const permissions = (path: string) => statSync(path).mode % 0o1000;
const cacheDir = (home: string) => join(home, '.cache', 'secops');
const cacheFiles = (home: string) => readdirSync(cacheDir(home)).filter((name) => name.endsWith('.v8cache')).sort();
const mtimes = (home: string) => cacheFiles(home).map((name) => statSync(join(cacheDir(home), name)).mtimeMs);

/** The bundle hash in a cache file's header (after the 16-byte magic). */
const bundleHashOf = (path: string) => readFileSync(path).subarray(16, 48).toString('hex');
/** True if `path` is an intact cache of the bundle `hash`. */
const intact = (path: string, hash: string) => verifiedPayload(readFileSync(path), hash) !== undefined;
const allFiles = (home: string) => readdirSync(cacheDir(home)).sort();
/** Writes a first start cache in a fresh home: its directory, the file's path and the bundle's hash. */
async function homeWithStartCache(): Promise<{ home: string; path: string; hash: string }> {
  const home = tempDir('launcher');
  await startAndShutDown(home);
  const path = join(cacheDir(home), cacheFiles(home)[0]);
  return { home, path, hash: bundleHashOf(path) };
}
function flipByte(path: string, offset: number): void {
  const bytes = readFileSync(path);
  bytes[offset] ^= 0x01; // eslint-disable-line no-bitwise -- one flipped bit
  writeFileSync(path, bytes);
}
const isRoot = process.getuid?.() === 0;
/** nobody: the launcher run as another user, so root's powers do not hide a failed check. */
const NOBODY = { uid: 65534, gid: 65534 };

describe('the launcher', () => {
  test('writes the start cache on the first exit, private to the user, and reuses it unchanged', async () => {
    const home = tempDir('launcher');
    await expect(startAndShutDown(home)).resolves.toBe(0);
    const [file] = cacheFiles(home);
    expect(cacheFiles(home)).toHaveLength(1);
    expect(file).toMatch(/^terraform-provider-[0-9a-f]{16}-v\d+\.\d+\.\d+-\w+\.start\.v8cache$/);
    const path = join(cacheDir(home), file);
    expect(permissions(path)).toBe(0o600);
    expect(permissions(cacheDir(home))).toBe(0o700);
    const written = statSync(path).mtimeMs;

    // V8 accepts it, so the second start leaves it as it is (a rejected cache is rewritten).
    await expect(startAndShutDown(home)).resolves.toBe(0);
    expect(statSync(path).mtimeMs).toBe(written);
  });

  test('writes the full cache once a start loads the provider, and later starts leave both as they are', async () => {
    const home = tempDir('launcher');
    await startAndShutDown(home);
    await expect(startAndShutDown(home, {}, loadingTheProvider)).resolves.toBe(0);
    const [start, full] = cacheFiles(home); // sorted: ".start.v8cache" comes first
    expect(full).toBe(start.replace(/\.start\.v8cache$/, '.v8cache'));
    expect(permissions(join(cacheDir(home), full))).toBe(0o600);
    const written = mtimes(home);

    await startAndShutDown(home);
    await startAndShutDown(home, {}, loadingTheProvider);
    expect(mtimes(home)).toEqual(written);
  });

  test('starts from a damaged cache and replaces it', async () => {
    const home = tempDir('launcher');
    await startAndShutDown(home);
    const path = join(cacheDir(home), cacheFiles(home)[0]);
    writeFileSync(path, 'not a code cache');
    await expect(startAndShutDown(home)).resolves.toBe(0);
    expect(statSync(path).size).toBeGreaterThan(1000);
  });

  test('answers GetProviderSchema with what the provider\'s handlers encode', async () => {
    const home = tempDir('launcher');
    const [getProviderSchema] = serviceMethods('tfplugin6.Provider').filter(({ name }) => name === 'GetProviderSchema');
    const { GetProviderSchema: expected } = await encodeConstantResponses();
    await startAndShutDown(home, {}, async (provider) => {
      await expect(provider.call('GetProviderSchema')).resolves.toEqual(decodeMessage(getProviderSchema.responseType, expected));
    });
  });

  test('caches nothing in a directory others can write to', async () => {
    const home = tempDir('launcher');
    mkdirSync(cacheDir(home), { recursive: true });
    chmodSync(cacheDir(home), 0o777);
    await expect(startAndShutDown(home)).resolves.toBe(0);
    expect(cacheFiles(home)).toEqual([]);
  });

  test('honours XDG_CACHE_HOME', async () => {
    const home = tempDir('launcher');
    const xdg = join(home, 'xdg');
    await expect(startAndShutDown(home, { XDG_CACHE_HOME: xdg })).resolves.toBe(0);
    expect(readdirSync(join(xdg, 'secops')).some((name) => name.endsWith('.v8cache'))).toBe(true);
  });

  test('answers as usual with SECOPS_CODE_CACHE=off and caches nothing', async () => {
    const home = tempDir('launcher');
    await expect(startAndShutDown(home, { SECOPS_CODE_CACHE: 'off' }, loadingTheProvider)).resolves.toBe(0);
    expect(existsSync(cacheDir(home)) ? cacheFiles(home) : []).toEqual([]);
  });

  test('ignores a relative XDG_CACHE_HOME', async () => {
    const home = tempDir('launcher');
    const relative = `secops-relative-xdg-${process.pid}`;
    await expect(startAndShutDown(home, { XDG_CACHE_HOME: relative })).resolves.toBe(0);
    expect(cacheFiles(home)).toHaveLength(1);
    expect(existsSync(relative)).toBe(false);
  });
});

describe('the launcher\'s shell prelude, run as go-plugin runs it (the file itself)', () => {
  /** What Node saw at start-up: the two variables, as a --require'd probe prints them before the provider runs. */
  function environmentNodeSaw(env: NodeJS.ProcessEnv): { extra?: string; deferred?: string } {
    const probe = join(tempDir('probe'), 'probe.cjs');
    writeFileSync(probe, 'process.stdout.write(JSON.stringify({ extra: process.env.NODE_EXTRA_CA_CERTS, '
      + 'deferred: process.env.SECOPS_DEFERRED_EXTRA_CA_CERTS })); process.exit(0);\n');
    const output = execFileSync(providerBundle(), [], {
      env: { PATH: `${dirname(process.execPath)}:${process.env.PATH}`, NODE_OPTIONS: `--require ${probe}`, ...env },
    });
    return JSON.parse(output.toString()) as { extra?: string; deferred?: string };
  }

  test('moves NODE_EXTRA_CA_CERTS aside, so Node does not parse it in every process', () => {
    expect(environmentNodeSaw({ NODE_EXTRA_CA_CERTS: '/etc/corporate/ca bundle.pem' }))
      .toEqual({ deferred: '/etc/corporate/ca bundle.pem' });
  });

  test('starts Node with the environment as it is when NODE_EXTRA_CA_CERTS is not set', () => {
    expect(environmentNodeSaw({})).toEqual({});
  });

  test('passes arguments through unchanged', async () => {
    const probe = join(tempDir('probe'), 'argv.cjs');
    writeFileSync(probe, 'process.stdout.write(JSON.stringify(process.argv.slice(2))); process.exit(0);\n');
    const output = execFileSync(providerBundle(), ['a b', '$HOME', ''], {
      env: { PATH: `${dirname(process.execPath)}:${process.env.PATH}`, NODE_OPTIONS: `--require ${probe}` },
    });
    expect(JSON.parse(output.toString())).toEqual(['a b', '$HOME', '']);
  });
});

describe('the launcher with a damaged or foreign cache', () => {
  test.each([
    ['a flipped byte in the code', (path: string) => flipByte(path, statSync(path).size - 100)],
    ['a flipped byte in the header', (path: string) => flipByte(path, 20)],
    ['a truncated file', (path: string) => truncateSync(path, statSync(path).size - 1)],
    ['only a header', (path: string) => truncateSync(path, 80)],
  ])('starts from %s, deletes it and writes it again', async (_, damage) => {
    const { home, path, hash } = await homeWithStartCache();
    damage(path);
    expect(intact(path, hash)).toBe(false);
    await expect(startAndShutDown(home)).resolves.toBe(0);
    expect(intact(path, hash)).toBe(true);
  });

  test('rewrites a damaged full cache on the next start that loads the provider', async () => {
    const { home, hash } = await homeWithStartCache();
    await startAndShutDown(home, {}, loadingTheProvider);
    const full = join(cacheDir(home), cacheFiles(home)[1]);
    flipByte(full, 1000);
    await expect(startAndShutDown(home)).resolves.toBe(0); // from the start cache: the damaged one is deleted
    expect(existsSync(full)).toBe(false);
    await expect(startAndShutDown(home, {}, loadingTheProvider)).resolves.toBe(0);
    expect(intact(full, hash)).toBe(true);
  });

  test('refuses another bundle\'s cache for a source of the same length', async () => {
    const { home, path, hash } = await homeWithStartCache();
    // Another build: one character of the provider's code changed (V8 checks only the length), another hash.
    const real = readFileSync(providerBundle(), 'utf8');
    expect(real.split('State upgrade not supported').length).toBe(2);
    const otherHash = createHash('sha256').update('another bundle').digest('hex');
    const other = join(tempDir('launcher-bundle'), 'terraform-provider-secops.js');
    writeFileSync(other, real.replace('State upgrade not supported', 'State upgrade not supporteD').replaceAll(hash, otherHash));
    await expect(startAndShutDown(home, {}, undefined, { bundle: other })).resolves.toBe(0);
    const otherCache = path.replace(hash.slice(0, 16), otherHash.slice(0, 16));
    expect(intact(otherCache, otherHash)).toBe(true);

    copyFileSync(otherCache, path);
    await expect(startAndShutDown(home, {}, async (provider) => {
      await expect(provider.call('GetProviderSchema')).resolves.toMatchObject({ diagnostics: [] });
    })).resolves.toBe(0);
    expect(bundleHashOf(path)).toBe(hash);
    expect(intact(path, hash)).toBe(true);
  });

  test('caches nothing in a symlinked directory, and replaces a symlinked cache file', async () => {
    const home = tempDir('launcher');
    const elsewhere = tempDir('launcher-target');
    mkdirSync(join(home, '.cache'));
    symlinkSync(elsewhere, cacheDir(home));
    await expect(startAndShutDown(home)).resolves.toBe(0);
    expect(readdirSync(elsewhere)).toEqual([]);

    const { home: other, path, hash } = await homeWithStartCache();
    const target = join(elsewhere, 'planted.v8cache');
    copyFileSync(path, target);
    const planted = readFileSync(target);
    unlinkSync(path);
    symlinkSync(target, path);
    await expect(startAndShutDown(other)).resolves.toBe(0);
    expect(lstatSync(path).isFile()).toBe(true); // renamed over the link, not written through it
    expect(intact(path, hash)).toBe(true);
    expect(readFileSync(target)).toEqual(planted);
  });

  (isRoot ? test : test.skip)('caches nothing in a directory, or under a home, of another owner (root only)', async () => {
    const home = tempDir('launcher');
    mkdirSync(cacheDir(home), { recursive: true, mode: 0o700 });
    chownSync(cacheDir(home), NOBODY.uid, NOBODY.gid);
    await expect(startAndShutDown(home)).resolves.toBe(0);
    expect(cacheFiles(home)).toEqual([]);

    const other = tempDir('launcher');
    chownSync(other, NOBODY.uid, NOBODY.gid); // the cache directory is root's, a directory above it is not
    await expect(startAndShutDown(other)).resolves.toBe(0);
    expect(cacheFiles(other)).toEqual([]);
  });

  test('starts from a damaged cache in a read-only directory, leaving it there', async () => {
    const home = tempDir('launcher');
    const user = isRoot ? NOBODY : {}; // root could write to it anyway
    if (isRoot) chownSync(home, NOBODY.uid, NOBODY.gid);
    await expect(startAndShutDown(home, {}, undefined, { user })).resolves.toBe(0);
    const path = join(cacheDir(home), cacheFiles(home)[0]);
    truncateSync(path, 5000);
    chmodSync(cacheDir(home), 0o500);
    await expect(startAndShutDown(home, {}, loadingTheProvider, { user })).resolves.toBe(0);
    expect(allFiles(home)).toEqual([cacheFiles(home)[0]]); // nothing written, no temporary file left
    expect(statSync(path).size).toBe(5000);
    chmodSync(cacheDir(home), 0o700);
  });

  test('two processes writing at once leave one intact cache, used by the next', async () => {
    const home = tempDir('launcher');
    await expect(Promise.all([startAndShutDown(home), startAndShutDown(home)])).resolves.toEqual([0, 0]);
    expect(allFiles(home)).toHaveLength(1);
    const path = join(cacheDir(home), allFiles(home)[0]);
    expect(intact(path, bundleHashOf(path))).toBe(true);
    const written = statSync(path).mtimeMs;
    await startAndShutDown(home);
    expect(statSync(path).mtimeMs).toBe(written); // accepted
  });

  test('deletes the caches of other bundles and Node versions once a day old', async () => {
    const { home } = await homeWithStartCache();
    const old = join(cacheDir(home), 'terraform-provider-0123456789abcdef-v18.0.0-x64.v8cache');
    const recent = join(cacheDir(home), 'terraform-provider-fedcba9876543210-v20.0.0-x64.start.v8cache');
    const unrelated = join(cacheDir(home), 'notes.txt');
    [old, recent, unrelated].forEach((path) => writeFileSync(path, 'x'));
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    [old, unrelated].forEach((path) => utimesSync(path, twoDaysAgo, twoDaysAgo));
    await startAndShutDown(home, {}, loadingTheProvider); // writes the full cache
    expect([old, recent, unrelated].map((path) => existsSync(path))).toEqual([false, true, true]);
  });
});
