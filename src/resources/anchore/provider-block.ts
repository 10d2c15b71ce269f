import { AnchoreClient } from '../../clients/anchore/client';
import { ANCHORE_API_LAYOUTS, AnchoreApiLayout, anchoreSettingsFromEnv, urlProblems } from '../../clients/anchore/settings';
import { STRING } from '../../provider/cty/types';
import { ObjectValue, Problem } from '../../provider/definitions';
import { Block } from '../../provider/schema';
import { validators } from '../../provider/validate';
import { connectionAttributes, connectionOptions, connectionProblems } from '../connection-block';

/**
 * The `anchore { }` block of `provider "secops"`. Connection settings fall back to the variables
 * anchorectl reads (ANCHORE_URL, ANCHORE_USER, ANCHORE_PASSWORD, ANCHORE_ACCOUNT).
 */
export const anchoreSettings: Block = {
  description: 'Connection to Anchore Enterprise\'s RBAC manager. Each setting defaults to the environment variable named in its description.',
  attributes: {
    url: {
      type: STRING,
      optional: true,
      description: 'Service URL: with `api_layout = "4.x"` the RBAC manager service (add `/v1` when it is served there), with `"5.x"` the Enterprise API, e.g. `https://anchore.example.com:8228`. Default: `ANCHORE_URL`.',
    },
    user: { type: STRING, optional: true, description: 'User name for basic auth; `_api_key` to authenticate with an API key as the password. Default: `ANCHORE_USER`.' },
    password: { type: STRING, optional: true, sensitive: true, description: 'Password of the user, or the API key. Default: `ANCHORE_PASSWORD`.' },
    account: { type: STRING, optional: true, description: 'Account to act in, sent as `x-anchore-account`; the user\'s own account when unset. Default: `ANCHORE_ACCOUNT`.' },
    api_layout: {
      type: STRING,
      optional: true,
      description: 'API layout: `4.x` (default; the RBAC manager service, accounts named `for_account`) or `5.x` (`/v2/rbac-manager` of the Enterprise API, accounts named `domain_name`, IdP user-group mappings).',
      validators: [validators.oneOf(ANCHORE_API_LAYOUTS)],
    },
    ...connectionAttributes(true),
  },
};

export function validateAnchoreSettings(settings: ObjectValue): Problem[] {
  return [...addressProblems(settings), ...connectionProblems('anchore', settings)];
}

function addressProblems(settings: ObjectValue): Problem[] {
  const url = settings.url;
  if (typeof url !== 'string') return [];
  return urlProblems(url).map(detail => ({ path: ['anchore', 'url'], summary: 'Invalid value for "anchore.url"', detail }));
}

export function configureAnchore(settings: ObjectValue | null): AnchoreClient {
  const text = (name: string): string | undefined => {
    const value = settings?.[name];
    return typeof value === 'string' ? value : undefined;
  };
  return new AnchoreClient(anchoreSettingsFromEnv({
    url: text('url'),
    user: text('user'),
    password: text('password'),
    account: text('account'),
    apiLayout: text('api_layout') as AnchoreApiLayout | undefined,
  }), { connection: connectionOptions(settings) });
}
