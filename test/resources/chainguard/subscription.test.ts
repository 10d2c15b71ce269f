import { ChainguardClient, chainguardSettingsFromEnv } from '../../../src/clients/chainguard';
import { subscriptionsData } from '../../../src/datasources/chainguard/subscriptions';
import { UNKNOWN } from '../../../src/provider/cty/values';
import { HandlerContext, ObjectValue } from '../../../src/provider/definitions';
import { validateBlock } from '../../../src/provider/validate';
import { chainguardSettings, validateChainguardSettings } from '../../../src/resources/chainguard/provider-block';
import { subscription, SubscriptionModel } from '../../../src/resources/chainguard/subscription';
import { ChainguardSimulator } from '../../../src/simulators/chainguard';

const SINK = 'http://127.0.0.1:9/chainguard';
const asConfig = (value: object): ObjectValue => value as ObjectValue; // models are the blocks' values

describe('secops_chainguard_subscription against the simulator', () => {
  const sim = new ChainguardSimulator({ env: {}, delivery: { maxAttempts: 1 } });
  let client: ChainguardClient;
  let ctx: HandlerContext<ChainguardClient>;

  beforeAll(async () => {
    await sim.start();
    client = new ChainguardClient(chainguardSettingsFromEnv({ apiUrl: sim.url, token: sim.token }, {}));
    ctx = { client, signal: new AbortController().signal, revision: undefined, recordRevision() {}, created() {}, warn() {} };
  });
  afterAll(async () => {
    await client.close();
    await sim.stop();
  });
  beforeEach(() => sim.reset());

  const planned = (values: Partial<SubscriptionModel> = {}): SubscriptionModel => ({ id: null, parent_id: sim.rootGroupId, sink: SINK, ...values });

  test('create subscribes the sink under the group and returns its UIDP', async () => {
    const team = sim.createGroup(sim.rootGroupId, 'team');
    const created = await subscription.create(ctx, planned({ parent_id: team.id }));
    expect(created).toEqual({ id: expect.stringMatching(new RegExp(`^${team.id}/[0-9a-f]{16}$`)), parent_id: team.id, sink: SINK });
    expect(sim.subscriptions()).toEqual([{ id: created.id, sink: SINK }]);
  });

  test('read finds it by id, and reports it gone once deleted out of band (or with its group)', async () => {
    const team = sim.createGroup(sim.rootGroupId, 'team');
    const created = await subscription.create(ctx, planned({ parent_id: team.id }));
    expect(await subscription.read(ctx, created)).toEqual(created);
    await client.deleteGroup(team.id);
    expect(await subscription.read(ctx, created)).toBeUndefined();
  });

  test('delete removes it, and a second delete of a gone subscription succeeds', async () => {
    const created = await subscription.create(ctx, planned());
    await subscription.delete(ctx, created);
    expect(sim.subscriptions()).toEqual([]);
    await expect(subscription.delete(ctx, created)).resolves.toBeUndefined();
  });

  test('import takes the id; read fills parent_id and sink', async () => {
    const created = await client.createSubscription(sim.rootGroupId, SINK);
    const imported = await subscription.importState!(ctx, created.id);
    expect(await subscription.read(ctx, { parent_id: '', sink: '', id: null, ...imported })).toEqual({ id: created.id, parent_id: sim.rootGroupId, sink: SINK });
    await expect(subscription.importState!(ctx, 'slack')).rejects.toThrow('"slack" is not a subscription UIDP');
    await expect(subscription.importState!(ctx, sim.rootGroupId)).rejects.toThrow('at least one SUID');
  });

  test('Chainguard\'s refusal reaches the user with its status and message', async () => {
    await expect(subscription.create(ctx, planned({ parent_id: `${sim.rootGroupId}/0123456789abcdef` })))
      .rejects.toThrow(/403 Forbidden.*no such group, or no access to it \(gRPC PermissionDenied\)/);
  });

  test('every attribute requires replacement, so there is no in-place update', () => {
    expect(subscription.schema.attributes.parent_id!.requiresReplace).toBe(true);
    expect(subscription.schema.attributes.sink!.requiresReplace).toBe(true);
    expect(subscription.schema.attributes.id!.computed).toBe(true);
  });

  test('the data source lists a group\'s subscriptions, with or without descendant groups', async () => {
    const team = sim.createGroup(sim.rootGroupId, 'team');
    const top = await client.createSubscription(sim.rootGroupId, SINK);
    const nested = await client.createSubscription(team.id, 'https://hooks.example.com/team');
    const all = await subscriptionsData.read(ctx, { parent_id: sim.rootGroupId, direct_only: null, subscriptions: null });
    expect(all.subscriptions).toEqual([
      { id: top.id, parent_id: sim.rootGroupId, sink: SINK },
      { id: nested.id, parent_id: team.id, sink: 'https://hooks.example.com/team' },
    ].sort((a, b) => a.id.localeCompare(b.id)));
    const direct = await subscriptionsData.read(ctx, { parent_id: sim.rootGroupId, direct_only: true, subscriptions: null });
    expect(direct.subscriptions).toEqual([{ id: top.id, parent_id: sim.rootGroupId, sink: SINK }]);
  });
});

describe('configuration checks (the schema validators, run at synth and plan)', () => {
  test('a malformed parent_id names the attribute and the UIDP rule', () => {
    const problems = validateBlock(subscription.schema, asConfig({ id: null, parent_id: 'team-a', sink: SINK }));
    expect(problems).toEqual([{
      path: ['parent_id'],
      summary: 'Invalid value for "parent_id"',
      detail: 'is not a UIDP: must start with a UID of 40 lower-case hex characters (20 bytes), got "team-a"',
    }]);
  });

  test('a sink that is not an http(s) URL is refused; unknown values wait for apply', () => {
    const group = '0475f6baca584a8964a6bce6b74dbe78dd8805b6/b74ce966caf448d1';
    expect(validateBlock(subscription.schema, asConfig({ id: null, parent_id: group, sink: 'hooks.example.com' }))[0]?.detail)
      .toBe('must be an http:// or https:// URL, got "hooks.example.com"');
    expect(validateBlock(subscription.schema, asConfig({ id: null, parent_id: UNKNOWN, sink: UNKNOWN }))).toEqual([]);
  });

  test('the data source checks its parent_id too', () => {
    expect(validateBlock(subscriptionsData.schema, asConfig({ parent_id: 'x/y', direct_only: null, subscriptions: null }))[0]?.path).toEqual(['parent_id']);
  });

  test('the provider block marks the token sensitive and checks api_url', () => {
    expect(chainguardSettings.attributes.token!.sensitive).toBe(true);
    expect(validateChainguardSettings({ api_url: 'console-api.enforce.dev', token: null })[0]?.detail)
      .toBe('must be an http:// or https:// URL, got "console-api.enforce.dev"');
    expect(validateChainguardSettings({ api_url: 'https://console-api.enforce.dev', token: null })).toEqual([]);
  });
});
