import {
  CarbonBlackClient, CarbonBlackClientOptions, carbonBlackSettingsFromEnv, CarbonBlackSettingsError, CarbonBlackSettingsInput, normalizeConsoleUrl,
} from '../../../src/clients/carbonblack';
import { ApiError } from '../../../src/clients/core';
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

  test('a 500 is retried for reads and updates, never for a policy create that may have landed', async () => {
    const cbc = connect();
    sim.faults.inject('500,path=/containers/v1/orgs/ORG1/guardrails/management/scopes');
    expect(await cbc.listScopes()).toHaveLength(1);
    const scopeId = await cbc.createScope({ name: 's', clusters: ['c'] });
    sim.faults.inject('500,method=PUT');
    const error = await cbc.createPolicy({ name: 'p', scope_id: scopeId, status: 'enabled' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).attempts).toBe(1);
  });

  test('a 500 that outlasts the retries surfaces the API\'s "success: false" message', async () => {
    const cbc = connect();
    sim.faults.inject('500,times=4');
    await expect(cbc.listRules()).rejects.toThrow(/\(500 Internal Server Error\) on GET \/containers\/v1\/orgs\/ORG1\/guardrails\/management\/rules: Internal Server Error$/);
    expect(delays).toHaveLength(3);
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
