import { ConnectionOptions, proxyUrlProblems } from '../clients/core';
import { NUMBER, STRING } from '../provider/cty/types';
import { ObjectValue, Problem } from '../provider/definitions';
import { Attribute } from '../provider/schema';
import { validators } from '../provider/validate';

/**
 * The attributes every vendor block has about the connection itself: proxy, TLS material,
 * timeout and retries. One definition, so the five blocks say and do the same.
 */

/** Today's defaults of the HTTP core, as the descriptions state them. */
const DEFAULT_TIMEOUT_SECONDS = 60;
const DEFAULT_MAX_RETRIES = 7;

/**
 * The shared attributes. `withCaFile`: add `ca_file` (vendors whose block has its own, read
 * from the vendor's environment variable, pass false).
 */
export function connectionAttributes(withCaFile: boolean): Record<string, Attribute> {
  return {
    proxy_url: {
      type: STRING,
      optional: true,
      sensitive: true,
      description: 'HTTP(S) proxy for this vendor\'s requests, e.g. `http://user:password@proxy.corp:3128` (tunnelled with CONNECT). '
        + 'Default: `HTTPS_PROXY` / `HTTP_PROXY`. Hosts in `NO_PROXY` are reached directly either way.',
      validators: [validators.custom('an http:// or https:// URL', value => proxyUrlProblems(value as string)[0])],
    },
    ca_pem: { type: STRING, optional: true, description: 'PEM text of the CA certificates that signed the server certificate, trusted instead of the system roots (with `ca_file` if both are set).' },
    ...(withCaFile ? { ca_file: { type: STRING, optional: true, description: 'PEM file of the CA certificates that signed the server certificate.' } } : {}),
    cert_pem: { type: STRING, optional: true, description: 'PEM text of a client certificate for mutual TLS (with `key_pem`).' },
    key_pem: { type: STRING, optional: true, sensitive: true, description: 'PEM text of the client certificate\'s private key.' },
    request_timeout: {
      type: NUMBER,
      optional: true,
      description: `Seconds one attempt of a request may take, from sending to the last byte of the answer. Default: ${DEFAULT_TIMEOUT_SECONDS}.`,
      validators: [validators.custom('a number of seconds above 0', value => (value as number) > 0 ? undefined : `must be above 0 seconds, got ${String(value)}`)],
    },
    max_retries: {
      type: NUMBER,
      optional: true,
      description: `Retries of a failed request (server errors, lost connections; rate-limited answers are retried apart). Default: ${DEFAULT_MAX_RETRIES}.`,
      validators: [validators.custom('a whole number, 0 or more', value => {
        const n = value as number;
        return Number.isInteger(n) && n >= 0 ? undefined : `must be a whole number, 0 or more, got ${String(value)}`;
      })],
    },
  };
}

/** Checks across the shared attributes: a client certificate needs its key and the other way round. */
export function connectionProblems(vendor: string, settings: ObjectValue): Problem[] {
  const cert = typeof settings.cert_pem === 'string';
  const key = typeof settings.key_pem === 'string';
  if (cert === key) return [];
  const missing = cert ? 'key_pem' : 'cert_pem';
  return [{ path: [vendor, missing], summary: `Missing "${vendor}.${missing}"`, detail: 'cert_pem and key_pem are given together (a client certificate and its key)' }];
}

/** The shared attributes' values, for the vendor client's `connection` option. */
export function connectionOptions(settings: ObjectValue | null): ConnectionOptions {
  const text = (name: string): string | undefined => {
    const value = settings?.[name];
    return typeof value === 'string' && value.trim() !== '' ? value : undefined;
  };
  const number = (name: string): number | undefined => {
    const value = settings?.[name];
    return typeof value === 'number' ? value : undefined;
  };
  const timeout = number('request_timeout');
  return {
    proxyUrl: text('proxy_url'),
    tls: { caPem: text('ca_pem'), caFile: text('ca_file'), certPem: text('cert_pem'), keyPem: text('key_pem') },
    timeoutMs: timeout === undefined ? undefined : Math.round(timeout * 1000),
    maxRetries: number('max_retries'),
  };
}
