import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';

/** TLS settings shared by every vendor client. Files are read once, when the client is built. */
export interface TlsOptions {
  /** PEM file with the CA bundle that signed the server certificate. */
  readonly caFile?: string;
  /** PEM file with the client certificate for mutual TLS. */
  readonly certFile?: string;
  /** PEM file with the client certificate's private key. */
  readonly keyFile?: string;
  /** Accept any server certificate. For lab setups only. */
  readonly insecureSkipVerify?: boolean;
  /** Name to send in SNI and to verify the server certificate against, when it differs from the URL host. */
  readonly serverName?: string;
}

/** Builds the socket options undici passes to `tls.connect`. */
export function tlsConnectOptions(tls: TlsOptions | undefined): ConnectionOptions {
  if (tls === undefined) {
    return {};
  }
  if ((tls.certFile === undefined) !== (tls.keyFile === undefined)) {
    throw new Error('TLS client certificate and key must be given together (certificate and key file)');
  }
  const options: ConnectionOptions = {};
  if (tls.caFile) {
    options.ca = readPem(tls.caFile, 'CA certificate');
  }
  if (tls.certFile && tls.keyFile) {
    options.cert = readPem(tls.certFile, 'client certificate');
    options.key = readPem(tls.keyFile, 'client key');
  }
  if (tls.insecureSkipVerify) {
    options.rejectUnauthorized = false;
  }
  if (tls.serverName) {
    options.servername = tls.serverName;
  }
  return options;
}

function readPem(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as { message?: string }).message ?? String(error);
    throw new Error(`cannot read ${what} file ${path}: ${reason}`);
  }
}
