import { settingPicker } from '../core/settings';
/** How to reach a Nomad cluster. Field names follow the provider's `nomad {}` block. */
export interface NomadSettings {
  /** HTTP API address. Default `http://127.0.0.1:4646`. */
  readonly address: string;
  /** ACL token, sent as `X-Nomad-Token`. */
  readonly token?: string;
  /** Region sent as `?region=`; the agent's own region when unset. */
  readonly region?: string;
  /** PEM file of the CA that signed the server certificate (NOMAD_CACERT). */
  readonly caFile?: string;
  /** Directory of PEM CA files (NOMAD_CAPATH), used when there is no `caFile`, as Nomad does. */
  readonly caPath?: string;
  /** PEM client certificate for mutual TLS (NOMAD_CLIENT_CERT). */
  readonly certFile?: string;
  /** PEM key of the client certificate (NOMAD_CLIENT_KEY). */
  readonly keyFile?: string;
  /** Do not verify the server certificate (NOMAD_SKIP_VERIFY). */
  readonly skipVerify: boolean;
  /** Name to verify the server certificate against (NOMAD_TLS_SERVER_NAME). */
  readonly tlsServerName?: string;
}

/** What a caller may set explicitly; `undefined` or `''` means "not given, use the environment". */
export type NomadSettingsInput = { readonly [K in keyof NomadSettings]?: NomadSettings[K] | undefined };

export const DEFAULT_NOMAD_ADDRESS = 'http://127.0.0.1:4646';

/**
 * Resolves settings the way Nomad's CLI and Go API client do: explicit values win, then the
 * NOMAD_* environment variables, then defaults. Empty strings count as unset, as in Nomad.
 */
export function nomadSettingsFromEnv(explicit: NomadSettingsInput, env: NodeJS.ProcessEnv = process.env): NomadSettings {
  const pick = settingPicker(env);
  return {
    address: pick(explicit.address, 'NOMAD_ADDR') ?? DEFAULT_NOMAD_ADDRESS,
    token: pick(explicit.token, 'NOMAD_TOKEN'),
    region: pick(explicit.region, 'NOMAD_REGION'),
    caFile: pick(explicit.caFile, 'NOMAD_CACERT'),
    caPath: pick(explicit.caPath, 'NOMAD_CAPATH'),
    certFile: pick(explicit.certFile, 'NOMAD_CLIENT_CERT'),
    keyFile: pick(explicit.keyFile, 'NOMAD_CLIENT_KEY'),
    skipVerify: explicit.skipVerify ?? parseGoBool(env.NOMAD_SKIP_VERIFY) ?? false,
    tlsServerName: pick(explicit.tlsServerName, 'NOMAD_TLS_SERVER_NAME'),
  };
}


/** Go's strconv.ParseBool, which Nomad uses for NOMAD_SKIP_VERIFY; unreadable values are ignored as Nomad does. */
function parseGoBool(value: string | undefined): boolean | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) {
    return true;
  }
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) {
    return false;
  }
  return undefined;
}
