import {
  CarbonBlackClient, CarbonBlackClientOptions, carbonBlackSettingsFromEnv, CarbonBlackSettingsError, CarbonBlackSettingsInput, normalizeConsoleUrl,
} from '../../../src/clients/carbonblack';
import { ANY_SCOPE, CarbonBlackSimulator, DEFAULT_POLICY_ID } from '../../../src/simulators/carbonblack';
import { maskSecrets } from '../../../src/util/log';

describe('carbonBlackSettingsFromEnv', () => {
  const env = { CBC_URL: 'https://defense.conferdeploy.net/', CBC_ORG_KEY: 'ABCD1234', CBC_API_ID: 'ID1', CBC_API_SECRET: 'SECRET1' };

  test('reads the CBC_* variables; explicit values win', () => {
    expect(carbonBlackSettingsFromEnv({}, env)).toEqual({ url: 'https://defense.conferdeploy.net', orgKey: 'ABCD1234', apiId: 'ID1', apiSecret: 'SECRET1', bearerToken: undefined });
    expect(carbonBlackSettingsFromEnv({ orgKey: 'OTHER', apiId: '' }, env)).toMatchObject({ orgKey: 'OTHER', apiId: 'ID1' });
  });

  test('a bearer token alone is enough credentials', () => {
    expect(carbonBlackSettingsFromEnv({ bearerToken: 'tok' }, { CBC_URL: 'x.example.com', CBC_ORG_KEY: 'K' })).toMatchObject({ url: 'https://x.example.com', bearerToken: 'tok' });
  });

  test('names every missing setting with its variable', () => {
    expect(() => carbonBlackSettingsFromEnv({}, { CBC_API_ID: 'only-id' })).toThrow(new CarbonBlackSettingsError([
      'missing url (CBC_URL)',
      'missing org key (CBC_ORG_KEY)',
      'missing credentials: set api_id and api_secret (CBC_API_ID, CBC_API_SECRET) or bearer_token (CBC_BEARER_TOKEN)',
    ]));
  });

  test('console URLs: scheme assumed, pasted API paths dropped, other schemes refused', () => {
    expect(normalizeConsoleUrl('defense.conferdeploy.net')).toBe('https://defense.conferdeploy.net');
    expect(normalizeConsoleUrl('https://h.example/containers/v1/orgs/X/guardrails/management')).toBe('https://h.example');
    const problems: string[] = [];
    expect(normalizeConsoleUrl('ftp://h.example', problems)).toBeUndefined();
    expect(problems).toEqual(['url "ftp://h.example" must use https (or http)']);
  });
});

