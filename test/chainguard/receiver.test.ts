import { generateKeyPair, SignJWT } from 'jose';
import { TestSink } from './sink';
import { ChainguardEventCatalogue, ChainguardEventReceiver, ChainguardReceiveResult } from '../../src/chainguard';
import { ChainguardSimulator } from '../../src/simulators/chainguard';

/** Every event type of the reference, delivered by the simulator to a sink that verifies with the receiver. */
describe('ChainguardEventReceiver with the simulator\'s signed event stream', () => {
  const sim = new ChainguardSimulator({ env: {}, delivery: { maxAttempts: 1 } });
  const sink = new TestSink();
  let team: string;
  let receiver: ChainguardEventReceiver;

  beforeAll(async () => {
    await Promise.all([sim.start(), sink.start()]);
    team = sim.createGroup(sim.rootGroupId, 'team').id;
    receiver = new ChainguardEventReceiver({ group: team, issuer: sim.issuer });
    sink.receiver = receiver;
    await fetch(`${sim.url}/events/v1/subscriptions/${team}`, {
      method: 'POST', headers: { authorization: `Bearer ${sim.token}` }, body: JSON.stringify({ sink: sink.url }),
    });
    await sim.deliveriesSettled();
    sink.clear();
  });
  afterAll(async () => {
    await Promise.all([sim.stop(), sink.stop()]);
  });

  test.each(ChainguardEventCatalogue.all().map(info => [info.type, info]))('%s is delivered and accepted with its typed body', async (type, info) => {
    sink.clear();
    const event = sim.trigger({ type, group: team });
    await sim.deliveriesSettled();
    expect(sink.received).toHaveLength(1);
    const verdict = sink.received[0]!.verdict!;
    expect(verdict).toMatchObject({ accepted: true, status: 200 });
    expect(verdict.event).toMatchObject({
      id: event.id, type, subject: event.subject, group: team, specVersion: '1.0', actorSubject: sim.callerIdentity, typeInfo: info,
    });
    for (const field of info.bodyFields) {
      expect(valueAt(verdict.event!.body, field.path)).not.toBeUndefined();
    }
    expect(sim.deliveries().at(-1)).toMatchObject({ state: 'delivered', attempts: [200] });
  });

  test('an event from a child group passes a receiver of the parent group', async () => {
    sink.clear();
    const squad = sim.createGroup(team, 'squad');
    await sim.deliveriesSettled();
    expect(sink.received.at(-1)!.verdict).toMatchObject({ accepted: true, event: { type: 'dev.chainguard.api.iam.group.created.v1', subject: squad.id } });
  });
});

