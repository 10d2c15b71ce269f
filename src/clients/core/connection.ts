import { providerVersion } from '../../cli/install';
import { registerSecret } from '../../util/log';

/**
 * How requests leave this process: proxies and the User-Agent. The HTTP core applies both to
 * every request of every vendor, so no vendor client has its own rules.
 */

/** Proxies for one client: what undici's EnvHttpProxyAgent takes. Empty strings mean "none". */
export interface ProxySettings {
  readonly httpProxy: string;
  readonly httpsProxy: string;
  readonly noProxy: string;
}

/**
 * The proxies a client uses: `proxyUrl` (a vendor block's `proxy_url`) for both schemes when
 * given, else HTTPS_PROXY / HTTP_PROXY from the environment (lower-case names first, as curl and
 * undici read them); NO_PROXY applies either way. Credentials in a proxy URL are registered as
 * secrets so no log line shows them.
 */
export function proxySettings(proxyUrl: string | undefined, env: NodeJS.ProcessEnv): ProxySettings {
  const read = (name: string): string => env[name.toLowerCase()] ?? env[name] ?? '';
  const explicit = proxyUrl?.trim() ?? '';
  const settings = {
    httpProxy: explicit || read('HTTP_PROXY'),
    httpsProxy: explicit || read('HTTPS_PROXY') || read('HTTP_PROXY'),
    noProxy: read('NO_PROXY'),
  };
  registerProxyCredentials(settings.httpProxy);
  registerProxyCredentials(settings.httpsProxy);
  return settings;
}

/** A proxy URL fit for a log line or an error: its password replaced. */
export function maskProxyUrl(proxyUrl: string): string {
  try {
    const url = new URL(proxyUrl);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return '[unparsable proxy URL]';
  }
}

/** Why a proxy URL is unusable (empty when it is fine). */
export function proxyUrlProblems(proxyUrl: string): string[] {
  try {
    const url = new URL(proxyUrl);
    if (url.protocol === 'http:' || url.protocol === 'https:') return [];
  } catch {
    // reported below
  }
  return [`proxy_url must be an http:// or https:// URL, got ${JSON.stringify(maskProxyUrl(proxyUrl))}`];
}

function registerProxyCredentials(proxyUrl: string): void {
  if (proxyUrl === '') return;
  try {
    const { password } = new URL(proxyUrl);
    registerSecret(password);
    registerSecret(decodeURIComponent(password));
  } catch {
    // an unparsable proxy URL fails when the agent is built, with the masked URL
  }
}

/** The provider's version as bundled (scripts/bundle.mjs defines it), else the package's. */
declare const SECOPS_PROVIDER_VERSION: string | undefined;

let terraformVersion: string | undefined;
let cachedAgent: string | undefined;

/** Records the Terraform version from ConfigureProvider, for the User-Agent of later requests. */
export function setTerraformVersion(version: string | undefined): void {
  terraformVersion = version?.trim() || undefined;
  cachedAgent = undefined;
}

/** `terraform-provider-secops/<version>`, with `+terraform/<version>` once Terraform has said which. */
export function userAgent(): string {
  if (cachedAgent === undefined) {
    const version = typeof SECOPS_PROVIDER_VERSION === 'string' ? SECOPS_PROVIDER_VERSION : providerVersion();
    cachedAgent = `terraform-provider-secops/${version}${terraformVersion ? ` (+terraform/${terraformVersion})` : ''}`;
  }
  return cachedAgent;
}
