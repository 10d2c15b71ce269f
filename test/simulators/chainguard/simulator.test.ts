import { ChainguardSimulator } from '../../../src/simulators/chainguard';
import { closeRawAgent, raw } from '../raw-http';

/** The REST mapping of Chainguard's events API as grpc-gateway serves it, status for status. */
describe('Chainguard simulator: subscriptions API', () => {
  // One attempt per delivery: these tests are about the API, and their sinks do not exist.
  const sim = new ChainguardSimulator({ env: {}, delivery: { maxAttempts: 1 } });
  const auth = () => ({ 'Authorization': `Bearer ${sim.token}`, 'Content-Type': 'application/json' });
  const call = (method: string, path: string, body?: unknown) =>
    raw(sim.url, method, path, { headers: auth(), body: body === undefined ? undefined : JSON.stringify(body) });

  beforeAll(() => sim.start());
  afterAll(async () => {
    await sim.stop();
    await closeRawAgent();
  });
  beforeEach(() => sim.reset());

  test('POST /events/v1/subscriptions/{parent UIDP} creates a subscription with an SUID under the group', async () => {
    const response = await call('POST', `/events/v1/subscriptions/${sim.rootGroupId}`, { sink: 'https://hooks.example.com/cg' });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    const created = JSON.parse(response.body);
    expect(Object.keys(created).sort()).toEqual(['id', 'sink']);
    expect(created.sink).toBe('https://hooks.example.com/cg');
    expect(created.id).toMatch(new RegExp(`^${sim.rootGroupId}/[0-9a-f]{16}$`));
    expect(sim.subscriptions()).toEqual([created]);
  });

  test('the slashes of a nested group UIDP stay literal in the path', async () => {
    const team = sim.createGroup(sim.rootGroupId, 'team');
    const response = await call('POST', `/events/v1/subscriptions/${team.id}`, { sink: 'http://127.0.0.1:9/x' });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body).id.startsWith(`${team.id}/`)).toBe(true);
  });

  test('GET lists {"items":[...]} filtered by id= and uidp.descendantsOf=', async () => {
    const team = sim.createGroup(sim.rootGroupId, 'team');
    const top = JSON.parse((await call('POST', `/events/v1/subscriptions/${sim.rootGroupId}`, { sink: 'https://a.example.com' })).body);
    const nested = JSON.parse((await call('POST', `/events/v1/subscriptions/${team.id}`, { sink: 'https://b.example.com' })).body);

    const all = JSON.parse((await call('GET', '/events/v1/subscriptions')).body);
    expect(all.items).toHaveLength(2);
    const byId = JSON.parse((await call('GET', `/events/v1/subscriptions?id=${encodeURIComponent(nested.id)}`)).body);
    expect(byId).toEqual({ items: [nested] });
    const underTeam = JSON.parse((await call('GET', `/events/v1/subscriptions?uidp.descendantsOf=${team.id}`)).body);
    expect(underTeam).toEqual({ items: [nested] });
    const underRoot = JSON.parse((await call('GET', `/events/v1/subscriptions?uidp.descendants_of=${sim.rootGroupId}`)).body);
    expect(underRoot.items.map((s: { id: string }) => s.id).sort()).toEqual([top.id, nested.id].sort());
    const none = JSON.parse((await call('GET', `/events/v1/subscriptions?id=${sim.rootGroupId}/0000000000000000`)).body);
    expect(none).toEqual({ items: [] });
  });

  test('DELETE /events/v1/subscriptions/{id} returns {} and then NotFound', async () => {
    const created = JSON.parse((await call('POST', `/events/v1/subscriptions/${sim.rootGroupId}`, { sink: 'https://a.example.com' })).body);
    const deleted = await call('DELETE', `/events/v1/subscriptions/${created.id}`);
    expect(deleted.status).toBe(200);
    expect(JSON.parse(deleted.body)).toEqual({});
    const again = await call('DELETE', `/events/v1/subscriptions/${created.id}`);
    expect(again.status).toBe(404);
    expect(JSON.parse(again.body)).toEqual({ code: 5, message: `subscription "${created.id}" not found`, details: [] });
  });

  test('errors are grpc-gateway bodies with the mapped HTTP status', async () => {
    const badParent = await call('POST', '/events/v1/subscriptions/not-a-uidp', { sink: 'https://a.example.com' });
    expect(badParent.status).toBe(400);
    expect(JSON.parse(badParent.body)).toMatchObject({ code: 3, details: [] });
    expect(JSON.parse(badParent.body).message).toContain('invalid parent_id "not-a-uidp"');

    const badSink = await call('POST', `/events/v1/subscriptions/${sim.rootGroupId}`, { sink: 'ftp://files.example.com' });
    expect(badSink.status).toBe(400);
    expect(JSON.parse(badSink.body)).toEqual({ code: 3, message: 'sink must be an http or https URL, got "ftp://files.example.com"', details: [] });

    const unknownGroup = await call('POST', `/events/v1/subscriptions/${sim.rootGroupId}/0123456789abcdef`, { sink: 'https://a.example.com' });
    expect(unknownGroup.status).toBe(403);
    expect(JSON.parse(unknownGroup.body).code).toBe(7);

    const noParent = await call('POST', '/events/v1/subscriptions', { sink: 'https://a.example.com' });
    expect(noParent.status).toBe(400);
    const noId = await call('DELETE', '/events/v1/subscriptions');
    expect([noId.status, JSON.parse(noId.body).code]).toEqual([400, 3]);
    const groupAsId = await call('DELETE', `/events/v1/subscriptions/${sim.rootGroupId}`);
    expect(JSON.parse(groupAsId.body).message).toContain('a subscription UIDP has at least one SUID');

    const badFilter = await call('GET', '/events/v1/subscriptions?uidp.descendantsOf=xyz');
    expect(badFilter.status).toBe(400);
    expect(JSON.parse(badFilter.body).code).toBe(3);

    const noToken = await raw(sim.url, 'GET', '/events/v1/subscriptions');
    expect(noToken.status).toBe(401);
    expect(JSON.parse(noToken.body)).toMatchObject({ code: 16, details: [] });

    const wrongMethod = await call('PUT', '/events/v1/subscriptions');
    expect(wrongMethod.status).toBe(501);
    expect(JSON.parse(wrongMethod.body)).toEqual({ code: 12, message: 'Method Not Allowed', details: [] });

    const unknownPath = await call('GET', '/events/v1/nothing');
    expect(unknownPath.status).toBe(404);
    expect(JSON.parse(unknownPath.body)).toEqual({ code: 5, message: 'Not Found', details: [] });
    expect(sim.subscriptions()).toEqual([]);
  });

  test('deleting a group removes its child groups and their subscriptions', async () => {
    const team = sim.createGroup(sim.rootGroupId, 'team');
    const squad = sim.createGroup(team.id, 'squad');
    await call('POST', `/events/v1/subscriptions/${squad.id}`, { sink: 'https://a.example.com' });
    const kept = JSON.parse((await call('POST', `/events/v1/subscriptions/${sim.rootGroupId}`, { sink: 'https://b.example.com' })).body);
    expect((await call('DELETE', `/iam/v1/groups/${team.id}`)).status).toBe(200);
    expect(sim.groups().map(g => g.id)).toEqual([sim.rootGroupId]);
    expect(sim.subscriptions()).toEqual([kept]);
  });

  test('groups nest through POST /iam/v1/groups/{parent}', async () => {
    const response = await call('POST', `/iam/v1/groups/${sim.rootGroupId}`, { name: 'platform', description: 'platform team' });
    expect(response.status).toBe(200);
    const group = JSON.parse(response.body);
    expect(group).toEqual({ id: expect.stringMatching(new RegExp(`^${sim.rootGroupId}/[0-9a-f]{16}$`)), name: 'platform', description: 'platform team' });
    const children = JSON.parse((await call('GET', `/iam/v1/groups?uidp.childrenOf=${sim.rootGroupId}`)).body);
    expect(children).toEqual({ items: [group] });
  });

  test('OpenID discovery and the JWKS are served at the issuer (the simulator\'s URL), without a token', async () => {
    const discovery = JSON.parse((await raw(sim.url, 'GET', '/.well-known/openid-configuration')).body);
    expect(discovery).toMatchObject({ issuer: sim.url, jwks_uri: `${sim.url}/.well-known/keys`, id_token_signing_alg_values_supported: ['RS256'] });
    const jwks = JSON.parse((await raw(sim.url, 'GET', '/.well-known/keys')).body);
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String), n: expect.any(String), e: 'AQAB' });
    expect(jwks.keys[0].d).toBeUndefined();
  });
});
