import { CarbonBlackClient } from '../../clients/carbonblack/client';
import { carbonBlackSettingsFromEnv, normalizeConsoleUrl } from '../../clients/carbonblack/settings';
import { STRING } from '../../provider/cty/types';
import { ObjectValue, Problem } from '../../provider/definitions';
import { Block } from '../../provider/schema';
import { connectionAttributes, connectionOptions, connectionProblems } from '../connection-block';

/**
 * The `carbonblack { }` block of `provider "secops"`. Each setting falls back to the CBC_*
 * variable the Carbon Black Cloud SDKs read, so a shell set up for them works unchanged.
 */
export const carbonBlackSettings: Block = {
  description: 'Connection to a Carbon Black Cloud organisation (Container Management API). Each setting defaults to the environment variable named in its description.',
  attributes: {
    url: { type: STRING, optional: true, description: 'Console hostname, e.g. `https://defense.conferdeploy.net`. Default: `CBC_URL`.' },
    org_key: { type: STRING, optional: true, description: 'Organisation key (Settings > API Access). Default: `CBC_ORG_KEY`.' },
    api_id: { type: STRING, optional: true, description: 'API key id of a custom key with `kubernetes.security` READ, CREATE, UPDATE, DELETE. Default: `CBC_API_ID`.' },
    api_secret: { type: STRING, optional: true, sensitive: true, description: 'API secret key; sent as `X-AUTH-TOKEN: <secret>/<id>`. Default: `CBC_API_SECRET`.' },
    bearer_token: {
      type: STRING,
      optional: true,
      sensitive: true,
      description: 'Access token for an organisation managed in VMware Cloud Services, sent as `Authorization: Bearer`; used instead of the API key. Default: `CBC_BEARER_TOKEN`.',
    },
    ...connectionAttributes(true),
  },
};

export function validateCarbonBlackSettings(settings: ObjectValue): Problem[] {
  return [...addressProblems(settings), ...connectionProblems('carbonblack', settings)];
}

function addressProblems(settings: ObjectValue): Problem[] {
  if (typeof settings.url !== 'string') return [];
  const reasons: string[] = [];
  if (normalizeConsoleUrl(settings.url, reasons) !== undefined) return [];
  return [{ path: ['carbonblack', 'url'], summary: 'Invalid value for "carbonblack.url"', detail: reasons.join('; ') }];
}

export function configureCarbonBlack(settings: ObjectValue | null): CarbonBlackClient {
  const text = (name: string): string | undefined => {
    const value = settings?.[name];
    return typeof value === 'string' ? value : undefined;
  };
  return new CarbonBlackClient(carbonBlackSettingsFromEnv({
    url: text('url'),
    orgKey: text('org_key'),
    apiId: text('api_id'),
    apiSecret: text('api_secret'),
    bearerToken: text('bearer_token'),
  }), { connection: connectionOptions(settings) });
}
