import { registerSecret } from '../../util/log';
import { settingPicker, SettingsError } from '../core/settings';

/**
 * Where the RBAC operations live. `4.x`: the RBAC manager service of Anchore Enterprise 4.x, its
 * paths at the root of its URL (give `.../v1` in the URL when it sits behind that prefix), the
 * account named `for_account`. `5.x`: the same operations under `/v2/rbac-manager/` of the main
 * Enterprise API, the account named `domain_name`, IdP user-group mappings added.
 */
export type AnchoreApiLayout = '4.x' | '5.x';
export const ANCHORE_API_LAYOUTS: readonly AnchoreApiLayout[] = ['4.x', '5.x'];

/** How to reach Anchore Enterprise. Field names follow the provider's `anchore {}` block. */
export interface AnchoreSettings {
  /** Service URL: the RBAC manager (4.x) or the Enterprise API (5.x), e.g. `https://anchore.example.com:8228`. */
  readonly url: string;
  /** Basic-auth user; `_api_key` with an API key as password. */
  readonly user: string;
  readonly password: string;
  /** Account to act in (sent as `x-anchore-account`); the user's own account when unset. */
  readonly account?: string;
  readonly apiLayout: AnchoreApiLayout;
}

/** What a caller may set explicitly; `undefined` or `''` means "not given, use the environment". */
export type AnchoreSettingsInput = { readonly [K in keyof AnchoreSettings]?: AnchoreSettings[K] | undefined };

/** The Anchore settings are incomplete or malformed; the message names every problem. */
export class AnchoreSettingsError extends SettingsError {
  constructor(problems: readonly string[]) {
    super('Anchore', problems);
  }
}

/**
 * Resolves settings as anchorectl does: explicit values win, then ANCHORE_URL, ANCHORE_USER,
 * ANCHORE_PASSWORD and ANCHORE_ACCOUNT. Empty strings count as unset.
 */
export function anchoreSettingsFromEnv(explicit: AnchoreSettingsInput, env: NodeJS.ProcessEnv = process.env): AnchoreSettings {
  const pick = settingPicker(env);
  const url = pick(explicit.url, 'ANCHORE_URL');
  const user = pick(explicit.user, 'ANCHORE_USER');
  const password = pick(explicit.password, 'ANCHORE_PASSWORD');
  registerSecret(password);
  const apiLayout = explicit.apiLayout ?? '4.x';
  const problems = [
    ...(url === undefined ? ['url (ANCHORE_URL) is required'] : urlProblems(url)),
    ...(user === undefined ? ['user (ANCHORE_USER) is required'] : []),
    ...(password === undefined ? ['password (ANCHORE_PASSWORD) is required'] : []),
    ...(ANCHORE_API_LAYOUTS.includes(apiLayout) ? [] : [`api_layout must be "4.x" or "5.x", got ${JSON.stringify(apiLayout)}`]),
  ];
  if (problems.length > 0) throw new AnchoreSettingsError(problems);
  return { url: url!, user: user!, password: password!, account: pick(explicit.account, 'ANCHORE_ACCOUNT'), apiLayout };
}

/** Why a service URL is unusable (empty when it is fine). */
export function urlProblems(url: string): string[] {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return [];
  } catch {
    // reported below
  }
  return [`url must be an http:// or https:// URL, got ${JSON.stringify(url)}`];
}

