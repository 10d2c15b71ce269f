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

  test('reads are retried through a 503 (Unavailable); a create is not repeated after a 503', async () => {
    sim.faults.inject({ kind: 'status', status: 503, method: 'GET', times: 1 });
    expect(await client.listSubscriptions()).toEqual([]);
    sim.faults.inject({ kind: 'status', status: 503, method: 'POST', times: 1 });
    await expect(client.createSubscription(sim.rootGroupId, SINK)).rejects.toThrow('503');
    expect(sim.subscriptions()).toEqual([]);
  });
});
