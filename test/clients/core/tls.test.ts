import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpClient, TransportError } from '../../../src/clients/core';
import { DEFERRED_EXTRA_CA_CERTS } from '../../../src/clients/core/tls';
import type { Logger } from '../../../src/util/log';
import { RecordingConnectProxy } from '../../fixtures/connect-proxy';

/** A private CA, a server certificate for nomad.test and a client certificate, made with openssl. */
function makePki(dir: string): void {
  const run = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  };
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=secops test CA');
  for (const name of ['server', 'client']) {
    run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    writeFileSync(join(dir, `${name}.ext`), name === 'server' ? 'subjectAltName=DNS:nomad.test\n' : 'extendedKeyUsage=clientAuth\n');
    run('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '2',
      '-extfile', `${name}.ext`);
  }
}

describe('HttpClient TLS options against a local HTTPS server requiring client certificates', () => {
  const dir = mkdtempSync(join(tmpdir(), 'secops-tls-'));
  const file = (name: string): string => join(dir, name);
  let server: Server;
  let url: string;
  const clients: HttpClient[] = [];
  const client = (tls: ConstructorParameters<typeof HttpClient>[0]['tls']): HttpClient => {
    const created = new HttpClient({ vendor: 'Nomad', baseUrl: url, tls, retry: { maxAttempts: 1 } });
    clients.push(created);
    return created;
  };

  beforeAll(async () => {
    makePki(dir);
    server = createServer({
      key: readFileSync(file('server.key')),
      cert: readFileSync(file('server.pem')),
      ca: readFileSync(file('ca.pem')),
      requestCert: true,
      rejectUnauthorized: true,
    }, (req, res) => res.end(`hello ${(req.socket as import('node:tls').TLSSocket).getPeerCertificate().subject.CN}`));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  test('CA file, client certificate and TLS server name', async () => {
    const api = client({ caFile: file('ca.pem'), certFile: file('client.pem'), keyFile: file('client.key'), serverName: 'nomad.test' });
    expect((await api.request({ method: 'GET', path: '/' })).text).toBe('hello client');
  });

  test('insecure skip verify accepts the unknown CA', async () => {
    const api = client({ insecureSkipVerify: true, certFile: file('client.pem'), keyFile: file('client.key') });
    expect((await api.request({ method: 'GET', path: '/' })).text).toBe('hello client');
  });

  test('without the CA the server certificate is refused', async () => {
    const api = client({ certFile: file('client.pem'), keyFile: file('client.key'), serverName: 'nomad.test' });
    const error = await api.request({ method: 'GET', path: '/' }).catch((e: unknown) => e) as TransportError;
    expect(error).toBeInstanceOf(TransportError);
    expect(error.code).toBe('SELF_SIGNED_CERT_IN_CHAIN');
    expect(error.message).toMatch(
      /^Nomad API request GET https:\/\/127\.0\.0\.1:\d+\/ failed: self-signed certificate in certificate chain \(SELF_SIGNED_CERT_IN_CHAIN\)$/);
  });

  describe('NODE_EXTRA_CA_CERTS deferred by the launcher to the first HTTPS connection', () => {
    afterEach(() => { delete process.env[DEFERRED_EXTRA_CA_CERTS]; });

    test('its CA is trusted beside the bundled roots, with the client certificate', async () => {
      process.env[DEFERRED_EXTRA_CA_CERTS] = file('ca.pem');
      const api = client({ certFile: file('client.pem'), keyFile: file('client.key'), serverName: 'nomad.test' });
      expect((await api.request({ method: 'GET', path: '/' })).text).toBe('hello client');
    });

    test('through a CONNECT proxy too: TLS runs inside the tunnel with the deferred CA and the client certificate', async () => {
      const proxy = new RecordingConnectProxy();
      await proxy.start();
      try {
        process.env[DEFERRED_EXTRA_CA_CERTS] = file('ca.pem');
        const api = new HttpClient({
          vendor: 'Nomad',
          baseUrl: url,
          retry: { maxAttempts: 1 },
          proxyUrl: proxy.url,
          env: process.env,
          tls: { certFile: file('client.pem'), keyFile: file('client.key'), serverName: 'nomad.test' },
        });
        clients.push(api);
        expect((await api.request({ method: 'GET', path: '/' })).text).toBe('hello client');
        expect(proxy.targets()).toEqual([new URL(url).host]);
        await api.close();
      } finally {
        await proxy.stop();
      }
    });

    test('an unreadable file is skipped with a warning, as Node skips it', async () => {
      process.env[DEFERRED_EXTRA_CA_CERTS] = file('missing.pem');
      const warnings: string[] = [];
      const ignore = (): void => undefined;
      const logger: Logger = {
        module: 'http',
        enabled: () => true,
        child: () => logger,
        trace: ignore,
        debug: ignore,
        info: ignore,
        error: ignore,
        warn: (message: string) => { warnings.push(message); },
      };
      const api = new HttpClient({
        vendor: 'Nomad',
        baseUrl: url,
        retry: { maxAttempts: 1 },
        logger,
        tls: { certFile: file('client.pem'), keyFile: file('client.key'), serverName: 'nomad.test' },
      });
      clients.push(api);
      const error = await api.request({ method: 'GET', path: '/' }).catch((e: unknown) => e) as TransportError;
      expect(error.code).toBe('SELF_SIGNED_CERT_IN_CHAIN');
      expect(warnings).toEqual([expect.stringContaining(`ignoring extra CA certificates from NODE_EXTRA_CA_CERTS=${file('missing.pem')}: ENOENT`)]);
    });

    test('a ca_file of the vendor\'s replaces the roots, the deferred file is not added', async () => {
      process.env[DEFERRED_EXTRA_CA_CERTS] = file('ca.pem');
      const api = client({ caFile: file('client.pem'), certFile: file('client.pem'), keyFile: file('client.key'), serverName: 'nomad.test' });
      const error = await api.request({ method: 'GET', path: '/' }).catch((e: unknown) => e) as TransportError;
      expect(error).toBeInstanceOf(TransportError);
    });
  });

  test('a server name the certificate does not carry is refused', async () => {
    const api = client({ caFile: file('ca.pem'), certFile: file('client.pem'), keyFile: file('client.key'), serverName: 'other.test' });
    const error = await api.request({ method: 'GET', path: '/' }).catch((e: unknown) => e) as TransportError;
    expect(error.code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  test('unreadable files and a certificate without key fail at construction', () => {
    expect(() => new HttpClient({ vendor: 'Nomad', baseUrl: url, tls: { caFile: file('missing.pem') } }))
      .toThrow(`cannot read CA certificate file ${file('missing.pem')}: ENOENT: no such file or directory`);
    expect(() => new HttpClient({ vendor: 'Nomad', baseUrl: url, tls: { certFile: file('client.pem') } }))
      .toThrow('TLS client certificate and key must be given together');
  });
});
