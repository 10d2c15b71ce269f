import { ChainguardClient, chainguardSettingsFromEnv, DEFAULT_CHAINGUARD_API_URL } from '../../../src/clients/chainguard';
import { ApiError } from '../../../src/clients/core';
import { ChainguardSimulator } from '../../../src/simulators/chainguard';

describe('chainguardSettingsFromEnv', () => {
  test('explicit values win over CHAINGUARD_API_URL and CHAINGUARD_TOKEN', () => {
    const env = { CHAINGUARD_API_URL: 'https://env.example.com', CHAINGUARD_TOKEN: 'env-token' };
    expect(chainguardSettingsFromEnv({ apiUrl: 'https://given.example.com', token: 'given' }, env)).toEqual({ apiUrl: 'https://given.example.com', token: 'given' });
    expect(chainguardSettingsFromEnv({ apiUrl: '' }, env)).toEqual({ apiUrl: 'https://env.example.com', token: 'env-token' });
    expect(chainguardSettingsFromEnv({}, {})).toEqual({ apiUrl: DEFAULT_CHAINGUARD_API_URL, token: undefined });
    expect(DEFAULT_CHAINGUARD_API_URL).toBe('https://console-api.enforce.dev');
  });
});

describe('ChainguardClient against the simulator', () => {
  const sim = new ChainguardSimulator({ env: {}, delivery: { maxAttempts: 1 } });
  let client: ChainguardClient;
  const SINK = 'http://127.0.0.1:9/events';

  beforeAll(async () => {
    await sim.start();
    const settings = chainguardSettingsFromEnv({ apiUrl: sim.url, token: sim.token }, {});
    client = new ChainguardClient(settings, { retry: { maxAttempts: 2, baseDelayMs: 1 } });
  });
  afterAll(async () => {
    await client.close();
    await sim.stop();
  });
  beforeEach(() => sim.reset());

  test('creates, reads by id (a filtered list), lists descendants and deletes subscriptions', async () => {
    const team = await client.createGroup(sim.rootGroupId, { name: 'team' });
    const created = await client.createSubscription(team.id, SINK);
    expect(created.id.startsWith(`${team.id}/`)).toBe(true);
    expect(await client.getSubscription(created.id)).toEqual({ id: created.id, sink: SINK });
    expect(await client.listSubscriptions({ descendantsOf: sim.rootGroupId })).toEqual([created]);
    expect(await client.listSubscriptions({ childrenOf: sim.rootGroupId })).toEqual([]);
    expect(await client.deleteSubscription(created.id)).toBe(true);
    expect(await client.getSubscription(created.id)).toBeUndefined();
    expect(await client.deleteSubscription(created.id)).toBe(false);
    const paths = sim.requests.map(r => `${r.method} ${r.path}${r.query ? `?${r.query}` : ''}`);
    expect(paths).toContain(`POST /events/v1/subscriptions/${team.id}`);
    expect(paths).toContain(`GET /events/v1/subscriptions?id=${encodeURIComponent(created.id)}`);
    expect(paths).toContain(`DELETE /events/v1/subscriptions/${created.id}`);
  });

  test('vendor errors carry the HTTP status, the gRPC code name and Chainguard\'s message', async () => {
    const error = await client.createSubscription(sim.rootGroupId, 'mailto:ops@example.com').catch(e => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.message).toBe(`Chainguard API error (400 Bad Request) on POST /events/v1/subscriptions/${sim.rootGroupId}: sink must be an http or https URL, got "mailto:ops@example.com" (gRPC InvalidArgument)`);
    const denied = await client.createSubscription(`${sim.rootGroupId}/0123456789abcdef`, SINK).catch(e => e);
    expect(denied.status).toBe(403);
    expect(denied.message).toContain('(gRPC PermissionDenied)');
  });

  test('a malformed UIDP is refused before any request', async () => {
    sim.reset();
    await expect(client.createSubscription('team-a', SINK)).rejects.toThrow('parent_id "team-a" is not a UIDP: must start with a UID of 40 lower-case hex characters');
    await expect(client.deleteSubscription(`${sim.rootGroupId}/`)).rejects.toThrow('id "');
    expect(sim.requests).toEqual([]);
  });

  test('a wrong token is Unauthenticated, and the token never appears in the error', async () => {
    const intruder = new ChainguardClient({ apiUrl: sim.url, token: 'not-the-token' });
    const error = await intruder.listSubscriptions().catch(e => e);
    await intruder.close();
    expect(error.status).toBe(401);
    expect(error.message).toContain('(gRPC Unauthenticated)');
    expect(error.message).not.toContain('not-the-token');
  });

  test('reads are retried through a 503 (Unavailable)', async () => {
    sim.faults.inject({ kind: 'status', status: 503, method: 'GET', times: 1 });
    expect(await client.listSubscriptions()).toEqual([]);
    expect(sim.requestCounts.faults).toEqual({ 503: 1 });
  });

  test('a deleted subscription whose answer was lost is deleted once: the NotFound of the second DELETE means done', async () => {
    const created = await client.createSubscription(sim.rootGroupId, SINK);
    sim.faults.inject({ kind: 'lost', method: 'DELETE', times: 1 });
    expect(await client.deleteSubscription(created.id)).toBe(false);
    expect(sim.subscriptions()).toEqual([]);
    expect(sim.requests.filter(r => r.method === 'DELETE')).toHaveLength(2);
  });

  test('when every DELETE attempt loses its answer, a read by id shows the subscription gone: the delete succeeded', async () => {
    const created = await client.createSubscription(sim.rootGroupId, SINK);
    sim.faults.inject({ kind: 'lost', method: 'DELETE', times: 2 });
    expect(await client.deleteSubscription(created.id)).toBe(true);
    expect(sim.subscriptions()).toEqual([]);
  });

  test('when every DELETE attempt fails and the subscription is still there, the failure is reported', async () => {
    const created = await client.createSubscription(sim.rootGroupId, SINK);
    sim.faults.inject({ kind: 'status', status: 503, method: 'DELETE', times: 2 });
    await expect(client.deleteSubscription(created.id)).rejects.toThrow('503');
    expect(sim.subscriptions()).toEqual([created]);
  });

  test('a group deleted by an attempt whose answer was lost: the PermissionDenied of the next attempt means done', async () => {
    const team = await client.createGroup(sim.rootGroupId, { name: 'team' });
    sim.faults.inject({ kind: 'lost', method: 'DELETE', times: 1 });
    expect(await client.deleteGroup(team.id)).toBe(false);
    expect(sim.groups().map(g => g.id)).toEqual([sim.rootGroupId]);
    // A group under a root this caller cannot see stays a refusal.
    const denied = await client.deleteGroup(`${'0'.repeat(40)}/0123456789abcdef`).catch(e => e);
    expect(denied.message).toContain('(gRPC PermissionDenied)');
  });
});

