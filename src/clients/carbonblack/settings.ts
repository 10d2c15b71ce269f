import { registerSecret } from '../../util/log';
import { settingPicker, SettingsError } from '../core/settings';

/** How to reach a Carbon Black Cloud organisation. Field names follow the provider's `carbonblack {}` block. */
export interface CarbonBlackSettings {
  /** Console hostname as a URL, e.g. `https://defense.conferdeploy.net` (no path). */
  readonly url: string;
  /** The organisation key that every route carries (`/orgs/{org_key}/...`). */
  readonly orgKey: string;
  /** API key id (the part after `/` in X-AUTH-TOKEN). */
  readonly apiId?: string;
  /** API key secret (the part before `/` in X-AUTH-TOKEN). */
  readonly apiSecret?: string;
  /** Access token of an organisation managed in VMware Cloud Services, sent as `Authorization: Bearer`. */
  readonly bearerToken?: string;
}

/** What a caller may set explicitly; `undefined` or `''` means "not given, use the environment". */
export type CarbonBlackSettingsInput = { readonly [K in keyof CarbonBlackSettings]?: CarbonBlackSettings[K] | undefined };

/** The Carbon Black settings are incomplete or malformed; the message names every problem. */
export class CarbonBlackSettingsError extends SettingsError {
  constructor(problems: readonly string[]) {
    super('Carbon Black Cloud', problems);
  }
}

/**
 * Resolves settings as the Carbon Black Cloud SDKs do: explicit values win, then CBC_URL,
 * CBC_ORG_KEY, CBC_API_ID, CBC_API_SECRET (and CBC_BEARER_TOKEN for VMware Cloud Services
 * organisations). Either an API id and secret or a bearer token is required.
 */
export function carbonBlackSettingsFromEnv(explicit: CarbonBlackSettingsInput, env: NodeJS.ProcessEnv = process.env): CarbonBlackSettings {
  const pick = settingPicker(env);
  const problems: string[] = [];
  const rawUrl = pick(explicit.url, 'CBC_URL');
  const orgKey = pick(explicit.orgKey, 'CBC_ORG_KEY');
  const apiId = pick(explicit.apiId, 'CBC_API_ID');
  const apiSecret = pick(explicit.apiSecret, 'CBC_API_SECRET');
  const bearerToken = pick(explicit.bearerToken, 'CBC_BEARER_TOKEN');
  registerSecret(apiSecret);
  registerSecret(bearerToken);
  if (rawUrl === undefined) problems.push('missing url (CBC_URL)');
  if (orgKey === undefined) problems.push('missing org key (CBC_ORG_KEY)');
  if (bearerToken === undefined && (apiId === undefined || apiSecret === undefined)) {
    problems.push('missing credentials: set api_id and api_secret (CBC_API_ID, CBC_API_SECRET) or bearer_token (CBC_BEARER_TOKEN)');
  }
  const url = rawUrl === undefined ? undefined : normalizeConsoleUrl(rawUrl, problems);
  if (problems.length > 0) {
    throw new CarbonBlackSettingsError(problems);
  }
  return { url: url!, orgKey: orgKey!, apiId, apiSecret, bearerToken }; // both defined: checked above
}

/**
 * The console hostname users paste, as a base URL: https is assumed without a scheme, and a
 * trailing slash or a pasted API path after the host is dropped (the client adds its routes).
 */
export function normalizeConsoleUrl(raw: string, problems: string[] = []): string | undefined {
  const text = raw.trim();
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  let url: URL;
  try {
    url = new URL(hasScheme ? text : `https://${text}`);
  } catch {
    problems.push(`url ${JSON.stringify(raw)} is not a valid URL`);
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    problems.push(`url ${JSON.stringify(raw)} must use https (or http)`);
    return undefined;
  }
  const path = url.pathname.replace(/\/containers\/v1\/.*$/, '').replace(/\/+$/, '');
  return `${url.origin}${path}`;
}

