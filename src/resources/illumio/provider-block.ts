import { IllumioClient } from '../../clients/illumio/client';
import { illumioSettingsFromEnv, normalizePceHost, parseYes } from '../../clients/illumio/settings';
import { BOOL, NUMBER, STRING } from '../../provider/cty/types';
import { ObjectValue, Problem } from '../../provider/definitions';
import { Block } from '../../provider/schema';
import { connectionAttributes, connectionOptions, connectionProblems } from '../connection-block';

/**
 * The `illumio { }` block of `provider "secops"`, with the setting names of the official Illumio
 * provider; each falls back to the ILLUMIO_* variable its users already set.
 */
export const illumioSettings: Block = {
  description: 'Connection to an Illumio PCE. Each setting defaults to the environment variable named in its description.',
  attributes: {
    pce_host: { type: STRING, optional: true, description: 'PCE address, e.g. `https://pce.example.com:8443`. Default: `ILLUMIO_PCE_HOST`.' },
    org_id: { type: STRING, optional: true, description: 'Organization ID. Default: `ILLUMIO_PCE_ORG_ID`, else `1`.' },
    api_username: { type: STRING, optional: true, description: 'API key username (`api_...`). Default: `ILLUMIO_API_KEY_USERNAME`.' },
    api_secret: { type: STRING, optional: true, sensitive: true, description: 'API key secret. Default: `ILLUMIO_API_KEY_SECRET`.' },
    ca_file: { type: STRING, optional: true, description: 'PEM file of the CA that signed the PCE certificate. Default: `ILLUMIO_CA_FILE`.' },
    insecure: { type: BOOL, optional: true, description: 'Do not verify the PCE certificate (testing only). Default: `ILLUMIO_ALLOW_INSECURE_TLS`.' },
    request_rate_limit: { type: NUMBER, optional: true, description: 'Requests per minute this provider allows itself (the PCE allows 500 per API key); 0 turns the budget off. Default: 500.' },
    ...connectionAttributes(false),
  },
};

export function validateIllumioSettings(settings: ObjectValue): Problem[] {
  return [...addressProblems(settings), ...connectionProblems('illumio', settings)];
}

function addressProblems(settings: ObjectValue): Problem[] {
  const problems: Problem[] = [];
  if (typeof settings.pce_host === 'string') {
    const reasons: string[] = [];
    if (normalizePceHost(settings.pce_host, reasons) === undefined) {
      problems.push({ path: ['illumio', 'pce_host'], summary: 'Invalid value for "illumio.pce_host"', detail: reasons.join('; ') || `not a PCE address: "${settings.pce_host}"` });
    }
  }
  const rate = settings.request_rate_limit;
  if (typeof rate === 'number' && (!Number.isInteger(rate) || rate < 0)) {
    problems.push({ path: ['illumio', 'request_rate_limit'], summary: 'Invalid value for "illumio.request_rate_limit"', detail: `must be a whole number of requests per minute, 0 or more, got ${rate}` });
  }
  return problems;
}

/** `insecure` is allowed, and said out loud: it exposes the API key to anyone in the path. */
export function illumioConfigureWarnings(settings: ObjectValue | null, env: NodeJS.ProcessEnv): Problem[] {
  const given = typeof settings?.insecure === 'boolean' ? settings.insecure : undefined;
  const insecure = given ?? parseYes(env.ILLUMIO_ALLOW_INSECURE_TLS);
  if (!insecure) return [];
  return [{
    path: given === undefined ? [] : ['illumio', 'insecure'],
    severity: 'warning',
    summary: 'PCE certificate not verified',
    detail: `${given === undefined ? 'ILLUMIO_ALLOW_INSECURE_TLS' : 'insecure'} turns off verification of the PCE's certificate: anyone in the path `
      + 'can read the API key. Use ca_file / ILLUMIO_CA_FILE (or ca_pem) instead.',
  }];
}

export function configureIllumio(settings: ObjectValue | null): IllumioClient {
  const text = (name: string): string | undefined => {
    const value = settings?.[name];
    return typeof value === 'string' ? value : undefined;
  };
  const rate = settings?.request_rate_limit;
  return new IllumioClient(illumioSettingsFromEnv({
    host: text('pce_host'),
    orgId: text('org_id'),
    apiKeyUsername: text('api_username'),
    apiKeySecret: text('api_secret'),
    caFile: text('ca_file'),
    insecureSkipVerify: typeof settings?.insecure === 'boolean' ? settings.insecure : undefined,
    requestsPerMinute: typeof rate === 'number' ? rate : undefined,
  }), { connection: connectionOptions(settings) });
}