describe('CarbonBlackClient against the simulator', () => {
  const sim = new CarbonBlackSimulator({ orgKey: 'ORG1', apiId: 'KEYID12345', apiSecret: 'SECRETSECRETSECRET000001', bearerToken: 'csp-token-0001' });
  const clients: CarbonBlackClient[] = [];
  let delays: number[];
  const connect = (settings: CarbonBlackSettingsInput = {}, options: CarbonBlackClientOptions = {}) => {
    const client = new CarbonBlackClient(
      carbonBlackSettingsFromEnv({ url: sim.url, orgKey: sim.orgKey, apiId: sim.apiId, apiSecret: sim.apiSecret, ...settings }, {}),
      { retry: { random: () => 0.5, sleep: async ms => void delays.push(ms) }, ...options },
    );
    clients.push(client);
    return client;
  };

  beforeAll(() => sim.start());
  afterAll(async () => {
    await Promise.all(clients.map(c => c.close()));
    await sim.stop();
  });
  beforeEach(() => {
    sim.reset();
    delays = [];
  });

  test('sends X-AUTH-TOKEN as "<secret>/<id>" on the org\'s guardrails routes, and masks it in errors and logs', async () => {
    const cbc = connect();
    expect((await cbc.listScopes()).map(s => s.scope_id)).toEqual([ANY_SCOPE.scope_id]);
    expect(sim.requests[0]).toMatchObject({ method: 'GET', path: '/containers/v1/orgs/ORG1/guardrails/management/scopes', headers: { 'x-auth-token': '[REDACTED]' } });
    expect(maskSecrets(`token ${sim.authToken}`)).not.toContain(sim.apiSecret);
  });

  test('a bearer token is sent as Authorization: Bearer instead', async () => {
    const cbc = connect({ apiId: undefined, apiSecret: undefined, bearerToken: 'csp-token-0001' });
    await cbc.listTemplates();
    expect(sim.requests[0]!.headers).toMatchObject({ authorization: '[REDACTED]' });
    expect(sim.requests[0]!.headers).not.toHaveProperty('x-auth-token');
  });

  test('a refused key surfaces the API\'s 403 "success: false" message', async () => {
    const cbc = connect({ apiSecret: 'WRONG' });
    await expect(cbc.listPolicies()).rejects.toThrow('Carbon Black Cloud API error (403 Forbidden) on GET /containers/v1/orgs/ORG1/guardrails/management/policies: User is not authenticated');
  });

  test('scopes: create, get, update, joined view, delete; gone is undefined or false', async () => {
    const cbc = connect();
    const id = await cbc.createScope({ name: 'prod', clusters: ['prod:eu'], namespaces: ['*'], lifecycle_phase: 'deployed' });
    expect(await cbc.getScope(id)).toMatchObject({ scope_id: id, name: 'prod', clusters: ['prod:eu'], lifecycle_phase: 'deployed' });
    await cbc.updateScope(id, { name: 'prod', clusters: ['prod:eu', 'prod:us'], namespaces: ['*'] });
    expect((await cbc.getScope(id))?.clusters).toEqual(['prod:eu', 'prod:us']);
    expect(await cbc.getScopeWithPolicy(id)).toEqual({ scope_id: id, name: 'prod', policy_metadata: null, workload_count: 0, lifecycle_phase: 'deployed' });
    expect((await cbc.listScopesWithPolicies()).map(s => s.scope_id).sort()).toEqual([ANY_SCOPE.scope_id, id].sort());
    expect(await cbc.deleteScope(id)).toBe(true);
    expect(await cbc.deleteScope(id)).toBe(false);
    expect(await cbc.getScope(id)).toBeUndefined();
    expect(await cbc.getScopeWithPolicy(id)).toBeUndefined();
  });

  test('policies: create (PUT without id), update (PUT with id), delete; duplicate is the API\'s 409', async () => {
    const cbc = connect();
    const scopeId = await cbc.createScope({ name: 's', clusters: ['c'] });
    const id = await cbc.createPolicy({ name: 'p', scope_id: scopeId, status: 'draft', rules: [{ id: 'privileged', action: 'alert', is_enabled: true }] });
    expect(JSON.parse(sim.requests.at(-1)!.body)).not.toHaveProperty('policy_id');
    await cbc.updatePolicy(id, { name: 'p', scope_id: scopeId, status: 'enabled', rules: [] });
    expect(JSON.parse(sim.requests.at(-1)!.body)).toMatchObject({ policy_id: id, status: 'enabled' });
    expect(await cbc.getPolicy(id)).toMatchObject({ policy_id: id, status: 'enabled', rules: [], scope_metadata: { scope_id: scopeId, scope_name: 's' } });
    const duplicate = cbc.createPolicy({ name: 'p', scope_id: scopeId, status: 'enabled' });
    await expect(duplicate).rejects.toMatchObject({ status: 409, vendorMessage: 'policy name and policy scope must be unique' });
    expect(await cbc.deletePolicy(id)).toBe(true);
    expect(await cbc.deletePolicy(id)).toBe(false);
    expect(await cbc.getPolicy(id)).toBeUndefined();
    expect((await cbc.listPolicies()).map(p => p.policy_id)).toEqual([DEFAULT_POLICY_ID]);
  });

  test('a scope a policy uses is refused with the API\'s 400', async () => {
    const cbc = connect();
    const scopeId = await cbc.createScope({ name: 's', clusters: ['c'] });
    await cbc.createPolicy({ name: 't1', scope_id: scopeId, status: 'enabled' });
    await expect(cbc.deleteScope(scopeId)).rejects.toThrow(`(400 Bad Request) on DELETE /containers/v1/orgs/ORG1/guardrails/management/scopes/${scopeId}: Scope id ${scopeId} is being used by policy t1`);
  });

  test('rules: the catalogue as a list; custom rule deletion', async () => {
    const cbc = connect();
    const custom = sim.addCustomRule({ name: 'custom' });
    const rules = await cbc.listRules();
    expect(rules.map(r => r.rule_id)).toEqual(expect.arrayContaining(['app-armor', 'privileged', custom.rule_id]));
    expect(await cbc.deleteCustomRule(custom.rule_id)).toBe(true);
    expect(await cbc.deleteCustomRule(custom.rule_id)).toBe(false);
  });

  test('the catalogue is fetched once per client for plan-time checks', async () => {
    const cbc = connect();
    await Promise.all([cbc.ruleCatalogue(), cbc.ruleCatalogue()]);
    await cbc.ruleCatalogue();
    expect(sim.requests.filter(r => r.path.endsWith('/rules'))).toHaveLength(1);
  });

  test('templates: create, update, add_rules to several, get from the list, delete', async () => {
    const cbc = connect();
    const a = await cbc.createTemplate({ name: 'a', rules: [{ id: 'privileged', action: 'alert' }] });
    const b = await cbc.createTemplate({ name: 'b', rules: [] });
    await cbc.updateTemplate(b, { name: 'b2', rules: [{ id: 'host-network', action: 'block' }] });
    await cbc.addRulesToTemplates([a, b], [{ id: 'run-as-non-root', action: 'enforce' }]);
    expect((await cbc.getTemplate(a))?.rules).toEqual([{ id: 'privileged', action: 'alert' }, { id: 'run-as-non-root', action: 'enforce' }]);
    expect(await cbc.getTemplate(b)).toMatchObject({ name: 'b2', rules: [{ id: 'host-network', action: 'block' }, { id: 'run-as-non-root', action: 'enforce' }] });
    expect(await cbc.deleteTemplate(a)).toBe(true);
    expect(await cbc.deleteTemplate(a)).toBe(false);
    expect(await cbc.getTemplate(a)).toBeUndefined();
    await expect(cbc.addRulesToTemplates(['cis-benchmark-1-6-0'], [{ id: 'privileged', action: 'alert' }]))
      .rejects.toMatchObject({ status: 400, vendorMessage: 'error updating rules for custom templates, acount ORG1 templateId [cis-benchmark-1-6-0]' });
  });

  test('429 is retried after Retry-After (Carbon Black rate-limits per source IP)', async () => {
    const cbc = connect();
    sim.faults.inject('429,times=2,retry-after=3');
    expect(await cbc.listTemplates()).toHaveLength(2);
    expect(delays).toEqual([3000, 3000]);
  });

  test('the simulator\'s per-IP budget: the client waits for Retry-After and the read succeeds', async () => {
    const cbc = connect();
    sim.rateLimitPerMinute = 1;
    try {
      await cbc.listScopes();
      const waited: number[] = [];
      const patient = connect({}, { retry: { random: () => 0.5, sleep: async ms => { waited.push(ms); sim.rateLimitPerMinute = undefined; } } });
      expect(await patient.listTemplates()).toHaveLength(2);
      expect(waited).toHaveLength(1);
      expect(waited[0]).toBeGreaterThanOrEqual(1000);
    } finally {
      sim.rateLimitPerMinute = undefined;
    }
  });

  test('a 500 is retried for reads and updates; a policy create that may have landed is looked up before it is sent again', async () => {
    const cbc = connect();
    sim.faults.inject('500,path=/containers/v1/orgs/ORG1/guardrails/management/scopes');
    expect(await cbc.listScopes()).toHaveLength(1);
    const scopeId = await cbc.createScope({ name: 's', clusters: ['c'] });
    sim.faults.inject('500,method=PUT');
    const id = await cbc.createPolicy({ name: 'p', scope_id: scopeId, status: 'enabled' });
    expect(sim.requests.filter(r => r.path.endsWith('/policies')).map(r => r.method)).toEqual(['PUT', 'GET', 'PUT']);
    expect(sim.policies().filter(p => p.name === 'p').map(p => p.policy_id)).toEqual([id]);
    expect(cbc.ledger.stats).toEqual({ lookups: 1, adopted: 0, resent: 1 });
  });

  test('a 500 that outlasts the retries (8 attempts) surfaces the API\'s "success: false" message', async () => {
    const cbc = connect();
    sim.faults.inject('500,times=8');
    await expect(cbc.listRules()).rejects.toThrow(/\(500 Internal Server Error\) on GET \/containers\/v1\/orgs\/ORG1\/guardrails\/management\/rules: Internal Server Error$/);
    expect(delays).toHaveLength(7);
  });

  describe('exactly-once writes: did a create whose answer was lost land?', () => {
    const BASE = '/containers/v1/orgs/ORG1/guardrails/management';
    const writes = () => sim.requests.filter(r => r.method !== 'GET').map(r => `${r.method} ${r.path.slice(BASE.length)}`);

    test('a scope, a policy and a template whose create answers were lost are adopted, not sent again', async () => {
      const cbc = connect();
      sim.faults.inject('lost,times=3');
      const scopeId = await cbc.createScope({ name: 'prod', clusters: ['prod:eu'] });
      const policyId = await cbc.createPolicy({ name: 'prod', scope_id: scopeId, status: 'enabled' });
      const templateId = await cbc.createTemplate({ name: 'base', rules: [{ id: 'privileged', action: 'alert' }] });
      expect(writes()).toEqual(['POST /scopes', 'PUT /policies', 'POST /templates']);
      expect(sim.scopes().filter(x => x.name === 'prod').map(x => x.scope_id)).toEqual([scopeId]);
      expect(sim.policies().filter(x => x.name === 'prod').map(x => x.policy_id)).toEqual([policyId]);
      expect(sim.templates().filter(x => x.name === 'base').map(x => x.template_id)).toEqual([templateId]);
      expect(cbc.ledger.stats).toEqual({ lookups: 3, adopted: 3, resent: 0 });
    });

    test('a create that did not land (503) is sent again after the lookup found nothing', async () => {
      const cbc = connect();
      sim.faults.inject('503,method=POST');
      const scopeId = await cbc.createScope({ name: 'prod', clusters: ['prod:eu'] });
      expect(writes()).toEqual(['POST /scopes', 'POST /scopes']);
      expect(sim.scopes().filter(x => x.name === 'prod').map(x => x.scope_id)).toEqual([scopeId]);
      expect(cbc.ledger.stats).toEqual({ lookups: 1, adopted: 0, resent: 1 });
    });

    test('two identical template creates, both answers lost, adopt one template each (template names are not unique)', async () => {
      const cbc = connect();
      sim.faults.inject('lost,times=2');
      const template = { name: 'same', rules: [{ id: 'privileged', action: 'alert' }] };
      const ids = await Promise.all([cbc.createTemplate(template), cbc.createTemplate(template)]);
      expect(new Set(ids).size).toBe(2);
      expect(sim.templates().filter(x => x.name === 'same').map(x => x.template_id).sort()).toEqual([...ids].sort());
    });

    test('a template this client holds (claimed), or one with other rules, is never adopted', async () => {
      const cbc = connect();
      const held = await cbc.createTemplate({ name: 'base', rules: [{ id: 'privileged', action: 'alert' }] });
      const other = await cbc.createTemplate({ name: 'base', rules: [{ id: 'privileged', action: 'block' }] });
      sim.faults.inject('lost');
      const id = await cbc.createTemplate({ name: 'base', rules: [{ id: 'privileged', action: 'alert' }] });
      expect([held, other]).not.toContain(id);
      expect(sim.templates().filter(x => x.name === 'base')).toHaveLength(3);
    });

    test('a scope that landed only after the lookup (its re-send meets 409) is adopted on a second look', async () => {
      let landLate: (() => void) | undefined;
      const cbc = connect({}, { retry: { random: () => 0.5, sleep: async () => landLate?.() } });
      // The first send is cut before it lands; the late landing happens while the ledger waits to send again.
      sim.faults.inject('drop,method=POST');
      landLate = () => { sim.state.upsertScope({ name: 'prod', clusters: ['prod:eu'] }); landLate = undefined; };
      const scopeId = await cbc.createScope({ name: 'prod', clusters: ['prod:eu'] });
      expect(writes()).toEqual(['POST /scopes', 'POST /scopes']);
      expect(sim.scopes().filter(x => x.name === 'prod').map(x => x.scope_id)).toEqual([scopeId]);
      expect(cbc.ledger.stats).toEqual({ lookups: 2, adopted: 1, resent: 1 });
    });

    test('a policy name taken by another policy (other scope) between the lookup and the re-send: the 409 stands, with no further send', async () => {
      let takeName: (() => void) | undefined;
      const cbc = connect({}, { retry: { random: () => 0.5, sleep: async () => takeName?.() } });
      const mine = await cbc.createScope({ name: 'mine', clusters: ['a'] });
      const theirs = await cbc.createScope({ name: 'theirs', clusters: ['b'] });
      sim.faults.inject('drop,method=PUT');
      takeName = () => { sim.state.putPolicy({ name: 'p', scope_id: theirs, status: 'enabled' }); takeName = undefined; };
      await expect(cbc.createPolicy({ name: 'p', scope_id: mine, status: 'enabled' })).rejects.toMatchObject({ status: 409 });
      expect(writes()).toEqual(['POST /scopes', 'POST /scopes', 'PUT /policies', 'PUT /policies']);
      expect(sim.policies().filter(x => x.name === 'p').map(x => x.scope_id)).toEqual([theirs]);
    });

    test('a first send refused with 409 is not looked up: the object was there before', async () => {
      const cbc = connect();
      await cbc.createScope({ name: 'prod', clusters: ['prod:eu'] });
      await expect(cbc.createScope({ name: 'prod', clusters: ['prod:us'] })).rejects.toMatchObject({ status: 409 });
      expect(cbc.ledger.stats.lookups).toBe(0);
    });

    test('deletes whose answers were lost are done: the retry meets the API\'s "not found" / "not exists"', async () => {
      const cbc = connect();
      const scopeId = await cbc.createScope({ name: 's', clusters: ['c'] });
      const policyId = await cbc.createPolicy({ name: 'p', scope_id: scopeId, status: 'enabled' });
      const templateId = await cbc.createTemplate({ name: 't', rules: [] });
      const lostAnswer = <T>(call: () => Promise<T>): Promise<T> => {
        sim.faults.inject('lost');
        return call();
      };
      expect(await lostAnswer(() => cbc.deletePolicy(policyId))).toBe(false);
      expect(await lostAnswer(() => cbc.deleteScope(scopeId))).toBe(false);
      expect(await lostAnswer(() => cbc.deleteTemplate(templateId))).toBe(false);
      expect(writes().filter(w => w.startsWith('DELETE')).map(w => w.replace(/\/[^/]+$/, ''))).toEqual([
        'DELETE /policies', 'DELETE /policies', 'DELETE /scopes', 'DELETE /scopes', 'DELETE /templates', 'DELETE /templates',
      ]);
      expect([sim.policies().length, sim.scopes().length, sim.templates().filter(t => t.custom).length]).toEqual([1, 1, 0]);
    });

    test('updates and add_rules whose answers were lost are sent again: the result is as after one', async () => {
      const cbc = connect();
      const scopeId = await cbc.createScope({ name: 's', clusters: ['c'] });
      const policyId = await cbc.createPolicy({ name: 'p', scope_id: scopeId, status: 'enabled' });
      const templateId = await cbc.createTemplate({ name: 't', rules: [] });
      const lostAnswer = (call: () => Promise<void>): Promise<void> => {
        sim.faults.inject('lost');
        return call();
      };
      await lostAnswer(() => cbc.updateScope(scopeId, { name: 's2', clusters: ['c'] }));
      await lostAnswer(() => cbc.updatePolicy(policyId, { name: 'p', scope_id: scopeId, status: 'disabled' }));
      await lostAnswer(() => cbc.updateTemplate(templateId, { name: 't2', rules: [] }));
      await lostAnswer(() => cbc.addRulesToTemplates([templateId], [{ id: 'privileged', action: 'alert' }]));
      expect(writes().slice(3)).toEqual(['POST /scopes', 'POST /scopes', 'PUT /policies', 'PUT /policies',
        'POST /templates', 'POST /templates', 'POST /templates/add_rules', 'POST /templates/add_rules']);
      expect([(await cbc.getScope(scopeId))?.name, (await cbc.getPolicy(policyId))?.status]).toEqual(['s2', 'disabled']);
      expect(await cbc.getTemplate(templateId)).toMatchObject({ name: 't2', rules: [{ id: 'privileged', action: 'alert' }] });
      expect(cbc.ledger.stats.lookups).toBe(0);
    });
  });

  test('template read-modify-write steps run one at a time', async () => {
    const cbc = connect();
    const order: string[] = [];
    const step = (name: string, ms: number) => cbc.withTemplateLock(async () => {
      order.push(`${name}:start`);
      await new Promise(resolve => setTimeout(resolve, ms));
      order.push(`${name}:end`);
    });
    await Promise.all([step('a', 10), step('b', 0)]);
    expect(order).toEqual(['a:start', 'a:end', 'b:start', 'b:end']);
  });
});
