import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpClient, setTerraformVersion, userAgent } from '../../src/clients/core';
import { providerConfigBlock, providerConfigProblems } from '../../src/provider/provider-config';
import { vendors } from '../../src/registry';
import { connectionOptions } from '../../src/resources/connection-block';
import { configureNomad, nomadConfigureWarnings } from '../../src/resources/nomad/provider-block';
import { RecordingConnectProxy } from '../fixtures/connect-proxy';

describe('the connection attributes of every vendor block', () => {
  const block = providerConfigBlock(vendors);

  test.each(vendors.map(v => v.name))('%s has proxy_url, ca_pem, ca_file, cert_pem, key_pem, request_timeout, max_retries', (name) => {
    const attributes = block.blocks![name].block.attributes;
    for (const attribute of ['proxy_url', 'ca_pem', 'ca_file', 'cert_pem', 'key_pem', 'request_timeout', 'max_retries']) {
      expect(attributes[attribute]).toBeDefined();
    }
    expect(attributes.proxy_url.sensitive).toBe(true);
    expect(attributes.key_pem.sensitive).toBe(true);
  });

  test('bad values are diagnostics on their attribute', () => {
    const problems = providerConfigProblems(vendors, block, {
      illumio: null,
      anchore: null,
      chainguard: null,
      carbonblack: null,
      nomad: {
        ...Object.fromEntries(Object.keys(block.blocks!.nomad.block.attributes).map(k => [k, null])),
        proxy_url: 'socks://proxy:1',
        request_timeout: 0,
        max_retries: 1.5,
        cert_pem: 'PEM',
      },
    });
    expect(problems.map(p => p.path.join('.')).sort()).toEqual(['nomad.key_pem', 'nomad.max_retries', 'nomad.proxy_url', 'nomad.request_timeout']);
  });

  test('values become the client connection: seconds to ms, retries after the first attempt', () => {
    expect(connectionOptions({ proxy_url: 'http://p:1', request_timeout: 2.5, max_retries: 0, ca_pem: 'CA', cert_pem: null, key_pem: '' })).toEqual({
      proxyUrl: 'http://p:1',
      timeoutMs: 2500,
      maxRetries: 0,
      tls: { caPem: 'CA', caFile: undefined, certPem: undefined, keyPem: undefined },
    });
  });
});

describe('User-Agent', () => {
  afterEach(() => setTerraformVersion(undefined));
  test('names the provider, and Terraform once ConfigureProvider said its version', () => {
    expect(userAgent()).toMatch(/^terraform-provider-secops\/\d+\.\d+\.\d+$/);
    setTerraformVersion('1.11.4');
    expect(userAgent()).toMatch(/^terraform-provider-secops\/\d+\.\d+\.\d+ \(\+terraform\/1\.11\.4\)$/);
  });
});

describe('Nomad: skip-verify warning', () => {
  test('NOMAD_SKIP_VERIFY against an https address warns; skip_verify in the block points at it', () => {
    const env = { NOMAD_ADDR: 'https://nomad.corp:4646', NOMAD_SKIP_VERIFY: 'true' };
    expect(nomadConfigureWarnings(null, env)).toEqual([expect.objectContaining({ severity: 'warning', path: [], summary: 'Nomad server certificate not verified' })]);
    expect(nomadConfigureWarnings({ skip_verify: true }, env)[0].path).toEqual(['nomad', 'skip_verify']);
    expect(nomadConfigureWarnings({ skip_verify: false }, env)).toEqual([]);
    expect(nomadConfigureWarnings(null, { NOMAD_SKIP_VERIFY: '1' })).toEqual([]); // plain http: nothing to verify
  });
});

/** A CA, a server certificate for nomad.test and a client certificate, made with openssl. */
function makePki(dir: string): void {
  const run = (...args: string[]): void => { execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' }); };
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=secops test CA');
  for (const name of ['server', 'client']) {
    run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    writeFileSync(join(dir, `${name}.ext`), name === 'server' ? 'subjectAltName=DNS:nomad.test\n' : 'extendedKeyUsage=clientAuth\n');
    run('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`);
  }
}

describe('TLS material as PEM text and NOMAD_CAPATH, against a server requiring client certificates', () => {
  const dir = mkdtempSync(join(tmpdir(), 'secops-conn-'));
  const file = (name: string): string => join(dir, name);
  let server: Server;
  let url: string;
  const proxy = new RecordingConnectProxy();
  const closers: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    makePki(dir);
    server = createServer({ key: readFileSync(file('server.key')), cert: readFileSync(file('server.pem')), ca: readFileSync(file('ca.pem')), requestCert: true },
      (req, res) => {
        const cn = (req.socket as import('node:tls').TLSSocket).getPeerCertificate().subject.CN;
        res.setHeader('x-nomad-index', '1');
        res.end(req.url?.startsWith('/v1/') ? '[]' : JSON.stringify({ cn }));
      });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await proxy.start();
  });
  afterAll(async () => {
    await Promise.all(closers.map(close => close()));
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await proxy.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('ca_pem, cert_pem and key_pem', async () => {
    const api = new HttpClient({
      vendor: 'Nomad',
      baseUrl: url,
      retry: { maxAttempts: 1 },
      tls: { caPem: readFileSync(file('ca.pem'), 'utf8'), certPem: readFileSync(file('client.pem'), 'utf8'), keyPem: readFileSync(file('client.key'), 'utf8'), serverName: 'nomad.test' },
    });
    closers.push(() => api.close());
    expect(JSON.parse((await api.request({ method: 'GET', path: '/' })).text).cn).toBe('client');
  });

  test('the Nomad block: NOMAD_CAPATH, NOMAD_CLIENT_CERT/KEY, NOMAD_TLS_SERVER_NAME, through proxy_url', async () => {
    mkdirSync(file('cas'));
    writeFileSync(file('cas/README'), 'not a certificate');
    writeFileSync(file('cas/ca.pem'), readFileSync(file('ca.pem')));
    const saved = { ...process.env };
    Object.assign(process.env, {
      NOMAD_ADDR: url, NOMAD_CAPATH: file('cas'), NOMAD_CLIENT_CERT: file('client.pem'), NOMAD_CLIENT_KEY: file('client.key'), NOMAD_TLS_SERVER_NAME: 'nomad.test',
    });
    try {
      const nomad = configureNomad({ proxy_url: proxy.url, request_timeout: 5, max_retries: 0 });
      closers.push(() => nomad.close());
      expect(await nomad.listBindingRules()).toEqual([]);
    } finally {
      process.env = saved;
    }
    expect(proxy.targets()).toEqual([new URL(url).host]);
  });
});
