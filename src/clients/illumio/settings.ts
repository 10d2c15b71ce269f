import { registerSecret } from '../../util/log';
import { nonEmpty, settingPicker, SettingsError } from '../core/settings';

/** How to reach an Illumio PCE. Field names follow the provider's `illumio {}` block. */
export interface IllumioSettings {
  /** PCE address without the `/api/v2` prefix, e.g. `https://pce.example.com:8443`. */
  readonly host: string;
  /** Organization ID; a string because hrefs carry it as text. Default `1`, as on an on-premises PCE. */
  readonly orgId: string;
  /** API key username (`api_...`), the basic-auth user. */
  readonly apiKeyUsername: string;
  /** API key secret, the basic-auth password. */
  readonly apiKeySecret: string;
  /** PEM file of the CA that signed the PCE certificate (ILLUMIO_CA_FILE). */
  readonly caFile?: string;
  /** Do not verify the PCE certificate (ILLUMIO_ALLOW_INSECURE_TLS). */
  readonly insecureSkipVerify: boolean;
  /** Client-side request budget per minute; 0 turns it off. Default 500, the PCE's documented limit per API key. */
  readonly requestsPerMinute: number;
}

/** What a caller may set explicitly; `undefined` or `''` means "not given, use the environment". */
export type IllumioSettingsInput = { readonly [K in keyof IllumioSettings]?: IllumioSettings[K] | undefined };

export const DEFAULT_PCE_PORT = '8443';
export const DEFAULT_REQUESTS_PER_MINUTE = 500;
const DEFAULT_ORG_ID = '1';

/** The Illumio settings are incomplete or malformed; the message names every problem. */
export class IllumioSettingsError extends SettingsError {
  constructor(problems: readonly string[]) {
    super('Illumio', problems);
  }
}

/**
 * Resolves settings the way the Illumio Terraform provider does: explicit values win, then the
 * ILLUMIO_* environment variables, then defaults. Empty strings count as unset.
 */
export function illumioSettingsFromEnv(explicit: IllumioSettingsInput, env: NodeJS.ProcessEnv = process.env): IllumioSettings {
  const pick = settingPicker(env);
  const problems: string[] = [];
  const host = pick(explicit.host, 'ILLUMIO_PCE_HOST');
  const apiKeyUsername = pick(explicit.apiKeyUsername, 'ILLUMIO_API_KEY_USERNAME');
  const apiKeySecret = pick(explicit.apiKeySecret, 'ILLUMIO_API_KEY_SECRET');
  registerSecret(apiKeySecret);
  const orgId = pick(explicit.orgId, 'ILLUMIO_PCE_ORG_ID') ?? DEFAULT_ORG_ID;
  requirePresent(host, 'host (ILLUMIO_PCE_HOST)', problems);
  requirePresent(apiKeyUsername, 'API key username (ILLUMIO_API_KEY_USERNAME)', problems);
  requirePresent(apiKeySecret, 'API key secret (ILLUMIO_API_KEY_SECRET)', problems);
  if (!/^\d+$/.test(orgId)) {
    problems.push(`org id must be a number, got ${JSON.stringify(orgId)}`);
  }
  const requestsPerMinute = explicit.requestsPerMinute ?? parseBudget(env.ILLUMIO_REQUESTS_PER_MINUTE, problems);
  const normalizedHost = host === undefined ? undefined : normalizePceHost(host, problems);
  if (problems.length > 0) {
    throw new IllumioSettingsError(problems);
  }
  return {
    host: normalizedHost!, // defined: a missing host is a problem above
    orgId,
    apiKeyUsername: apiKeyUsername!, // defined: checked above
    apiKeySecret: apiKeySecret!, // defined: checked above
    caFile: pick(explicit.caFile, 'ILLUMIO_CA_FILE'),
    insecureSkipVerify: explicit.insecureSkipVerify ?? parseYes(env.ILLUMIO_ALLOW_INSECURE_TLS),
    requestsPerMinute,
  };
}

/**
 * Turns what users write into a base address. The PCE listens on 8443 by default (every example
 * of the API guide uses `https://pce.my-company.com:8443`), so a bare host name gets https and
 * 8443; a URL with a scheme keeps its own (default) port, as SaaS PCEs answer on 443.
 */
export function normalizePceHost(raw: string, problems: string[] = []): string | undefined {
  const text = raw.trim();
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  let url: URL;
  try {
    url = new URL(hasScheme ? text : `https://${text}`);
  } catch {
    problems.push(`host ${JSON.stringify(raw)} is not a valid URL`);
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    problems.push(`host ${JSON.stringify(raw)} must use https (or http)`);
    return undefined;
  }
  if (!hasScheme && url.port === '') {
    url.port = DEFAULT_PCE_PORT;
  }
  // Users often paste the API base; the client adds /api/v2 itself.
  const path = url.pathname.replace(/\/+$/, '').replace(/\/api\/v2$/, '');
  return `${url.origin}${path}`;
}

function parseBudget(value: string | undefined, problems: string[]): number {
  if (nonEmpty(value) === undefined) {
    return DEFAULT_REQUESTS_PER_MINUTE;
  }
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) {
    problems.push(`ILLUMIO_REQUESTS_PER_MINUTE must be a whole number >= 0 (0 = off), got ${JSON.stringify(value)}`);
    return DEFAULT_REQUESTS_PER_MINUTE;
  }
  return parsed;
}

/** The official provider only treats `yes` as true; true/1 are accepted as well. */
export function parseYes(value: string | undefined): boolean {
  return ['yes', 'true', '1'].includes((value ?? '').trim().toLowerCase());
}

function requirePresent(value: string | undefined, what: string, problems: string[]): void {
  if (value === undefined) {
    problems.push(`missing ${what}`);
  }
}

