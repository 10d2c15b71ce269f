import { chmodSync, copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Terraform source address of the provider: `terraform.local/secops/secops`. */
export const PROVIDER_HOSTNAME = 'terraform.local';
export const PROVIDER_NAMESPACE = 'secops';
export const PROVIDER_TYPE = 'secops';
export const PROVIDER_SOURCE = `${PROVIDER_HOSTNAME}/${PROVIDER_NAMESPACE}/${PROVIDER_TYPE}`;

const packageRoot = resolve(__dirname, '..', '..');

/** Version of an unreleased checkout: its package.json says 0.0.0, which Terraform reads as "unspecified". */
export const DEVELOPMENT_VERSION = '0.1.0';

/** The provider's version: the package's, so a new release never reuses a locked hash. */
export function providerVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- package.json sits outside the compiled tree
  const version: string = require(join(packageRoot, 'package.json')).version;
  return version === '0.0.0' ? DEVELOPMENT_VERSION : version;
}

/** The bundled provider: one file that is both the plugin and its own launcher. */
export function providerBundle(): string {
  const bundle = join(packageRoot, 'assets', 'terraform-provider-secops.js');
  if (!existsSync(bundle)) {
    throw new Error(`The provider bundle is missing at ${bundle}; run "npx projen bundle" in the package.`);
  }
  return bundle;
}

/** Terraform's name for this machine's platform, e.g. linux_amd64. */
export function terraformPlatform(platform: string = process.platform, arch: string = process.arch): string {
  const os = platform === 'win32' ? 'windows' : platform;
  const cpu = ({ x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm' } as Record<string, string>)[arch] ?? arch;
  return `${os}_${cpu}`;
}

/** Default plugin directory Terraform searches without configuration (its implied local mirror). */
export function defaultPluginDir(): string {
  return join(homedir(), '.terraform.d', 'plugins');
}

/**
 * Places the provider where Terraform's implied local mirror (a `plugins` directory in the
 * unpacked layout) finds it for `terraform.local/secops/secops`. The file's bytes are the
 * bundle's, identical on every machine, so one `.terraform.lock.hcl` serves a whole team.
 * Returns the path of the installed executable.
 */
export function installProvider(pluginDir: string = defaultPluginDir()): string {
  const version = providerVersion();
  const dir = join(pluginDir, PROVIDER_HOSTNAME, PROVIDER_NAMESPACE, PROVIDER_TYPE, version, terraformPlatform());
  mkdirSync(dir, { recursive: true });
  const target = join(dir, `terraform-provider-${PROVIDER_TYPE}_v${version}`);
  copyFileSync(providerBundle(), target);
  chmodSync(target, 0o755);
  return target;
}
