import { NomadClient } from '../../clients/nomad/client';
import { nomadSettingsFromEnv } from '../../clients/nomad/settings';
import { BOOL, STRING } from '../../provider/cty/types';
import { ObjectValue, Problem } from '../../provider/definitions';
import { Block } from '../../provider/schema';
import { connectionAttributes, connectionOptions, connectionProblems } from '../connection-block';

/**
 * The `nomad { }` block of `provider "secops"`. Every setting falls back to the environment
 * variable Nomad's own CLI reads, so a shell set up for `nomad` works unchanged.
 */
export const nomadSettings: Block = {
  description: 'Connection to a Nomad cluster. Each setting defaults to the environment variable named in its description.',
  attributes: {
    address: { type: STRING, optional: true, description: 'HTTP API address, e.g. `https://nomad.example.com:4646`. Default: `NOMAD_ADDR`, else `http://127.0.0.1:4646`.' },
    token: { type: STRING, optional: true, sensitive: true, description: 'ACL token with management rights (sent as `X-Nomad-Token`). Default: `NOMAD_TOKEN`.' },
    region: { type: STRING, optional: true, description: 'Region to send requests to. Default: `NOMAD_REGION`, else the agent\'s region.' },
    ca_file: { type: STRING, optional: true, description: 'PEM file of the CA that signed the server certificate. Default: `NOMAD_CACERT`.' },
    cert_file: { type: STRING, optional: true, description: 'PEM client certificate for mutual TLS. Default: `NOMAD_CLIENT_CERT`.' },
    key_file: { type: STRING, optional: true, description: 'PEM key of the client certificate. Default: `NOMAD_CLIENT_KEY`.' },
    tls_server_name: { type: STRING, optional: true, description: 'Server name to verify the certificate against. Default: `NOMAD_TLS_SERVER_NAME`.' },
    skip_verify: { type: BOOL, optional: true, description: 'Do not verify the server certificate (testing only). Default: `NOMAD_SKIP_VERIFY`.' },
    ...connectionAttributes(false),
  },
};

export function validateNomadSettings(settings: ObjectValue): Problem[] {
  return [...addressProblems(settings), ...connectionProblems('nomad', settings)];
}

function addressProblems(settings: ObjectValue): Problem[] {
  const address = settings.address;
  if (typeof address !== 'string') return [];
  try {
    const url = new URL(address);
    if (url.protocol === 'http:' || url.protocol === 'https:') return [];
  } catch {
    // reported below
  }
  return [{ path: ['nomad', 'address'], summary: 'Invalid value for "nomad.address"', detail: `must be an http:// or https:// URL, got "${address}"` }];
}

/** Turning certificate verification off is allowed, and said out loud: it exposes the ACL token to anyone in the path. */
export function nomadConfigureWarnings(settings: ObjectValue | null, env: NodeJS.ProcessEnv): Problem[] {
  const given = typeof settings?.skip_verify === 'boolean' ? settings.skip_verify : undefined;
  const address = typeof settings?.address === 'string' ? settings.address : undefined;
  const resolved = nomadSettingsFromEnv({ address, skipVerify: given }, env);
  if (!resolved.skipVerify || !resolved.address.startsWith('https:')) return [];
  const source = given === undefined ? 'NOMAD_SKIP_VERIFY' : 'skip_verify';
  return [{
    path: given === undefined ? [] : ['nomad', 'skip_verify'],
    severity: 'warning',
    summary: 'Nomad server certificate not verified',
    detail: `${source} turns off verification of the Nomad server's certificate: anyone between this machine and ${resolved.address} can read `
      + 'the ACL token and change what the provider sees. Use ca_file / NOMAD_CACERT (or ca_pem) instead.',
  }];
}

export function configureNomad(settings: ObjectValue | null): NomadClient {
  const given = (name: string): string | undefined => {
    const value = settings?.[name];
    return typeof value === 'string' ? value : undefined;
  };
  return new NomadClient(nomadSettingsFromEnv({
    address: given('address'),
    token: given('token'),
    region: given('region'),
    caFile: given('ca_file'),
    certFile: given('cert_file'),
    keyFile: given('key_file'),
    tlsServerName: given('tls_server_name'),
    skipVerify: typeof settings?.skip_verify === 'boolean' ? settings.skip_verify : undefined,
  }), { connection: connectionOptions(settings) });
}
