// The provider executable as Terraform starts it: the real bundle (assets/, built by
// `npx projen bundle`) with its launcher, which keeps V8's code cache per user.
import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PluginClient, clientCertificate, startPlugin, tempDir } from './helpers';
import { providerBundle } from '../../../src/cli/install';

/** Starts the provider with HOME set to `home`, asks it to shut down, and waits for its exit code. */
async function startAndShutDown(home: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<number | null> {
  const certificate = clientCertificate();
  const plugin = await startPlugin(providerBundle(), certificate, { HOME: home, ...extraEnv });
  const controller = new PluginClient('plugin.GRPCController', plugin, certificate);
  try {
    await controller.call('Shutdown');
    return await plugin.exited;
  } finally {
    controller.close();
    plugin.stop();
  }
}

/** The permission bits of a file, e.g. 0o600. */
const permissions = (path: string) => statSync(path).mode % 0o1000;
const cacheDir = (home: string) => join(home, '.cache', 'secops');
const cacheFiles = (home: string) => readdirSync(cacheDir(home)).filter((name) => name.endsWith('.v8cache'));

describe('the launcher', () => {
  test('writes the code cache on the first exit, private to the user, and reuses it unchanged', async () => {
    const home = tempDir('launcher');
    await expect(startAndShutDown(home)).resolves.toBe(0);
    const [file] = cacheFiles(home);
    expect(file).toMatch(/^terraform-provider-[0-9a-f]{16}-v\d+\.\d+\.\d+-\w+\.v8cache$/);
    const path = join(cacheDir(home), file);
    expect(permissions(path)).toBe(0o600);
    expect(permissions(cacheDir(home))).toBe(0o700);
    const written = statSync(path).mtimeMs;

    // V8 accepts it, so the second start leaves it as it is (a rejected cache is rewritten).
    await expect(startAndShutDown(home)).resolves.toBe(0);
    expect(statSync(path).mtimeMs).toBe(written);
  });

  test('starts from a damaged cache and replaces it', async () => {
    const home = tempDir('launcher');
    await startAndShutDown(home);
    const path = join(cacheDir(home), cacheFiles(home)[0]);
    writeFileSync(path, 'not a code cache');
    await expect(startAndShutDown(home)).resolves.toBe(0);
    expect(statSync(path).size).toBeGreaterThan(1000);
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
