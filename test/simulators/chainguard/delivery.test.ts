import { createHash } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { ChainguardClient } from '../../../src/clients/chainguard';
import { ChainguardSimulator } from '../../../src/simulators/chainguard';
import { TestSink } from '../../chainguard/sink';
import { closeRawAgent, raw } from '../raw-http';

/** The headers of the document's examples, as Go's HTTP client writes them (plus Host). */
const DOCUMENT_HEADERS = [
  'Accept-Encoding', 'Authorization', 'Ce-Audience', 'Ce-Group', 'Ce-Id', 'Ce-Source', 'Ce-Specversion', 'Ce-Subject', 'Ce-Time', 'Ce-Type',
  'Content-Length', 'Content-Type', 'User-Agent',
];

describe('Chainguard simulator: event delivery', () => {
  const sim = new ChainguardSimulator({ env: {}, delivery: { maxAttempts: 3, initialBackoffMs: 5 } });
  const sink = new TestSink();
  let client: ChainguardClient;

  beforeAll(async () => {
    await Promise.all([sim.start(), sink.start()]);
    client = new ChainguardClient({ apiUrl: sim.url, token: sim.token });
  });
  afterAll(async () => {
    await client.close();
    await Promise.all([sim.stop(), sink.stop(), closeRawAgent()]);
  });
  beforeEach(() => {
    sim.reset();
    sink.clear();
  });

  const trigger = async (input: Record<string, unknown>) => {
    const response = await raw(sim.url, 'POST', '/__secops/events', { body: JSON.stringify(input) });
    return { status: response.status, body: JSON.parse(response.body) };
  };

  test('a subscription receives its own creation as a CloudEvent in binary mode with exactly the document\'s headers', async () => {
    const created = await client.createSubscription(sim.rootGroupId, `${sink.url}/hook`);
    await sim.deliveriesSettled();
    expect(sink.received).toHaveLength(1);
    const [delivery] = sink.received;
    expect(delivery!.path).toBe('/hook');
    expect(delivery!.rawHeaderNames.filter(name => name !== 'Host' && name !== 'Connection')).toEqual(DOCUMENT_HEADERS);
    expect(delivery!.headers).toMatchObject({
      'accept-encoding': 'gzip',
      'ce-audience': 'customer',
      'ce-group': sim.rootGroupId,
      'ce-id': expect.stringMatching(/^[0-9a-f-]{36}$/),
      'ce-source': 'https://console-api.enforce.dev/events/v1/subscriptions',
      'ce-specversion': '1.0',
      'ce-subject': created.id,
      'ce-time': expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/),
      'ce-type': 'dev.chainguard.api.events.subscription.created.v1',
      'content-type': 'application/json',
      'user-agent': 'Chainguard Enforce',
      'content-length': String(Buffer.byteLength(delivery!.body)),
    });
    expect(JSON.parse(delivery!.body)).toEqual({ actor: { subject: sim.callerIdentity }, body: { id: created.id, sink: `${sink.url}/hook` } });
  });

  test('the Authorization header carries an RS256 token of the simulator\'s issuer with the body\'s digest', async () => {
    const team = sim.createGroup(sim.rootGroupId, 'team');
    await client.createSubscription(team.id, sink.url);
    await sim.deliveriesSettled();
    const [delivery] = sink.received;
    const token = delivery!.headers.authorization!.replace(/^Bearer /, '');
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'RS256', kid: expect.any(String) });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      iss: sim.issuer,
      aud: 'customer',
      sub: `webhook:${team.id}`,
      webhook: { digest: `sha256:${createHash('sha256').update(delivery!.body).digest('hex')}` },
    });
    expect(claims.exp! - claims.iat!).toBe(600);
  });

  test('an event reaches every subscription at or above its group, and no other', async () => {
    const team = sim.createGroup(sim.rootGroupId, 'team');
    const squad = sim.createGroup(team.id, 'squad');
    const sibling = sim.createGroup(sim.rootGroupId, 'sibling');
    const atRoot = await client.createSubscription(sim.rootGroupId, `${sink.url}/root`);
    const atTeam = await client.createSubscription(team.id, `${sink.url}/team`);
    await client.createSubscription(sibling.id, `${sink.url}/sibling`);
    await sim.deliveriesSettled();
    sink.clear();

    const { status, body } = await trigger({ type: 'dev.chainguard.registry.push.v1', group: squad.id });
    expect(status).toBe(202);
    expect(body.deliveries.sort()).toEqual([atRoot.id, atTeam.id].sort());
    await sim.deliveriesSettled();
    expect(sink.received.map(r => r.path).sort()).toEqual(['/root', '/team']);
    for (const delivery of sink.received) {
      expect(delivery.headers['ce-group']).toBe(squad.id);
      expect(delivery.headers['ce-subject']).toBe(body.event.subject);
      expect(Object.keys(JSON.parse(delivery.body).body).sort())
        .toEqual(['digest', 'error', 'location', 'repo_id', 'repository', 'tag', 'type', 'user_agent', 'when']);
    }
    const subjects = sink.received.map(r => decodeJwt(r.headers.authorization!.slice('Bearer '.length)).sub).sort();
    expect(subjects).toEqual([`webhook:${sim.rootGroupId}`, `webhook:${team.id}`].sort());
  });

  test('a group created through the API and a subscription deleted are events too', async () => {
    await client.createSubscription(sim.rootGroupId, sink.url);
    const group = await client.createGroup(sim.rootGroupId, { name: 'platform', description: 'the platform team' });
    const other = await client.createSubscription(sim.rootGroupId, `${sink.url}/other`);
    await client.deleteSubscription(other.id);
    await sim.deliveriesSettled();
    // Deliveries run concurrently: compare without order.
    const seen = sink.received.filter(r => r.path === '/').map(r => [r.headers['ce-type'], r.headers['ce-subject']]);
    expect(seen).toHaveLength(4);
    expect(seen).toEqual(expect.arrayContaining([
      ['dev.chainguard.api.events.subscription.created.v1', expect.any(String)],
      ['dev.chainguard.api.iam.group.created.v1', group.id],
      ['dev.chainguard.api.events.subscription.created.v1', other.id],
      ['dev.chainguard.api.events.subscription.deleted.v1', other.id],
    ]));
    const groupEvent = sink.received.find(r => r.headers['ce-type'] === 'dev.chainguard.api.iam.group.created.v1')!;
    expect(JSON.parse(groupEvent.body).body).toEqual({ description: 'the platform team', id: group.id, name: 'platform' });
  });

  test('a failing sink is retried with backoff until it answers 2xx', async () => {
    await client.createSubscription(sim.rootGroupId, sink.url);
    await sim.deliveriesSettled();
    sink.clear();
    sink.script.push(503, 500);
    await trigger({ type: 'dev.chainguard.api.tenant.cluster.created.v1' });
    await sim.deliveriesSettled();
    const record = sim.deliveries().at(-1)!;
    expect(record).toMatchObject({ type: 'dev.chainguard.api.tenant.cluster.created.v1', state: 'delivered', attempts: [503, 500, 200] });
    expect(new Set(sink.received.map(r => r.headers['ce-id'])).size).toBe(1);
    // Each attempt carries a freshly signed token for the same body.
    expect(sink.received.every(r => r.body === sink.received[0]!.body)).toBe(true);
  });

  test('a 4xx from the sink is final; an unreachable sink is given up after the last attempt', async () => {
    await client.createSubscription(sim.rootGroupId, sink.url);
    await client.createSubscription(sim.rootGroupId, 'http://127.0.0.1:9/closed');
    await sim.deliveriesSettled();
    sink.clear();
    sink.script.push(403);
    await trigger({ type: 'dev.chainguard.api.iam.policy.updated.v1' });
    await sim.deliveriesSettled();
    const records = sim.deliveries().filter(r => r.type === 'dev.chainguard.api.iam.policy.updated.v1');
    expect(records.find(r => r.sink === sink.url)).toMatchObject({ state: 'failed', attempts: [403] });
    expect(records.find(r => r.sink.endsWith('/closed'))).toMatchObject({ state: 'failed', attempts: ['ECONNREFUSED', 'ECONNREFUSED', 'ECONNREFUSED'] });
  });

  test('the test endpoint refuses an unknown type or group, and lists deliveries', async () => {
    expect(await trigger({ type: 'dev.chainguard.nothing.v1' })).toMatchObject({ status: 400, body: { error: expect.stringContaining('type must be an event type') } });
    expect(await trigger({ type: 'dev.chainguard.registry.pull.v1', group: `${sim.rootGroupId}/0123456789abcdef` }))
      .toMatchObject({ status: 400, body: { error: expect.stringContaining('does not exist') } });
    const listed = await raw(sim.url, 'GET', '/__secops/deliveries');
    expect(JSON.parse(listed.body)).toEqual([]);
  });
});
