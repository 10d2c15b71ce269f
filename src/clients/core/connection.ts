import type { HttpClientOptions } from './http-client';
import { TlsOptions } from './tls';
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
    const version = typeof SECOPS_PROVIDER_VERSION === 'string' ? SECOPS_PROVIDER_VERSION : packageVersion();
    cachedAgent = `terraform-provider-secops/${version}${terraformVersion ? ` (+terraform/${terraformVersion})` : ''}`;
  }
  return cachedAgent;
}

/**
 * What every vendor block may set about the connection itself (its `proxy_url`, TLS material,
 * `request_timeout`, `max_retries`). Vendor clients take it beside their own settings and
 * pass it to `withConnection`.
 */
export interface ConnectionOptions {
  readonly proxyUrl?: string;
  /** TLS material that wins over the vendor's own fields where given. */
  readonly tls?: TlsOptions;
  /** Per-attempt timeout in ms. */
  readonly timeoutMs?: number;
  /** Retries after the first attempt (429s count apart); `maxAttempts` is this plus one. */
  readonly maxRetries?: number;
}

/** The client options with the block's connection settings applied over the vendor's defaults. */
export function withConnection(options: HttpClientOptions, connection: ConnectionOptions | undefined): HttpClientOptions {
  if (connection === undefined) return options;
  const tls = { ...options.tls, ...definedOnly(connection.tls ?? {}) };
  return {
    ...options,
    tls,
    proxyUrl: connection.proxyUrl ?? options.proxyUrl,
    timeoutMs: connection.timeoutMs ?? options.timeoutMs,
    retry: connection.maxRetries === undefined ? options.retry : { ...options.retry, maxAttempts: connection.maxRetries + 1 },
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The package's version, outside the bundle (tests, the library); required here so the bundle never loads it. */
function packageVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only where no version was bundled
  return (require('../../cli/install') as typeof import('../../cli/install')).providerVersion();
}
