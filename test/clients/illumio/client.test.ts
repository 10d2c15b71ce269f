import { RequestBudget } from '../../../src/clients/core';
import {
  IllumioApiError, IllumioClient, IllumioClientOptions, IllumioJobError, illumioSettingsFromEnv, IllumioSettingsInput, isDatabaseLockError,
} from '../../../src/clients/illumio';
import { setLogLevel, setLogSink } from '../../../src/util/log';
import { ScriptedServer, Step } from '../core/scripted-server';

const SECRET = 'a9f3c0e1d2b4a5968778695a4b3c2d1e0f9e8d7c6b5a49382716';
const USER = 'api_1f2e3d4c5b6a7';
const json = (status: number, body: unknown, headers: Record<string, string> = {}): Step => ({
  status, body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers },
});
const label = (id: number, key: string, value: string): Record<string, unknown> => ({ href: `/orgs/1/labels/${id}`, key, value });
const LOCK = [{ token: 'database_lock_error', message: 'Could not get a database lock, please try again' }];

describe('IllumioClient', () => {
  const server = new ScriptedServer();
  const clients: IllumioClient[] = [];
  let sleeps: number[];

  const connect = (settings: IllumioSettingsInput = {}, options: IllumioClientOptions = {}): IllumioClient => {
    const client = new IllumioClient(
      illumioSettingsFromEnv({ host: server.url, apiKeyUsername: USER, apiKeySecret: SECRET, requestsPerMinute: 0, ...settings }, {}),
      { retry: { random: () => 0.5, sleep: async (ms) => void sleeps.push(ms) }, ...options },
    );
    clients.push(client);
    return client;
  };
  const requests = (): string[] => server.seen.map((r) => `${r.method} ${r.url}`);

  beforeAll(() => server.start());
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await server.stop();
  });
  beforeEach(() => {
    sleeps = [];
  });

  describe('requests', () => {
    test('basic auth with the API key, /api/v2 prefix, JSON', async () => {
      server.script(json(200, label(12, 'role', 'web')));
      expect(await connect().getLabel('/orgs/1/labels/12')).toEqual(label(12, 'role', 'web'));
      const seen = server.seen[0]!;
      expect(seen.url).toBe('/api/v2/orgs/1/labels/12');
      expect(seen.headers.authorization).toBe(`Basic ${Buffer.from(`${USER}:${SECRET}`).toString('base64')}`);
      expect(seen.headers.accept).toBe('application/json');
    });

    test('get by href answers undefined on 404', async () => {
      server.script(json(404, [{ token: 'not_found', message: 'Label not found' }]));
      expect(await connect().getLabel('/orgs/1/labels/99')).toBeUndefined();
      expect(sleeps).toEqual([]);
    });

    test('create posts the label and returns the 201 body; IDs stay strings', async () => {
      const created = { ...label(0, 'role', 'web'), href: '/orgs/1/labels/12345678901234567' };
      server.script(json(201, created));
      expect(await connect().createLabel({ key: 'role', value: 'web' })).toEqual(created);
      expect(requests()).toEqual(['POST /api/v2/orgs/1/labels']);
      expect(JSON.parse(server.seen[0]!.body)).toEqual({ key: 'role', value: 'web' });
      expect(server.seen[0]!.headers['content-type']).toBe('application/json');
    });

    test('update is a PUT answered 204; delete 204 is true, 404 false', async () => {
      const pce = connect();
      server.script({ status: 204 });
      await pce.updateLabel('/orgs/1/labels/12', { value: 'web2' });
      expect(requests()).toEqual(['PUT /api/v2/orgs/1/labels/12']);
      expect(JSON.parse(server.seen[0]!.body)).toEqual({ value: 'web2' });
      server.script({ status: 204 });
      expect(await pce.deleteLabel('/orgs/1/labels/12')).toBe(true);
      server.script({ status: 404 });
      expect(await pce.deleteLabel('/orgs/1/labels/12')).toBe(false);
    });

    test('an org id other than 1 is used in paths', async () => {
      server.script(json(200, []));
      await connect({ orgId: '7' }).listLabels();
      expect(requests()).toEqual(['GET /api/v2/orgs/7/labels?max_results=500']);
    });
  });

  describe('errors as the PCE sends them', () => {
    test('406 with a token list shows status, tokens and messages', async () => {
      server.script(json(406, [{ token: 'label_key_value_conflict', message: "Label with key 'role' and value 'web' already exists" }]));
      const error = await connect().createLabel({ key: 'role', value: 'web' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IllumioApiError);
      expect((error as IllumioApiError).message).toBe(
        "Illumio PCE error (406 Not Acceptable) on POST /orgs/1/labels: label_key_value_conflict: Label with key 'role' and value 'web' already exists",
      );
      expect((error as IllumioApiError).tokens).toEqual(['label_key_value_conflict']);
      expect((error as IllumioApiError).status).toBe(406);
      expect(requests()).toEqual(['POST /api/v2/orgs/1/labels']); // a definite answer: no retry, no lookup
    });

    test('several errors are all shown; a single object is tolerated', async () => {
      server.script(json(406, [{ token: 'a_token', message: 'first' }, { token: 'b_token', message: 'second' }]));
      await expect(connect().updateLabel('/orgs/1/labels/1', { value: 'x' })).rejects.toThrow(
        'Illumio PCE error (406 Not Acceptable) on PUT /orgs/1/labels/1: a_token: first; b_token: second',
      );
      server.script(json(406, { token: 'input_validation_error', message: 'Properties not allowed: colour' }));
      await expect(connect().createDraft('ip_lists', { name: 'x', colour: 'red' })).rejects.toThrow(
        'on POST /orgs/1/sec_policy/draft/ip_lists: input_validation_error: Properties not allowed: colour',
      );
    });

    test.each([
      [401, '', 'Illumio PCE error (401 Unauthorized) on GET /orgs/1/labels: authentication failed: check the API key username and secret'],
      [403, '', 'Illumio PCE error (403 Forbidden) on GET /orgs/1/labels: the API key is not allowed to do this, or the org id is wrong'],
      [403, JSON.stringify([{ token: 'forbidden_error', message: 'Not authorized' }]), 'Illumio PCE error (403 Forbidden) on GET /orgs/1/labels: forbidden_error: Not authorized'],
      [404, JSON.stringify([{ token: 'not_found', message: 'Not found' }]), 'Illumio PCE error (404 Not Found) on GET /orgs/1/labels: not_found: Not found'],
    ])('%i is shown with its token or a hint', async (status, body, message) => {
      server.script({ status, body });
      await expect(connect().listLabels()).rejects.toThrow(message);
      expect(server.seen).toHaveLength(1);
    });

    test('an update of an unknown href is an error (404), not silence', async () => {
      server.script(json(404, [{ token: 'not_found', message: 'Not found' }]));
      await expect(connect().updateLabel('/orgs/1/labels/9', { value: 'x' })).rejects.toMatchObject({ status: 404, tokens: ['not_found'] });
    });
  });

  describe('retries', () => {
    test('429 is retried after Retry-After', async () => {
      server.script({ status: 429, headers: { 'retry-after': '7' } }, json(200, []));
      expect(await connect().listLabels()).toEqual([]);
      expect(sleeps).toEqual([7000]);
      expect(server.seen).toHaveLength(2);
    });

    test('429 is retried even for a create (the PCE did nothing)', async () => {
      server.script({ status: 429, headers: { 'retry-after': '1' } }, json(201, label(1, 'env', 'prod')));
      expect(await connect().createLabel({ key: 'env', value: 'prod' })).toEqual(label(1, 'env', 'prod'));
      expect(requests()).toEqual(['POST /api/v2/orgs/1/labels', 'POST /api/v2/orgs/1/labels']);
    });

    test('5xx and connection resets are retried for reads', async () => {
      server.script({ status: 503 }, { drop: true }, json(200, label(3, 'app', 'crm')));
      expect(await connect().getLabel('/orgs/1/labels/3')).toEqual(label(3, 'app', 'crm'));
      expect(server.seen).toHaveLength(3);
      expect(sleeps).toEqual([188, 375]);
    });

    test('the database lock 406 is retried, with the same body every attempt, even for a POST', async () => {
      server.script(json(406, LOCK), json(406, LOCK), json(201, label(5, 'loc', 'dc1')));
      expect(await connect().createLabel({ key: 'loc', value: 'dc1' })).toEqual(label(5, 'loc', 'dc1'));
      expect(server.seen.map((r) => r.body)).toEqual(Array(3).fill('{"key":"loc","value":"dc1"}'));
    });

    test('a lock 406 that persists ends as an error with the token', async () => {
      server.script(json(406, LOCK));
      await expect(connect({}, { retry: { maxAttempts: 2, sleep: async () => undefined } }).updateLabel('/orgs/1/labels/1', { value: 'x' }))
        .rejects.toThrow('database_lock_error: Could not get a database lock');
      expect(server.seen).toHaveLength(2);
    });

    test('isDatabaseLockError reads lists, single objects and text', () => {
      expect(isDatabaseLockError(JSON.stringify(LOCK))).toBe(true);
      expect(isDatabaseLockError(JSON.stringify(LOCK[0]))).toBe(true);
      expect(isDatabaseLockError('could not get a database lock')).toBe(true);
      expect(isDatabaseLockError(JSON.stringify([{ token: 'label_key_value_conflict', message: 'exists' }]))).toBe(false);
    });

    test('the request budget paces requests (shared budget, injected clock)', async () => {
      let now = 0;
      const waits: number[] = [];
      const budget = new RequestBudget({ requestsPerMinute: 61, burst: 1, now: () => now, sleep: async (ms) => { waits.push(ms); now += ms; } });
      const pce = connect({}, { budget });
      server.script(json(200, []));
      await pce.listLabels();
      await pce.listLabels();
      await pce.listLabels();
      expect(waits).toEqual([1000, 1000]);
    });

    test('the budget from settings is on by default at 500 per minute', async () => {
      const pce = connect({ requestsPerMinute: undefined });
      expect(pce.settings.requestsPerMinute).toBe(500);
      server.script(json(200, []));
      await Promise.all(Array.from({ length: 50 }, () => pce.listLabels()));
      expect(sleeps).toEqual([]); // within the burst of 50
      await pce.listLabels();
      expect(sleeps).toHaveLength(1);
    });
  });

  describe('collections', () => {
    test('a complete synchronous page is one request with max_results', async () => {
      server.script(json(200, [label(1, 'role', 'web')], { 'x-total-count': '1' }));
      expect(await connect().list('/orgs/1/labels', { key: 'role' })).toHaveLength(1);
      expect(requests()).toEqual(['GET /api/v2/orgs/1/labels?key=role&max_results=500']);
    });

    test('a truncated page switches to the async collection query: job, poll with Retry-After, datafile', async () => {
      const all = [label(1, 'role', 'a'), label(2, 'role', 'b'), label(3, 'role', 'c')];
      const job = { href: '/orgs/1/jobs/6f1c', job_type: ':illumio/async_requests', description: '/orgs/1/labels' };
      server.script(
        json(200, all.slice(0, 2), { 'x-total-count': '3' }),
        { status: 202, headers: { 'location': `${server.url}/api/v2/orgs/1/jobs/6f1c`, 'retry-after': '5' } },
        json(200, { ...job, status: 'running', result: {} }, { 'retry-after': '2' }),
        json(200, { ...job, status: 'done', result: { href: '/orgs/1/datafiles/0b2e' } }),
        json(200, all),
      );
      expect(await connect({}, { maxResults: 2 }).list('/orgs/1/labels', { key: 'role' })).toEqual(all);
      expect(requests()).toEqual([
        'GET /api/v2/orgs/1/labels?key=role&max_results=2',
        'GET /api/v2/orgs/1/labels?key=role',
        'GET /api/v2/orgs/1/jobs/6f1c',
        'GET /api/v2/orgs/1/jobs/6f1c',
        'GET /api/v2/orgs/1/datafiles/0b2e',
      ]);
      expect(server.seen[1]!.headers.prefer).toBe('respond-async');
      expect(sleeps).toEqual([5000, 2000]);
    });

    test('a relative Location and a job without Retry-After are handled', async () => {
      server.script(
        { status: 202, headers: { location: '/orgs/1/jobs/j1' } },
        json(200, { href: '/orgs/1/jobs/j1', status: 'running' }),
        json(200, { href: '/orgs/1/jobs/j1', status: 'done', result: { href: '/orgs/1/datafiles/d1' } }),
        json(200, [label(1, 'env', 'prod')]),
      );
      expect(await connect().listAsync('/orgs/1/labels')).toEqual([label(1, 'env', 'prod')]);
      expect(requests().slice(1, 3)).toEqual(['GET /api/v2/orgs/1/jobs/j1', 'GET /api/v2/orgs/1/jobs/j1']);
      expect(sleeps).toEqual([1000, 1000]);
    });

    test('a failed job is an error, never a short list', async () => {
      server.script(
        json(200, [label(1, 'role', 'a')], { 'x-total-count': '900' }),
        { status: 202, headers: { 'location': '/orgs/1/jobs/j2', 'retry-after': '1' } },
        json(200, { href: '/orgs/1/jobs/j2', status: 'failed', result: null }),
      );
      await expect(connect().listLabels()).rejects.toBeInstanceOf(IllumioJobError);
    });

    test('a job that never finishes times out', async () => {
      server.script(
        { status: 202, headers: { 'location': '/orgs/1/jobs/j3', 'retry-after': '0' } },
        json(200, { href: '/orgs/1/jobs/j3', status: 'running' }, { 'retry-after': '0' }),
      );
      await expect(connect({}, { jobTimeoutMs: 0 }).listAsync('/orgs/1/labels')).rejects.toThrow(/did not finish within 0 ms/);
    });

    test('count asks for max_results=0 and reads X-Total-Count', async () => {
      server.script(json(200, [], { 'x-total-count': '2000' }));
      expect(await connect().count('/orgs/1/labels', { key: 'app' })).toBe(2000);
      expect(requests()).toEqual(['GET /api/v2/orgs/1/labels?key=app&max_results=0']);
    });

    test('label lists filter exactly on top of the PCE\'s partial value match', async () => {
      const pceAnswer = [label(1, 'role', 'web'), label(2, 'role', 'webapp'), label(3, 'role', 'Web')];
      server.script(json(200, pceAnswer));
      expect(await connect().listLabels({ key: 'role', value: 'web' })).toEqual([label(1, 'role', 'web')]);
      expect(requests()).toEqual(['GET /api/v2/orgs/1/labels?key=role&value=web&max_results=500']);
      server.script(json(200, pceAnswer));
      expect(await connect().listLabels({ key: 'role', value: 'web', partialValueMatch: true })).toEqual(pceAnswer);
      server.script(json(200, pceAnswer));
      await connect().listLabels({ includeDeleted: true });
      expect(requests()).toEqual(['GET /api/v2/orgs/1/labels?include_deleted=true&max_results=500']);
    });
  });

  describe('creates never duplicate', () => {
    test('a create whose answer was lost (reset) finds the label by key and value instead of posting again', async () => {
      server.script({ drop: true }, json(200, [label(8, 'role', 'db-old'), label(9, 'role', 'db')]));
      expect(await connect().createLabel({ key: 'role', value: 'db' })).toEqual(label(9, 'role', 'db'));
      expect(requests()).toEqual(['POST /api/v2/orgs/1/labels', 'GET /api/v2/orgs/1/labels?key=role&value=db&max_results=500']);
    });

    test('after a 502 with nothing found, the create is posted again', async () => {
      server.script({ status: 502 }, json(200, []), json(201, label(10, 'role', 'db')));
      expect(await connect().createLabel({ key: 'role', value: 'db' })).toEqual(label(10, 'role', 'db'));
      expect(requests()).toEqual(['POST /api/v2/orgs/1/labels', 'GET /api/v2/orgs/1/labels?key=role&value=db&max_results=500', 'POST /api/v2/orgs/1/labels']);
    });

    test('draft objects with unique names are found by exact name', async () => {
      const list = { href: '/orgs/1/sec_policy/draft/ip_lists/5', name: 'corp', ip_ranges: [{ from_ip: '10.0.0.0/8' }] };
      server.script({ status: 500 }, json(200, [{ ...list, href: '/orgs/1/sec_policy/draft/ip_lists/4', name: 'corp-old' }, list]));
      expect(await connect().createDraft('ip_lists', { name: 'corp', ip_ranges: [{ from_ip: '10.0.0.0/8' }] })).toEqual(list);
      expect(requests()).toEqual(['POST /api/v2/orgs/1/sec_policy/draft/ip_lists', 'GET /api/v2/orgs/1/sec_policy/draft/ip_lists?name=corp&max_results=500']);
    });

    test('services may share names: a lost create is the service of its name and content that was not there before', async () => {
      const service = (id: number, port: number): Record<string, unknown> => ({
        href: `/orgs/1/sec_policy/draft/services/${id}`, name: 'https', service_ports: [{ proto: 6, port }], created_at: '2024-01-01T00:00:00Z',
      });
      server.script(json(200, [service(3, 443)]), { drop: true }, json(200, [service(3, 443), service(4, 8443), service(5, 443)]));
      expect(await connect().createDraft('services', { name: 'https', service_ports: [{ proto: 6, port: 443 }] })).toEqual(service(5, 443));
      const list = 'GET /api/v2/orgs/1/sec_policy/draft/services?name=https&max_results=500';
      expect(requests()).toEqual([list, 'POST /api/v2/orgs/1/sec_policy/draft/services', list]);
    });

    test('a definite refusal of a create is thrown at once, without a lookup', async () => {
      server.script(json(406, [{ token: 'label_key_value_conflict', message: 'exists' }]));
      await expect(connect().createLabel({ key: 'role', value: 'db' })).rejects.toMatchObject({ status: 406 });
      expect(requests()).toEqual(['POST /api/v2/orgs/1/labels']);
    });
  });

  describe('draft objects and provisioning', () => {
    test('get, update and delete draft objects by href', async () => {
      const pce = connect();
      const ruleSet = { href: '/orgs/1/sec_policy/draft/rule_sets/3', name: 'web', enabled: true };
      server.script(json(200, ruleSet));
      expect(await pce.getDraft('/orgs/1/sec_policy/draft/rule_sets/3')).toEqual(ruleSet);
      server.script({ status: 204 });
      await pce.updateDraft(ruleSet.href, { enabled: false });
      server.script({ status: 204 });
      expect(await pce.deleteDraft(ruleSet.href)).toBe(true);
      expect(server.seen.map((r) => `${r.method} ${r.url}`)).toEqual(['DELETE /api/v2/orgs/1/sec_policy/draft/rule_sets/3']);
    });

    test('pending lists the draft changes', async () => {
      const pending = { ip_lists: [{ href: '/orgs/1/sec_policy/draft/ip_lists/5', name: 'corp', update_type: 'create' }] };
      server.script(json(200, pending));
      expect(await connect().pending()).toEqual(pending);
      expect(requests()).toEqual(['GET /api/v2/orgs/1/sec_policy/pending']);
    });

    test('provision posts the change subset and returns the new version href', async () => {
      server.script(json(200, { href: '/orgs/1/sec_policy/13', version: 13 }), json(201, { href: '/orgs/1/sec_policy/14', commit_message: 'apply' }));
      const subset = { ip_lists: [{ href: '/orgs/1/sec_policy/draft/ip_lists/5' }] };
      const pce = connect();
      expect(await pce.provision({ description: 'apply', changeSubset: subset })).toBe('/orgs/1/sec_policy/14');
      expect(requests()).toEqual(['GET /api/v2/orgs/1/sec_policy/active', 'POST /api/v2/orgs/1/sec_policy']);
      expect(JSON.parse(server.seen[1]!.body)).toEqual({ update_description: 'apply', change_subset: subset });
      // The version known before a provisioning: read once, then the client's own last one.
      server.script(json(201, { href: '/orgs/1/sec_policy/15', commit_message: 'apply' }));
      expect(await pce.provision({ description: 'apply', changeSubset: subset })).toBe('/orgs/1/sec_policy/15');
      expect(requests()).toEqual(['POST /api/v2/orgs/1/sec_policy']);
    });

    test('a provisioning refusal shows the PCE token', async () => {
      server.script(json(404, []), json(406, [{ token: 'provisioning_dependency_error', message: 'Unprovisioned dependency: /orgs/1/sec_policy/draft/services/2' }]));
      await expect(connect().provision({ description: 'x' })).rejects.toThrow(
        'Illumio PCE error (406 Not Acceptable) on POST /orgs/1/sec_policy: provisioning_dependency_error: Unprovisioned dependency',
      );
    });
  });

  describe('shared reads', () => {
    test('concurrent reads of many labels cost one collection read; writes invalidate it', async () => {
      const labels = Array.from({ length: 20 }, (_, i) => label(i, 'role', `r${i}`));
      const pce = connect();
      server.script(json(200, labels, { 'x-total-count': '20' }));
      const results = await Promise.all(labels.map((l) => pce.readShared(l.href as string)));
      expect(results).toEqual(labels);
      expect(requests()).toEqual(['GET /api/v2/orgs/1/labels?max_results=500']);
      expect(await pce.readShared('/orgs/1/labels/3')).toEqual(labels[3]);
      expect(server.seen).toHaveLength(1);
      server.script({ status: 204 });
      await pce.updateLabel('/orgs/1/labels/3', { value: 'changed' });
      server.script(json(200, { ...labels[3], value: 'changed' }));
      expect(await pce.readShared('/orgs/1/labels/3')).toEqual({ ...labels[3], value: 'changed' });
      expect(requests()).toEqual(['GET /api/v2/orgs/1/labels/3']);
    });

    test('hrefs of other collections are read directly', async () => {
      server.script(json(200, { href: '/orgs/1/workloads/abc' }));
      expect(await connect().readShared('/orgs/1/workloads/abc')).toEqual({ href: '/orgs/1/workloads/abc' });
      expect(requests()).toEqual(['GET /api/v2/orgs/1/workloads/abc']);
    });
  });

  describe('secrets', () => {
    afterEach(() => {
      setLogSink(undefined);
      setLogLevel(undefined);
    });

    test('neither the secret nor the basic-auth header ever reaches a log line or an error', async () => {
      const lines: string[] = [];
      setLogSink((line) => lines.push(line));
      setLogLevel('trace');
      server.script({ status: 401, body: `bad credentials for ${SECRET}` });
      const error = await connect().createLabel({ key: 'role', value: 'x' }).catch((e: unknown) => e as Error);
      const basic = Buffer.from(`${USER}:${SECRET}`).toString('base64');
      expect(lines.length).toBeGreaterThan(0);
      for (const text of [...lines, (error as Error).message]) {
        expect(text).not.toContain(SECRET);
        expect(text).not.toContain(basic);
      }
      expect((error as Error).message).toContain('[REDACTED]');
    });
  });
});
