import { settingPicker } from '../core/settings';
/** How to reach Chainguard's API. Field names follow the provider's `chainguard {}` block. */
export interface ChainguardSettings {
  /** API base URL. Default `https://console-api.enforce.dev`. */
  readonly apiUrl: string;
  /** Bearer token (e.g. from `chainctl auth token`). */
  readonly token?: string;
}

export type ChainguardSettingsInput = { readonly [K in keyof ChainguardSettings]?: ChainguardSettings[K] | undefined };

export const DEFAULT_CHAINGUARD_API_URL = 'https://console-api.enforce.dev';

/** Explicit values win, then CHAINGUARD_API_URL and CHAINGUARD_TOKEN, then the default URL. Empty strings count as unset. */
export function chainguardSettingsFromEnv(explicit: ChainguardSettingsInput, env: NodeJS.ProcessEnv = process.env): ChainguardSettings {
  const pick = settingPicker(env);
  return {
    apiUrl: pick(explicit.apiUrl, 'CHAINGUARD_API_URL') ?? DEFAULT_CHAINGUARD_API_URL,
    token: pick(explicit.token, 'CHAINGUARD_TOKEN'),
  };
}

