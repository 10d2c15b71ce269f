import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createSecureContext, rootCertificates, type ConnectionOptions } from 'node:tls';

/**
 * Where the provider's launcher moves NODE_EXTRA_CA_CERTS before starting Node. Node 20 parses its
 * whole root store and that file at start-up when the variable is set, in every process Terraform
 * starts, though most never call a vendor; so the launcher hides it and the core loads it on the
 * first HTTPS connection instead (withDeferredExtraCaCertificates).
 */
export const DEFERRED_EXTRA_CA_CERTS = 'SECOPS_DEFERRED_EXTRA_CA_CERTS';

/** TLS settings shared by every vendor client. Files are read once, when the client is built. */
export interface TlsOptions {
  /** PEM file with the CA bundle that signed the server certificate. */
  readonly caFile?: string;
  /** Directory of PEM CA files (Nomad's NOMAD_CAPATH); used when there is no `caFile`, as Nomad does. */
  readonly caPath?: string;
  /** PEM text of CA certificates, trusted besides `caFile`. */
  readonly caPem?: string;
  /** PEM file with the client certificate for mutual TLS. */
  readonly certFile?: string;
  /** PEM file with the client certificate's private key. */
  readonly keyFile?: string;
  /** PEM text of the client certificate; wins over `certFile`. */
  readonly certPem?: string;
  /** PEM text of the client certificate's key; wins over `keyFile`. */
  readonly keyPem?: string;
  /** Accept any server certificate. For lab setups only. */
  readonly insecureSkipVerify?: boolean;
  /** Name to send in SNI and to verify the server certificate against, when it differs from the URL host. */
  readonly serverName?: string;
}

/** Builds the socket options undici passes to `tls.connect`; files are read here, so a bad path fails early. */
export function tlsConnectOptions(tls: TlsOptions | undefined): ConnectionOptions {
  if (tls === undefined) {
    return {};
  }
  const cert = tls.certPem ?? (tls.certFile ? readPem(tls.certFile, 'client certificate') : undefined);
  const key = tls.keyPem ?? (tls.keyFile ? readPem(tls.keyFile, 'client key') : undefined);
  if ((cert === undefined) !== (key === undefined)) {
    throw new Error('TLS client certificate and key must be given together (certificate and key, as file or PEM)');
  }
  const options: ConnectionOptions = {};
  const ca = caCertificates(tls);
  if (ca.length > 0) {
    options.ca = ca;
  }
  if (cert !== undefined && key !== undefined) {
    options.cert = cert;
    options.key = key;
  }
  if (tls.insecureSkipVerify) {
    options.rejectUnauthorized = false;
  }
  if (tls.serverName) {
    options.servername = tls.serverName;
  }
  return options;
}

/** The CA certificates to trust instead of Node's roots: the PEM text, then the file (or else the directory's files). */
function caCertificates(tls: TlsOptions): string[] {
  const ca: string[] = [];
  if (tls.caPem) ca.push(tls.caPem);
  if (tls.caFile) {
    ca.push(readPem(tls.caFile, 'CA certificate'));
  } else if (tls.caPath) {
    ca.push(...readPemDirectory(tls.caPath));
  }
  return ca;
}

/** Every regular file of the directory that holds a PEM certificate, in name order. */
function readPemDirectory(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (error) {
    throw new Error(`cannot read CA directory ${dir}: ${(error as Error).message}`);
  }
  const pems = names
    .map(name => join(dir, name))
    .filter(path => statSync(path, { throwIfNoEntry: false })?.isFile() ?? false)
    .map(path => readPem(path, 'CA certificate'))
    .filter(text => text.includes('-----BEGIN CERTIFICATE-----'));
  if (pems.length === 0) {
    throw new Error(`CA directory ${dir} holds no PEM certificate`);
  }
  return pems;
}

/**
 * Trusts what NODE_EXTRA_CA_CERTS would have added, when the launcher deferred it: Node's bundled
 * roots plus that file, in one secure context for all the client's connections. A `ca_file` of the
 * vendor's replaces the root store, as it does without the launcher. An unreadable file is skipped
 * with a warning, as Node does with NODE_EXTRA_CA_CERTS.
 */
export function withDeferredExtraCaCertificates(
  options: ConnectionOptions, env: NodeJS.ProcessEnv = process.env, warn: (message: string) => void = () => undefined,
): ConnectionOptions {
  const file = env[DEFERRED_EXTRA_CA_CERTS];
  if (!file || options.ca !== undefined || options.secureContext !== undefined) {
    return options;
  }
  let extra: string;
  try {
    extra = readFileSync(file, 'utf8');
  } catch (error) {
    warn(`ignoring extra CA certificates from NODE_EXTRA_CA_CERTS=${file}: ${(error as Error).message}`);
    return options;
  }
  const { cert, key, ...rest } = options;
  return { ...rest, secureContext: createSecureContext({ ca: [...rootCertificates, extra], cert, key }) };
}

function readPem(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as { message?: string }).message ?? String(error);
    throw new Error(`cannot read ${what} file ${path}: ${reason}`);
  }
}
