import { ChainguardClient } from '../../clients/chainguard/client';
import { chainguardSettingsFromEnv } from '../../clients/chainguard/settings';
import { STRING } from '../../provider/cty/types';
import { ObjectValue, Problem } from '../../provider/definitions';
import { Block } from '../../provider/schema';
import { connectionAttributes, connectionOptions, connectionProblems } from '../connection-block';

/**
 * The `chainguard { }` block of `provider "secops"`: the API and a token (e.g. from
 * `chainctl auth token`), each falling back to the CHAINGUARD_* environment variable.
 */
export const chainguardSettings: Block = {
  description: 'Connection to Chainguard\'s API. Each setting defaults to the environment variable named in its description.',
  attributes: {
    api_url: {
      type: STRING,
      optional: true,
      description: 'API base URL. Default: `CHAINGUARD_API_URL`, else `https://console-api.enforce.dev`.',
    },
    token: {
      type: STRING,
      optional: true,
      sensitive: true,
      description: 'Bearer token, e.g. the output of `chainctl auth token`. Default: `CHAINGUARD_TOKEN`.',
    },
    ...connectionAttributes(true),
  },
};

export function validateChainguardSettings(settings: ObjectValue): Problem[] {
  return [...addressProblems(settings), ...connectionProblems('chainguard', settings)];
}

function addressProblems(settings: ObjectValue): Problem[] {
  const apiUrl = settings.api_url;
  if (typeof apiUrl !== 'string' || isHttpUrl(apiUrl)) return [];
  return [{ path: ['chainguard', 'api_url'], summary: 'Invalid value for "chainguard.api_url"', detail: `must be an http:// or https:// URL, got "${apiUrl}"` }];
}

export function configureChainguard(settings: ObjectValue | null): ChainguardClient {
  const given = (name: string): string | undefined => {
    const value = settings?.[name];
    return typeof value === 'string' ? value : undefined;
  };
  return new ChainguardClient(chainguardSettingsFromEnv({ apiUrl: given('api_url'), token: given('token') }), { connection: connectionOptions(settings) });
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