describe('ChainguardEventReceiver refuses forgeries', () => {
  const sim = new ChainguardSimulator({ env: {}, delivery: { maxAttempts: 1 } });
  const other = new ChainguardSimulator({ env: {}, delivery: { maxAttempts: 1 } });
  const expiring = new ChainguardSimulator({ env: {}, delivery: { maxAttempts: 1 }, tokenLifetimeSeconds: -120 });
  const sink = new TestSink();
  let genuine: { headers: Record<string, string>; body: string };
  let receiver: ChainguardEventReceiver;

  /** One delivery of a registry push from `from` to a subscription of its root group, captured. */
  async function capture(from: ChainguardSimulator): Promise<{ headers: Record<string, string>; body: string }> {
    sink.clear();
    await fetch(`${from.url}/events/v1/subscriptions/${from.rootGroupId}`, {
      method: 'POST', headers: { authorization: `Bearer ${from.token}` }, body: JSON.stringify({ sink: sink.url }),
    });
    await from.deliveriesSettled();
    sink.clear();
    from.trigger({ type: 'dev.chainguard.registry.push.v1' });
    await from.deliveriesSettled();
    const { headers, body } = sink.received[0]!;
    return { headers, body };
  }
  const verify = (headers: Record<string, string>, body = genuine.body): Promise<ChainguardReceiveResult> => receiver.receive(headers, body);
  const withHeader = (name: string, value: string | undefined): Record<string, string> => {
    const headers = { ...genuine.headers };
    if (value === undefined) delete headers[name];
    else headers[name] = value;
    return headers;
  };

  beforeAll(async () => {
    await Promise.all([sim.start(), other.start(), expiring.start(), sink.start()]);
    genuine = await capture(sim);
    receiver = new ChainguardEventReceiver({ group: sim.rootGroupId, issuer: sim.issuer });
  });
  afterAll(async () => {
    await Promise.all([sim.stop(), other.stop(), expiring.stop(), sink.stop()]);
  });

  test('the genuine delivery is accepted (header names in any case)', async () => {
    expect(await verify(genuine.headers)).toMatchObject({ accepted: true, status: 200, event: { type: 'dev.chainguard.registry.push.v1' } });
    const upper = Object.fromEntries(Object.entries(genuine.headers).map(([name, value]) => [name.toUpperCase(), value]));
    expect((await verify(upper)).accepted).toBe(true);
  });

  test('missing Authorization header: 401', async () => {
    expect(await verify(withHeader('authorization', undefined))).toEqual({
      accepted: false, status: 401, reason: 'missing bearer token in the Authorization header',
    });
    expect((await verify(withHeader('authorization', 'Basic abc'))).status).toBe(401);
  });

  test('a token signed with another key: 403', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const jwks = await (await fetch(`${sim.url}/.well-known/keys`)).json() as { keys: Array<{ kid: string }> };
    const forged = await new SignJWT({ webhook: { digest: tokenClaims(genuine.headers).webhook.digest } })
      .setProtectedHeader({ alg: 'RS256', kid: jwks.keys[0]!.kid })
      .setIssuer(sim.issuer).setAudience('customer').setSubject(`webhook:${sim.rootGroupId}`).setIssuedAt().setExpirationTime('5m')
      .sign(privateKey);
    const result = await verify(withHeader('authorization', `Bearer ${forged}`));
    expect(result).toMatchObject({ accepted: false, status: 403, reason: expect.stringContaining('signature verification failed') });
  });

  test('a token of another issuer: 403', async () => {
    const foreign = await capture(other);
    const result = await verify(withHeader('authorization', foreign.headers.authorization), genuine.body);
    expect(result).toEqual({ accepted: false, status: 403, reason: `token issuer is "${other.issuer}", expected "${sim.issuer}"` });
  });

  test('a token for another group (wrong subject): 403', async () => {
    const team = sim.createGroup(sim.rootGroupId, 'team');
    const teamReceiver = new ChainguardEventReceiver({ group: team.id, issuer: sim.issuer });
    const result = await teamReceiver.receive(genuine.headers, genuine.body);
    expect(result).toEqual({ accepted: false, status: 403, reason: `token subject is "webhook:${sim.rootGroupId}", expected "webhook:${team.id}"` });
  });

  test('an expired token: 403', async () => {
    const stale = await capture(expiring);
    const expiredReceiver = new ChainguardEventReceiver({ group: expiring.rootGroupId, issuer: expiring.issuer });
    const result = await expiredReceiver.receive(stale.headers, stale.body);
    expect(result).toMatchObject({ accepted: false, status: 403, reason: expect.stringContaining('"exp" claim timestamp check failed') });
  });

  test('a body that is not the one the token was signed for: 403', async () => {
    const tampered = genuine.body.replace('example tag', 'latest');
    expect(tampered).not.toBe(genuine.body);
    const result = await verify(genuine.headers, tampered);
    expect(result).toMatchObject({ accepted: false, status: 403, reason: expect.stringContaining('does not match the token\'s webhook.digest') });
  });

  test('a missing CloudEvent header: 400', async () => {
    expect(await verify(withHeader('ce-subject', undefined))).toEqual({ accepted: false, status: 400, reason: 'missing CloudEvent header Ce-Subject' });
    expect((await verify(withHeader('ce-specversion', '0.3'))).status).toBe(400);
  });

  test('a malformed UIDP in Ce-Group or Ce-Subject: 400', async () => {
    expect(await verify(withHeader('ce-group', 'team-a'))).toMatchObject({
      accepted: false, status: 400, reason: expect.stringContaining('Ce-Group "team-a" is not a UIDP'),
    });
    expect((await verify(withHeader('ce-subject', `${sim.rootGroupId}/XYZ`))).reason).toContain('Ce-Subject');
  });

  test('an event type the reference does not list passes, without typeInfo (its subject need not be a UIDP)', async () => {
    const headers = { ...withHeader('ce-type', 'dev.chainguard.apk.published.v1'), 'ce-subject': 'wolfi/x86_64/curl-8.9.1-r0.apk' };
    const result = await verify(headers);
    expect(result).toMatchObject({ accepted: true, status: 200, event: { type: 'dev.chainguard.apk.published.v1', subject: 'wolfi/x86_64/curl-8.9.1-r0.apk' } });
    expect(result.event!.typeInfo).toBeUndefined();
  });

  test('an event of a group outside the subscribed one: 403', async () => {
    const result = await verify(withHeader('ce-group', other.rootGroupId));
    expect(result).toMatchObject({ accepted: false, status: 403, reason: expect.stringContaining('outside the subscribed group') });
  });

  test('an issuer whose keys cannot be fetched: 503', async () => {
    const gone = new ChainguardSimulator({ env: {}, delivery: { maxAttempts: 1 } });
    await gone.start();
    const delivery = await capture(gone);
    const issuer = gone.issuer;
    await gone.stop();
    const stranded = new ChainguardEventReceiver({ group: gone.rootGroupId, issuer });
    const result = await stranded.receive(delivery.headers, delivery.body);
    expect(result).toMatchObject({ accepted: false, status: 503, reason: expect.stringContaining(`cannot fetch the signing keys of ${issuer}`) });
    expect(result.event).toBeUndefined();
  });

  test('the receiver refuses to start with a group that is not a UIDP', () => {
    expect(() => new ChainguardEventReceiver({ group: 'my-group' })).toThrow('group "my-group" is not a UIDP');
    expect(new ChainguardEventReceiver({ group: sim.rootGroupId }).issuer).toBe('https://issuer.enforce.dev');
  });
});

function tokenClaims(headers: Record<string, string>): { webhook: { digest: string } } {
  const token = headers.authorization!.replace(/^Bearer /, '');
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}

function valueAt(body: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], body);
}
