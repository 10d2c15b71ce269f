import { ScriptedServer } from './scripted-server';
import { HttpClient, HttpClientOptions, proxySettings, maskProxyUrl, TransportError } from '../../../src/clients/core';
import { setLogLevel, setLogSink } from '../../../src/util/log';
import { RecordingConnectProxy } from '../../fixtures/connect-proxy';

describe('proxy settings', () => {
  test('proxy_url wins for both schemes; NO_PROXY still applies', () => {
    const env = { HTTPS_PROXY: 'http://env:1', NO_PROXY: 'localhost' };
    expect(proxySettings('http://given:3128', env)).toEqual({ httpProxy: 'http://given:3128', httpsProxy: 'http://given:3128', noProxy: 'localhost' });
  });

  test('lower-case variables win over upper-case ones; HTTPS falls back to HTTP_PROXY', () => {
    expect(proxySettings(undefined, { http_proxy: 'http://lower:1', HTTP_PROXY: 'http://upper:1' }))
      .toEqual({ httpProxy: 'http://lower:1', httpsProxy: 'http://lower:1', noProxy: '' });
    expect(proxySettings('  ', {})).toEqual({ httpProxy: '', httpsProxy: '', noProxy: '' });
  });

  test('a proxy URL in logs keeps its user and loses its password', () => {
    expect(maskProxyUrl('http://alice:s3cr%40t@proxy.corp:3128')).toBe('http://alice:***@proxy.corp:3128/');
  });
});

describe('HttpClient through a CONNECT proxy', () => {
  const server = new ScriptedServer();
  const proxy = new RecordingConnectProxy();
  const guarded = new RecordingConnectProxy({ user: 'alice', password: 'pr0xy-s3cret' });
  const clients: HttpClient[] = [];
  const client = (options: Partial<HttpClientOptions>): HttpClient => {
    const created = new HttpClient({ vendor: 'Nomad', baseUrl: server.url, retry: { maxAttempts: 1 }, env: {}, ...options });
    clients.push(created);
    return created;
  };
  const origin = (): string => new URL(server.url).host;

  beforeAll(async () => {
    await Promise.all([server.start(), proxy.start(), guarded.start()]);
  });
  afterAll(async () => {
    await Promise.all(clients.map(c => c.close()));
    await Promise.all([server.stop(), proxy.stop(), guarded.stop()]);
  });
  beforeEach(() => {
    server.script({ status: 200, body: '{}' });
    for (const p of [proxy, guarded]) p.tunnels.length = 0;
  });

  test('proxy_url: the request is tunnelled, with the User-Agent', async () => {
    await client({ proxyUrl: proxy.url }).request({ method: 'GET', path: '/v1/acl/binding-rules' });
    expect(proxy.targets()).toEqual([origin()]);
    expect(server.seen.map(s => s.headers['user-agent'])).toEqual([expect.stringMatching(/^terraform-provider-secops\/\d+\.\d+\.\d+/)]);
  });

  test('HTTP_PROXY from the environment', async () => {
    await client({ env: { HTTP_PROXY: proxy.url } }).request({ method: 'GET', path: '/' });
    expect(proxy.targets()).toEqual([origin()]);
  });

  test('NO_PROXY sends matching hosts direct, also with proxy_url', async () => {
    await client({ env: { HTTP_PROXY: proxy.url, NO_PROXY: 'example.com, 127.0.0.1' } }).request({ method: 'GET', path: '/' });
    await client({ proxyUrl: proxy.url, env: { no_proxy: '127.0.0.1' } }).request({ method: 'GET', path: '/' });
    expect(proxy.tunnels).toEqual([]);
    expect(server.seen).toHaveLength(2);
  });

  test('credentials in the proxy URL authenticate, and no log line shows the password', async () => {
    const lines: string[] = [];
    setLogSink(line => lines.push(line));
    setLogLevel('trace');
    try {
      await client({ proxyUrl: guarded.url }).request({ method: 'GET', path: '/' });
      await client({ proxyUrl: guarded.url.replace('pr0xy-s3cret', 'wr0ng-s3cret') }).request({ method: 'GET', path: '/' }).catch(() => undefined);
    } finally {
      setLogSink(undefined);
      setLogLevel(undefined);
    }
    expect(guarded.tunnels.map(t => t.status)).toEqual([200, 407]);
    expect(lines.some(line => line.includes('proxy settings') && line.includes('alice:***@127.0.0.1'))).toBe(true);
    expect(lines.join('\n')).not.toMatch(/pr0xy-s3cret|wr0ng-s3cret/);
  });

  test('a refused tunnel is a transport error naming the proxy status', async () => {
    const error = await client({ proxyUrl: guarded.url.replace('alice:pr0xy-s3cret@', '') })
      .request({ method: 'GET', path: '/' }).catch((e: unknown) => e) as TransportError;
    expect(error).toBeInstanceOf(TransportError);
    expect(error.message).toContain('Proxy response (407)');
    expect(server.seen).toEqual([]);
  });
});
