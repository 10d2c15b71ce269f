import { json, SimulatorServer, text } from '../../../src/simulators/core';
import { closeRawAgent, raw } from '../raw-http';

describe('SimulatorServer', () => {
  let state: { items: string[] };
  let server: SimulatorServer;

  const build = (env: NodeJS.ProcessEnv = {}): SimulatorServer => {
    const built = new SimulatorServer({
      name: 'demo',
      env,
      state: () => state,
      reset: () => {
        state = { items: [] };
      },
    });
    built
      .route('GET', '/items', () => json(200, state.items))
      .route(['POST', 'PUT'], '/items/:name', (req) => {
        state.items.push(`${req.params.name}:${req.body}`);
        return json(201, { name: req.params.name, query: req.query.get('q') }, { 'X-Index': String(state.items.length) });
      })
      .route('GET', '/files/*rest', (req) => text(200, `rest=${req.params.rest}`))
      .route('GET', '/wait', async (req) => {
        await new Promise<void>((resolve) => req.signal.addEventListener('abort', () => resolve()));
        return text(200, 'never');
      });
    return built;
  };

  beforeEach(async () => {
    state = { items: [] };
    server = build();
    await server.start();
  });
  afterEach(() => server.stop());
  afterAll(() => closeRawAgent());

  test('start on port 0 gives an ephemeral loopback URL; stop is idempotent', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.port).toBeGreaterThan(0);
    await expect(server.start()).rejects.toThrow(`demo simulator is already running at ${server.url}`);
    const other = build();
    expect(() => other.url).toThrow('demo simulator is not running: call start() first');
    const running = await other.start({ port: 0 });
    expect(running.url).toBe(other.url);
    await running.stop();
    await running.stop();
  });

  test('routes with params, JSON and text answers, default 404 and 405', async () => {
    const created = await raw(server.url, 'PUT', '/items/a%20b?q=1', { body: 'payload' });
    expect([created.status, created.headers['content-type'], created.headers['x-index'], created.body])
      .toEqual([201, 'application/json', '1', '{"name":"a b","query":"1"}']);
    expect(await raw(server.url, 'GET', '/items')).toMatchObject({ status: 200, body: '["a b:payload"]' });
    expect(await raw(server.url, 'GET', '/files/x/y.txt')).toMatchObject({ status: 200, body: 'rest=x/y.txt' });
    expect(await raw(server.url, 'GET', '/files/')).toMatchObject({ status: 200, body: 'rest=' });
    expect(await raw(server.url, 'GET', '/files')).toMatchObject({ status: 404, body: '' });
    expect(await raw(server.url, 'GET', '/nothing')).toMatchObject({ status: 404, body: '' });
    const wrongMethod = await raw(server.url, 'DELETE', '/items');
    expect([wrongMethod.status, wrongMethod.headers.allow]).toEqual([405, 'GET']);
  });

  test('the request log records method, path, query, status and redacted headers', async () => {
    await raw(server.url, 'POST', '/items/x?q=2', { headers: { 'X-Nomad-Token': 'secret-token-1', 'X-Other': 'o' }, body: 'b' });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      path: '/items/x',
      query: 'q=2',
      body: 'b',
      status: 201,
      fault: undefined,
      delayMs: 0,
      headers: expect.objectContaining({ 'x-nomad-token': '[REDACTED]', 'x-other': 'o' }),
    });
  });

  describe('faults', () => {
    test('429 with Retry-After for the next N matching requests', async () => {
      server.faults.inject('429,times=2,retry-after=7,method=GET');
      const first = await raw(server.url, 'GET', '/items');
      expect([first.status, first.headers['retry-after'], first.body]).toEqual([429, '7', 'injected fault: 429']);
      expect((await raw(server.url, 'PUT', '/items/a')).status).toBe(201);
      expect((await raw(server.url, 'GET', '/items')).status).toBe(429);
      expect((await raw(server.url, 'GET', '/items')).status).toBe(200);
      expect(server.requests.map((r) => [r.method, r.status, r.fault])).toEqual([
        ['GET', 429, 'status'], ['PUT', 201, undefined], ['GET', 429, 'status'], ['GET', 200, undefined],
      ]);
      expect(state.items).toEqual(['a:']);
    });

    test('a 5xx fault does not reach the handler', async () => {
      server.faults.inject({ kind: 'status', status: 503, body: 'maintenance' });
      expect(await raw(server.url, 'PUT', '/items/a')).toMatchObject({ status: 503, body: 'maintenance' });
      expect(state.items).toEqual([]);
    });

    test('a dropped connection destroys the socket without an answer', async () => {
      server.faults.inject('drop,path=/items*');
      await expect(raw(server.url, 'PUT', '/items/a')).rejects.toMatchObject({ code: 'UND_ERR_SOCKET' });
      expect(server.requests.map((r) => r.status)).toEqual(['dropped']);
      expect(state.items).toEqual([]);
    });

    test('a lost answer applies the write, then closes the connection; the counts say so', async () => {
      server.faults.inject('lost,method=PUT');
      await expect(raw(server.url, 'PUT', '/items/a')).rejects.toMatchObject({ code: 'UND_ERR_SOCKET' });
      expect(state.items).toEqual(['a:']);
      expect(server.requests.map((r) => [r.status, r.fault])).toEqual([[201, 'lost']]);
      expect((await raw(server.url, 'GET', '/items')).status).toBe(200);
      expect(server.requestCounts).toEqual({ requests: 2, byMethod: { PUT: 1, GET: 1 }, faults: { lost: 1 } });
      expect(JSON.parse((await raw(server.url, 'GET', '/__secops/counts')).body)).toEqual(server.requestCounts);
    });

    test('latency delays every matching request', async () => {
      server.faults.inject('latency=120');
      const started = Date.now();
      await raw(server.url, 'GET', '/items');
      expect(Date.now() - started).toBeGreaterThanOrEqual(115);
      expect(server.requests[0]!.delayMs).toBe(120);
    });

    test('faults from SECOPS_SIM_FAULTS and SECOPS_SIM_FAULTS_<NAME> are active from the start', async () => {
      const configured = build({ SECOPS_SIM_FAULTS: '503', SECOPS_SIM_FAULTS_DEMO: '429,retry-after=2' });
      await configured.start();
      try {
        expect((await raw(configured.url, 'GET', '/items')).status).toBe(503);
        expect((await raw(configured.url, 'GET', '/items')).status).toBe(429);
        expect((await raw(configured.url, 'GET', '/items')).status).toBe(200);
      } finally {
        await configured.stop();
      }
    });

    test('a malformed SECOPS_SIM_FAULTS fails fast, naming the variable', () => {
      expect(() => build({ SECOPS_SIM_FAULTS: '418' })).toThrow('demo simulator: invalid SECOPS_SIM_FAULTS: a status fault needs status 429 or 500-599, got 418');
    });
  });

  describe('admin surface', () => {
    test('GET state, POST faults (text and JSON), GET/DELETE faults, POST reset, GET/DELETE requests', async () => {
      await raw(server.url, 'PUT', '/items/a');
      const dump = JSON.parse((await raw(server.url, 'GET', '/__secops/state')).body);
      expect(dump).toEqual({ name: 'demo', state: { items: ['a:'] }, faults: [], requests: 1 });

      const injected = await raw(server.url, 'POST', '/__secops/faults', { body: '503,times=1' });
      expect(JSON.parse(injected.body)).toEqual({ injected: [1], active: [{ kind: 'status', status: 503, times: 1, id: 1, remaining: 1 }] });
      await raw(server.url, 'POST', '/__secops/faults', { body: JSON.stringify([{ kind: 'drop', method: 'DELETE' }]) });
      expect(JSON.parse((await raw(server.url, 'GET', '/__secops/faults')).body)).toHaveLength(2);
      expect((await raw(server.url, 'GET', '/items')).status).toBe(503);
      expect(await raw(server.url, 'POST', '/__secops/faults', { body: 'teapot' })).toMatchObject({
        status: 400, body: 'invalid faults: fault "teapot": effect must be latency=MS, a status (429 or 5xx), drop, lost, or shares such as lost=0.25,429=0.08',
      });
      expect(JSON.parse((await raw(server.url, 'DELETE', '/__secops/faults')).body)).toEqual([]);

      const log = JSON.parse((await raw(server.url, 'GET', '/__secops/requests')).body);
      expect(log.map((r: { path: string; status: number }) => [r.path, r.status])).toEqual([['/items/a', 201], ['/items', 503]]);
      await raw(server.url, 'DELETE', '/__secops/requests');
      expect(server.requests).toEqual([]);

      server.faults.inject('503');
      expect(await raw(server.url, 'POST', '/__secops/reset')).toMatchObject({ status: 200, body: '{"reset":true}' });
      expect(state).toEqual({ items: [] });
      expect(server.faults.list()).toEqual([]);
      expect(await raw(server.url, 'GET', '/__secops/nope')).toMatchObject({ status: 404 });
    });

    test('admin requests are neither faulted nor logged', async () => {
      server.faults.inject('drop,times=all');
      expect((await raw(server.url, 'GET', '/__secops/state')).status).toBe(200);
      expect(server.requests).toEqual([]);
    });
  });

  test('a vendor fault body shapes injected statuses whose rule gives none; a rule\'s own body wins', async () => {
    const vendor = new SimulatorServer({
      name: 'vendor',
      env: {},
      faultBody: (status) => (status >= 500 ? { body: '{"message":"Internal Server Error"}', contentType: 'application/json' } : undefined),
    }).route('GET', '/items', () => json(200, []));
    await vendor.start();
    try {
      vendor.faults.inject('500;429,retry-after=2');
      const failed = await raw(vendor.url, 'GET', '/items');
      expect([failed.status, failed.headers['content-type'], failed.body]).toEqual([500, 'application/json', '{"message":"Internal Server Error"}']);
      const limited = await raw(vendor.url, 'GET', '/items');
      expect([limited.status, limited.headers['retry-after'], limited.body]).toEqual([429, '2', 'injected fault: 429']);
      vendor.faults.inject({ kind: 'status', status: 503, body: 'maintenance' });
      expect((await raw(vendor.url, 'GET', '/items')).body).toBe('maintenance');
    } finally {
      await vendor.stop();
    }
  });

  test('stop ends requests still waiting', async () => {
    const waiting = raw(server.url, 'GET', '/wait').catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await server.stop();
    expect(await waiting).toMatchObject({ code: 'UND_ERR_SOCKET' });
  });
});