describe('ChainguardClient creates exactly once when answers are lost', () => {
  const sim = new ChainguardSimulator({ env: {}, delivery: { maxAttempts: 1 } });
  let client: ChainguardClient;
  const SINK = 'https://127.0.0.1:9/events';
  const postsTo = (path: string) => sim.requests.filter(r => r.method === 'POST' && r.path === path).length;

  beforeAll(() => sim.start());
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.reset();
    client = new ChainguardClient({ apiUrl: sim.url, token: sim.token }, { retry: { maxAttempts: 2, baseDelayMs: 1 } });
  });
  afterEach(() => client.close());

  test('a subscription whose answer was lost is found by its group and sink and adopted, not made again', async () => {
    sim.faults.inject({ kind: 'lost', method: 'POST', times: 1 });
    const created = await client.createSubscription(sim.rootGroupId, SINK);
    expect(sim.subscriptions()).toEqual([created]);
    expect(postsTo(`/events/v1/subscriptions/${sim.rootGroupId}`)).toBe(1);
    expect(client.writeStats).toEqual({ lookups: 1, adopted: 1, resent: 0 });
  });

  test('after a 503 the lookup finds nothing and the create is sent again, once', async () => {
    sim.faults.inject({ kind: 'status', status: 503, method: 'POST', times: 1 });
    const created = await client.createSubscription(sim.rootGroupId, SINK);
    expect(sim.subscriptions()).toEqual([created]);
    expect(client.writeStats).toEqual({ lookups: 1, adopted: 0, resent: 1 });
  });

  test('an identical subscription that existed before is never adopted', async () => {
    const existing = await new ChainguardClient({ apiUrl: sim.url, token: sim.token }).createSubscription(sim.rootGroupId, SINK);
    sim.faults.inject({ kind: 'drop', method: 'POST', times: 1 });
    const created = await client.createSubscription(sim.rootGroupId, SINK);
    expect(created.id).not.toBe(existing.id);
    expect(sim.subscriptions().map(s => s.id).sort()).toEqual([existing.id, created.id].sort());
    expect(client.writeStats).toEqual({ lookups: 1, adopted: 0, resent: 1 });
  });

  test('an identical subscription this client already made (claimed) is not adopted by a second create', async () => {
    const first = await client.createSubscription(sim.rootGroupId, SINK);
    sim.faults.inject({ kind: 'drop', method: 'POST', times: 1 });
    const second = await client.createSubscription(sim.rootGroupId, SINK);
    expect(second.id).not.toBe(first.id);
    expect(sim.subscriptions()).toHaveLength(2);
  });

  test('two identical creates whose answers are both lost end with two subscriptions, one each', async () => {
    sim.faults.inject({ kind: 'lost', method: 'POST', times: 2 });
    const [a, b] = await Promise.all([client.createSubscription(sim.rootGroupId, SINK), client.createSubscription(sim.rootGroupId, SINK)]);
    expect(a.id).not.toBe(b.id);
    expect(sim.subscriptions().map(s => s.id).sort()).toEqual([a.id, b.id].sort());
    expect(client.writeStats).toEqual({ lookups: 2, adopted: 2, resent: 0 });
  });

  test('a subscription in another group or with another sink is not taken for the lost one', async () => {
    const team = sim.createGroup(sim.rootGroupId, 'team');
    sim.faults.inject({ kind: 'drop', method: 'POST', times: 1 });
    await client.createSubscription(team.id, SINK);
    await client.createSubscription(sim.rootGroupId, `${SINK}/other`);
    sim.faults.inject({ kind: 'drop', method: 'POST', times: 1 });
    const created = await client.createSubscription(sim.rootGroupId, SINK);
    expect(created.sink).toBe(SINK);
    expect(sim.subscriptions()).toHaveLength(3);
  });

  test('the subscriptions of a group are listed once, before the first create there', async () => {
    await Promise.all([1, 2, 3].map(n => client.createSubscription(sim.rootGroupId, `${SINK}/${n}`)));
    expect(sim.requests.filter(r => r.method === 'GET').map(r => r.query)).toEqual([`uidp.childrenOf=${sim.rootGroupId}`]);
  });

  test('a group whose answer was lost is found by its parent and name and adopted', async () => {
    const existing = sim.createGroup(sim.rootGroupId, 'team');
    sim.faults.inject({ kind: 'lost', method: 'POST', times: 1 });
    const created = await client.createGroup(sim.rootGroupId, { name: 'team' });
    expect(created.id).not.toBe(existing.id);
    expect(sim.groups().filter(g => g.name === 'team').map(g => g.id).sort()).toEqual([existing.id, created.id].sort());
    expect(client.writeStats).toEqual({ lookups: 1, adopted: 1, resent: 0 });
  });
});
