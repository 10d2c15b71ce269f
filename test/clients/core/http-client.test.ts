import { createServer } from 'node:net';
import { ScriptedServer } from './scripted-server';
import {
  ApiError, HttpClient, HttpClientOptions, InvalidResponseError, RequestCancelledError, RetryOptions, TransportError,
} from '../../../src/clients/core';
import { registerSecret, setLogLevel, setLogSink } from '../../../src/util/log';

describe('HttpClient against a real local server', () => {
  const server = new ScriptedServer();
  let delays: number[];
  const clients: HttpClient[] = [];

  const instantRetry = (overrides: RetryOptions = {}): RetryOptions => ({
    random: () => 0.5,
    sleep: async (ms) => {
      delays.push(ms);
    },
    ...overrides,
  });

  const client = (options: Partial<HttpClientOptions> = {}): HttpClient => {
    const created = new HttpClient({ vendor: 'Acme', baseUrl: server.url, retry: instantRetry(), ...options });
    clients.push(created);
    return created;
  };

  beforeAll(() => server.start());
  afterAll(() => server.stop());
  beforeEach(() => {
    delays = [];
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });

  describe('requests', () => {
    test('sends method, joined path, query, default and request headers, JSON body', async () => {
      server.script({ status: 200, body: '{"ok":true}', headers: { 'Content-Type': 'application/json' } });
      const api = client({ baseUrl: `${server.url}/api/v2/`, defaultHeaders: { 'X-Acme-Key': 'k1' } });
      const { value, response } = await api.requestJson<{ ok: boolean }>({
        method: 'POST',
        path: '/orgs/1/labels',
        query: { region: 'eu', page: 2, all: true, skip: undefined, tag: ['a', 'b c'] },
        headers: { 'X-Request': 'r1' },
        json: { key: 'role', value: 'web' },
      });
      expect(value).toEqual({ ok: true });
      expect(response.status).toBe(200);
      expect(response.attempts).toBe(1);
      expect(response.headers['content-type']).toBe('application/json');
      const [seen] = server.seen;
      expect(seen!.method).toBe('POST');
      expect(seen!.url).toBe('/api/v2/orgs/1/labels?region=eu&page=2&all=true&tag=a&tag=b+c');
      expect(seen!.headers['x-acme-key']).toBe('k1');
      expect(seen!.headers['x-request']).toBe('r1');
      expect(seen!.headers['content-type']).toBe('application/json');
      expect(seen!.headers.accept).toBe('application/json');
      expect(seen!.body).toBe('{"key":"role","value":"web"}');
    });

    test('text bodies go as text/plain; empty 2xx bodies give undefined', async () => {
      server.script({ status: 204 });
      const { value } = await client().requestJson({ method: 'PUT', path: '/t', text: 'hello' });
      expect(value).toBeUndefined();
      expect(server.seen[0]!.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(server.seen[0]!.body).toBe('hello');
    });

    test('accepted non-2xx statuses are returned, not thrown', async () => {
      server.script({ status: 404, body: 'not here' });
      const response = await client().request({ method: 'GET', path: '/missing', acceptStatus: [404] });
      expect([response.status, response.text]).toEqual([404, 'not here']);
    });

    test('a 2xx that is not JSON is an InvalidResponseError', async () => {
      server.script({ status: 200, body: '<html>' });
      const error = await client().requestJson({ method: 'GET', path: '/x' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidResponseError);
      expect((error as Error).message).toMatch(/^Acme API returned an unreadable response \(200\) on GET \/x: /);
    });

    test('a body that cannot be serialized fails at once and sends nothing', async () => {
      server.script({ status: 200 });
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      await expect(client().request({ method: 'PUT', path: '/x', json: cyclic })).rejects.toThrow(TypeError);
      expect(server.seen).toHaveLength(0);
    });

    test('rejects a base URL that is not http(s)', () => {
      expect(() => new HttpClient({ vendor: 'Acme', baseUrl: 'ftp://x' })).toThrow('Acme address "ftp://x" must use http or https');
      expect(() => new HttpClient({ vendor: 'Acme', baseUrl: 'nope' })).toThrow('Acme address "nope" is not a valid URL');
    });
  });

  describe('retries', () => {
    test('429 with Retry-After seconds, then 200', async () => {
      server.script({ status: 429, headers: { 'Retry-After': '2' }, body: 'slow down' }, { status: 200, body: '{}' });
      const response = await client().request({ method: 'POST', path: '/things', json: {} });
      expect(response.status).toBe(200);
      expect(response.attempts).toBe(2);
      expect(delays).toEqual([2000]);
      expect(server.seen).toHaveLength(2);
    });

    test('429 with an HTTP-date Retry-After waits until then', async () => {
      const inThreeSeconds = new Date(Date.now() + 3000).toUTCString();
      server.script({ status: 429, headers: { 'Retry-After': inThreeSeconds } }, { status: 200 });
      await client().request({ method: 'GET', path: '/x' });
      expect(delays).toHaveLength(1);
      expect(delays[0]).toBeGreaterThan(1000);
      expect(delays[0]).toBeLessThanOrEqual(3000);
    });

    test('a Retry-After longer than the client waits fails at once with the vendor\'s answer', async () => {
      server.script({ status: 429, body: 'quota exhausted for today', headers: { 'Retry-After': '86400' } }, { status: 200 });
      const error = await client({ retry: instantRetry({ maxRetryAfterMs: 5000 }) }).request({ method: 'GET', path: '/x' }).catch((e: unknown) => e);
      expect((error as ApiError).status).toBe(429);
      expect((error as ApiError).message).toBe(
        'Acme API error (429 Too Many Requests) on GET /x: quota exhausted for today (the server asks to wait 86400 (Retry-After), longer than the 5 s this provider waits)');
      expect(delays).toEqual([]);
      expect(server.seen).toHaveLength(1);
    });

    test('429 without Retry-After backs off long enough for a per-minute limit', async () => {
      server.script({ status: 429 }, { status: 429 }, { status: 200 });
      await client().request({ method: 'GET', path: '/x' });
      expect(delays).toEqual([1500, 3000]);
      // The waits of the 7 retries a 429 gets by default add up to more than a minute.
      server.script(...Array.from({ length: 8 }, () => ({ status: 429 })));
      delays = [];
      const error = await client().request({ method: 'GET', path: '/x' }).catch((e: unknown) => e);
      expect((error as ApiError).attempts).toBe(8);
      expect(delays.reduce((sum, ms) => sum + ms, 0)).toBeGreaterThan(60_000);
    });

    test('429 is retried for every method, a DELETE and a plain POST too, apart from the count of other failures', async () => {
      server.script({ status: 429 }, { status: 503 }, { status: 429 }, { status: 204 });
      const deleted = await client({ retry: instantRetry({ maxAttempts: 2 }) }).request({ method: 'DELETE', path: '/x' });
      expect([deleted.status, deleted.attempts]).toEqual([204, 4]);
      server.script({ status: 429, headers: { 'Retry-After': '1' } }, { status: 201 });
      expect((await client().request({ method: 'POST', path: '/create', json: {} })).status).toBe(201);
    });

    test('503 is retried for GET until it succeeds', async () => {
      server.script({ status: 503 }, { status: 503 }, { status: 200, body: 'fine' });
      const response = await client().request({ method: 'GET', path: '/x' });
      expect([response.status, response.text, response.attempts]).toEqual([200, 'fine', 3]);
      expect(delays).toEqual([188, 375]);
    });

    test('503 is not retried for a plain POST', async () => {
      server.script({ status: 503, body: 'unavailable' }, { status: 200 });
      const error = await client().request({ method: 'POST', path: '/create', json: {} }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).message).toBe('Acme API error (503 Service Unavailable) on POST /create: unavailable');
      expect((error as ApiError).attempts).toBe(1);
      expect(server.seen).toHaveLength(1);
      expect(delays).toEqual([]);
    });

    test('a POST marked idempotent is retried on 5xx', async () => {
      server.script({ status: 502 }, { status: 200 });
      const response = await client().request({ method: 'POST', path: '/lookup', json: {}, idempotent: true });
      expect(response.attempts).toBe(2);
    });

    test('a vendor predicate can retry a vendor-specific error, and fall back to the defaults otherwise', async () => {
      const api = client({ retryPredicate: (ctx) => (ctx.status === 500 && ctx.body === 'No cluster leader' ? true : undefined) });
      server.script({ status: 500, body: 'No cluster leader' }, { status: 200 });
      expect((await api.request({ method: 'POST', path: '/x', json: {} })).attempts).toBe(2);
      server.script({ status: 500, body: 'other' }, { status: 200 });
      await expect(api.request({ method: 'POST', path: '/x', json: {} })).rejects.toThrow('Acme API error (500 Internal Server Error) on POST /x: other');
    });

    test('a request predicate can refuse a retry the defaults would make', async () => {
      server.script({ status: 500, body: 'thing not found' }, { status: 200 });
      const error = await client().request({ method: 'DELETE', path: '/x', retryPredicate: () => false }).catch((e: unknown) => e);
      expect((error as ApiError).status).toBe(500);
      expect(server.seen).toHaveLength(1);
    });

    test('gives up after maxAttempts with the last answer', async () => {
      server.script({ status: 503, body: 'still down' });
      const error = await client({ retry: instantRetry({ maxAttempts: 3 }) }).request({ method: 'GET', path: '/x' }).catch((e: unknown) => e);
      expect((error as ApiError).attempts).toBe(3);
      expect((error as ApiError).message).toBe('Acme API error (503 Service Unavailable) on GET /x: still down');
      expect(server.seen).toHaveLength(3);
      expect(delays).toEqual([188, 375]);
    });

    test('4xx other than 429 are never retried', async () => {
      server.script({ status: 400, body: 'bad' }, { status: 200 });
      await expect(client().request({ method: 'GET', path: '/x' })).rejects.toThrow(ApiError);
      expect(server.seen).toHaveLength(1);
    });

    test('the body is rebuilt for every attempt', async () => {
      server.script({ status: 503 }, { status: 503 }, { status: 200 });
      let serialized = 0;
      await client().request({ method: 'PUT', path: '/x', json: { get attempt() { return ++serialized; } } });
      expect(server.seen.map((r) => r.body)).toEqual(['{"attempt":1}', '{"attempt":2}', '{"attempt":3}']);
      server.script({ status: 429 }, { status: 200 });
      let built = 0;
      await client().request({ method: 'POST', path: '/y', body: () => `body-${++built}`, contentType: 'application/x-custom' });
      expect(server.seen.map((r) => [r.body, r.headers['content-type']])).toEqual([
        ['body-1', 'application/x-custom'], ['body-2', 'application/x-custom'],
      ]);
    });
  });

  describe('transport failures', () => {
    test('a connection reset is retried for GET', async () => {
      server.script({ drop: true }, { status: 200, body: 'ok' });
      const response = await client().request({ method: 'GET', path: '/x' });
      expect([response.text, response.attempts]).toEqual(['ok', 2]);
    });

    test('a connection reset is not retried for POST and names vendor, method, host and cause', async () => {
      server.script({ drop: true }, { status: 200 });
      const error = await client().request({ method: 'POST', path: '/x', json: {} }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TransportError);
      expect((error as TransportError).code).toBe('UND_ERR_SOCKET');
      expect((error as TransportError).message).toBe(
        `Acme API request POST ${server.url}/x failed: connection closed by the server (UND_ERR_SOCKET: other side closed)`);
      expect(server.seen).toHaveLength(1);
    });

    test('connection refused is retried even for POST (nothing was sent), then reported', async () => {
      const port = await freePort();
      const api = client({ baseUrl: `http://127.0.0.1:${port}`, retry: instantRetry({ maxAttempts: 3 }) });
      const error = await api.request({ method: 'POST', path: '/x', json: {} }).catch((e: unknown) => e);
      expect((error as TransportError).code).toBe('ECONNREFUSED');
      expect((error as TransportError).attempts).toBe(3);
      expect((error as TransportError).message).toMatch(
        new RegExp(`^Acme API request POST http://127\\.0\\.0\\.1:${port}/x failed after 3 attempts: connection refused \\(ECONNREFUSED`));
      expect(delays).toEqual([188, 375]);
    });

    test('a timeout is retried for GET and reported with the limit', async () => {
      server.script({ hang: true });
      const error = await client({ timeoutMs: 100, retry: instantRetry({ maxAttempts: 2 }) })
        .request({ method: 'GET', path: '/slow' }).catch((e: unknown) => e);
      expect((error as TransportError).code).toBe('TIMEOUT');
      expect((error as TransportError).message).toBe(`Acme API request GET ${server.url}/slow failed after 2 attempts: timed out after 100 ms`);
      expect(server.seen).toHaveLength(2);
    });

    test('a timeout is not retried for POST; a per-request timeout overrides the client one', async () => {
      server.script({ hang: true });
      const error = await client({ timeoutMs: 60_000 }).request({ method: 'POST', path: '/slow', json: {}, timeoutMs: 80 }).catch((e: unknown) => e);
      expect((error as TransportError).message).toBe(`Acme API request POST ${server.url}/slow failed: timed out after 80 ms`);
      expect(server.seen).toHaveLength(1);
    });
  });

  describe('cancellation', () => {
    test('aborting the request signal cancels an in-flight request', async () => {
      server.script({ hang: true });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const error = await client().request({ method: 'GET', path: '/slow', signal: controller.signal }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RequestCancelledError);
      expect((error as Error).message).toBe('Acme API request GET /slow was cancelled');
      expect(server.seen).toHaveLength(1);
    });

    test('aborting the client signal (StopProvider) cancels a backoff wait', async () => {
      server.script({ status: 503 });
      const controller = new AbortController();
      // A real 10-minute backoff: only the abort can end it within jest's timeout.
      const api = new HttpClient({ vendor: 'Acme', baseUrl: server.url, signal: controller.signal, retry: { baseDelayMs: 600_000, maxDelayMs: 600_000 } });
      clients.push(api);
      setTimeout(() => controller.abort(), 50);
      await expect(api.request({ method: 'GET', path: '/x' })).rejects.toBeInstanceOf(RequestCancelledError);
      expect(server.seen).toHaveLength(1);
    });

    test('an already aborted signal sends nothing', async () => {
      server.script({ status: 200 });
      await expect(client().request({ method: 'GET', path: '/x', signal: AbortSignal.abort() })).rejects.toBeInstanceOf(RequestCancelledError);
      expect(server.seen).toHaveLength(0);
    });
  });

  describe('errors', () => {
    test.each([
      [{ status: 403, body: 'Permission denied' }, 'Acme API error (403 Forbidden) on GET /v1/things: Permission denied', 'Permission denied'],
      [{ status: 404, body: '' }, 'Acme API error (404 Not Found) on GET /v1/things', undefined],
      [{ status: 400, body: '{"message":"name is required"}', headers: { 'Content-Type': 'application/json' } },
        'Acme API error (400 Bad Request) on GET /v1/things: name is required', 'name is required'],
      [{ status: 409, body: '[{"token":"duplicate","message":"already exists"}]' },
        'Acme API error (409 Conflict) on GET /v1/things: already exists', 'already exists'],
      [{ status: 422, body: '{"errors":[{"detail":"a"},{"detail":"b"}]}' }, 'Acme API error (422 Unprocessable Entity) on GET /v1/things: a; b', 'a; b'],
    ])('%j reads "%s"', async (step, message, vendorMessage) => {
      server.script(step);
      const error = await client().request({ method: 'GET', path: '/v1/things', query: { region: 'x' } }).catch((e: unknown) => e) as ApiError;
      expect(error).toBeInstanceOf(ApiError);
      expect(error.message).toBe(message);
      expect(error.vendorMessage).toBe(vendorMessage);
      expect([error.vendor, error.method, error.path, error.status, error.body]).toEqual(['Acme', 'GET', '/v1/things', step.status, step.body]);
    });

    test('a vendor message extractor replaces the default one', async () => {
      server.script({ status: 400, body: 'line one\n\tline two\n\n' });
      const api = client({ errorMessage: (body) => body.trim() });
      await expect(api.request({ method: 'GET', path: '/x' })).rejects.toThrow('Acme API error (400 Bad Request) on GET /x: line one\n\tline two');
    });
  });

  describe('logging', () => {
    let lines: string[];
    beforeEach(() => {
      lines = [];
      setLogSink((line) => lines.push(line));
      setLogLevel('trace');
    });
    afterEach(() => {
      setLogSink(undefined);
      setLogLevel(undefined);
    });

    test('each attempt is logged at debug with method, path, status, attempt and duration; credentials never', async () => {
      const secret = 'acme-secret-value-123';
      registerSecret(secret);
      server.script({ status: 503 }, { status: 200, body: `{"echo":"${secret}"}` });
      await client({ defaultHeaders: { 'X-Auth-Token': secret, 'Authorization': `Bearer ${secret}` } })
        .requestJson({ method: 'GET', path: '/x', query: { key: secret } });
      const attempts = lines.map((l) => JSON.parse(l)).filter((l) => l['@message'] === 'HTTP request');
      expect(attempts.map((l) => [l['@level'], l.method, l.path, l.status, l.attempt])).toEqual([
        ['debug', 'GET', '/x', 503, 1],
        ['debug', 'GET', '/x', 200, 2],
      ]);
      expect(typeof attempts[0].duration_ms).toBe('number');
      expect(attempts[0].headers).toEqual({ 'X-Auth-Token': '[REDACTED]', 'Authorization': '[REDACTED]' });
      expect(lines.join('\n')).not.toContain(secret);
      expect(server.seen[1]!.headers['x-auth-token']).toBe(secret);
    });
  });
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
