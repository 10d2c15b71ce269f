// The provider executable as Terraform starts it: the real bundle (assets/, built by
// `npx projen bundle`) with its launcher, which keeps V8's code cache per user.
import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PluginClient, clientCertificate, startPlugin, tempDir } from './helpers';
import { providerBundle } from '../../../src/cli/install';
import { encodeConstantResponses } from '../../../src/provider/constant-responses';
import { decodeMessage, serviceMethods } from '../../../src/provider/protocol/codec';

/**
 * Starts the provider with HOME set to `home`, makes the calls of `session` (none: like the first
 * start of a Terraform command, which only gets the schema), asks it to shut down, and waits for
 * its exit code.
 */
async function startAndShutDown(
  home: string, extraEnv: NodeJS.ProcessEnv = {}, session?: (provider: PluginClient) => Promise<void>,
): Promise<number | null> {
  const certificate = clientCertificate();
  const plugin = await startPlugin(providerBundle(), certificate, { HOME: home, ...extraEnv });
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
});
