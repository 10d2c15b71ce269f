import { ANY_SCOPE, CarbonBlackSimulator, DEFAULT_POLICY_ID } from '../../../src/simulators/carbonblack';
import { closeRawAgent, raw, RawResponse } from '../raw-http';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('Carbon Black Cloud Container Management simulator', () => {
  const sim = new CarbonBlackSimulator({ orgKey: 'ABCD1234', apiId: 'ABCD123456', apiSecret: 'ABCDEFGHIJKLMNO123456789', user: 'demouser@demoorg.com' });
  const base = '/containers/v1/orgs/ABCD1234/guardrails/management';
  const call = (method: string, path: string, value?: unknown, headers: Record<string, string> = { 'X-AUTH-TOKEN': sim.authToken }) =>
    raw(sim.url, method, `${base}${path}`, { headers: { 'content-type': 'application/json', ...headers }, body: value === undefined ? undefined : JSON.stringify(value) });
  const parsed = (response: RawResponse) => JSON.parse(response.body);
  const scope = async (name: string, clusters = [`${name}:cluster`]) => parsed(await call('POST', '/scopes', { name, clusters, namespaces: ['*'] })).scope_id as string;
  const policy = async (fields: Record<string, unknown>) => call('PUT', '/policies', { status: 'enabled', ...fields });

  beforeAll(() => sim.start());
  afterAll(async () => {
    await sim.stop();
    await closeRawAgent();
  });
  beforeEach(() => sim.reset());

  describe('authentication', () => {
    test('X-AUTH-TOKEN must be "<secret>/<id>"; anything else is 403 with success false', async () => {
      expect((await call('GET', '/policies')).status).toBe(200);
      for (const headers of [{} as Record<string, string>, { 'X-AUTH-TOKEN': 'ABCD123456/ABCDEFGHIJKLMNO123456789' }, { authorization: 'Bearer nope' }]) {
        const refused = await call('GET', '/policies', undefined, headers);
        expect([refused.status, parsed(refused)]).toEqual([403, { success: false, message: 'User is not authenticated' }]);
      }
    });

    test('a bearer token is accepted when the organisation has one (VMware Cloud Services)', async () => {
      const csp = new CarbonBlackSimulator({ orgKey: 'ABCD1234', bearerToken: 'csp-access-token' });
      await csp.start();
      try {
        const answer = await raw(csp.url, 'GET', `${base}/scopes`, { headers: { authorization: 'Bearer csp-access-token' } });
        expect(answer.status).toBe(200);
      } finally {
        await csp.stop();
      }
    });

    test('another org key in the path is refused', async () => {
      const answer = await raw(sim.url, 'GET', '/containers/v1/orgs/OTHER/guardrails/management/policies', { headers: { 'X-AUTH-TOKEN': sim.authToken } });
      expect(answer.status).toBe(403);
    });
  });

  describe('scopes', () => {
    test('POST creates, answers id and scope_id; GET returns the document\'s fields with stamps', async () => {
      const created = await call('POST', '/scopes', { name: 'Demo Scope', lifecycle_phase: 'build', clusters: ['demo:cluster'], clusters_groups: [], namespaces: ['*'] });
      expect(created.status).toBe(200);
      const { id, scope_id: scopeId } = parsed(created);
      expect(id).toBe(scopeId);
      expect(scopeId).toMatch(UUID);
      const read = await call('GET', `/scopes/${scopeId}`);
      expect(parsed(read)).toEqual({
        scope_id: scopeId,
        name: 'Demo Scope',
        creator: 'demouser@demoorg.com',
        created_on: expect.any(Number),
        created_on_iso: expect.stringMatching(ISO),
        modified_by: 'demouser@demoorg.com',
        modified_on: expect.any(Number),
        modified_on_iso: expect.stringMatching(ISO),
        lifecycle_phase: 'build',
        is_protected: false,
        clusters_groups: [],
        clusters: ['demo:cluster'],
        namespaces: ['*'],
        grouping_type: 'destination',
        workloads_count: 0,
      });
    });

    test('POST with scope_id updates the same scope and keeps created_on', async () => {
      const id = await scope('demo');
      const before = parsed(await call('GET', `/scopes/${id}`));
      await new Promise(resolve => setTimeout(resolve, 3));
      const updated = await call('POST', '/scopes', { scope_id: id, name: 'renamed', clusters: ['demo:cluster'], namespaces: ['web'] });
      expect(parsed(updated)).toEqual({ id, scope_id: id });
      const after = parsed(await call('GET', `/scopes/${id}`));
      expect([after.name, after.namespaces, after.created_on]).toEqual(['renamed', ['web'], before.created_on]);
      expect(after.modified_on).toBeGreaterThan(before.modified_on);
      expect(sim.scopes()).toHaveLength(2);
    });

    test('documented 400s: empty name, invalid lifecycle, neither clusters nor cluster groups, malformed body', async () => {
      const cases: Array<[unknown, string]> = [
        [{ name: '', clusters: ['c'] }, 'name must not be empty'],
        [{ name: 'x', clusters: ['c'], lifecycle_phase: 'runtime' }, 'runtime is not a valid scope life cycle'],
        [{ name: 'x', clusters: [], clusters_groups: [] }, 'The scope that was provided wasn\'t valid.'],
        [['not', 'an', 'object'], 'The scope that was provided wasn\'t valid.'],
      ];
      for (const [request, message] of cases) {
        const answer = await call('POST', '/scopes', request);
        expect([answer.status, parsed(answer)]).toEqual([400, { message }]);
      }
    });

    test('409 on a duplicate name and on the same clusters/groups/namespaces combination in any order', async () => {
      await call('POST', '/scopes', { name: 'a', clusters: ['c1', 'c2'], namespaces: ['n'] });
      for (const request of [{ name: 'a', clusters: ['other'] }, { name: 'b', clusters: ['c2', 'c1'], namespaces: ['n'] }]) {
        const answer = await call('POST', '/scopes', request);
        expect(answer.status).toBe(409);
        expect(parsed(answer).message).toBe('Duplicate error\n The `name` property must be unique\n The combination of the fields [`clusters_groups`, `clusters`, `namespaces`] must be unique');
      }
    });

    test('GET and DELETE of an unknown scope are 404; the protected Any scope cannot be deleted', async () => {
      expect(parsed(await call('GET', '/scopes/nope'))).toEqual({ message: 'scope nope was not found' });
      const gone = await call('DELETE', '/scopes/nope');
      expect([gone.status, parsed(gone)]).toEqual([404, { message: 'scope nope was not found' }]);
      const any = await call('DELETE', `/scopes/${ANY_SCOPE.scope_id}`);
      expect([any.status, parsed(any)]).toEqual([400, { message: 'Scope can\'t be deleted' }]);
    });

    test('a scope a policy uses cannot be deleted (400 naming the policy); once free it goes with 204', async () => {
      const id = await scope('used');
      const policyId = parsed(await policy({ name: 't1', scope_id: id })).policy_id;
      const refused = await call('DELETE', `/scopes/${id}`);
      expect([refused.status, parsed(refused)]).toEqual([400, { message: `Scope id ${id} is being used by policy t1` }]);
      await call('DELETE', `/policies/${policyId}`);
      const deleted = await call('DELETE', `/scopes/${id}`);
      expect([deleted.status, deleted.body]).toEqual([204, '']);
    });

    test('policies_scopes joins each scope with its policy, null when none; 404 "Not found" for an unknown scope', async () => {
      const id = await scope('joined');
      expect(parsed(await call('GET', `/policies_scopes/${id}`))).toEqual({ scope_id: id, name: 'joined', policy_metadata: null, workload_count: 0, lifecycle_phase: 'any' });
      const policyId = parsed(await policy({ name: 'p', scope_id: id })).policy_id;
      const all = parsed(await call('GET', '/policies_scopes')).items;
      expect(all).toEqual(expect.arrayContaining([
        { scope_id: ANY_SCOPE.scope_id, name: 'Any', policy_metadata: { policy_id: DEFAULT_POLICY_ID, policy_name: 'default' }, workload_count: 0, lifecycle_phase: 'deployed' },
        { scope_id: id, name: 'joined', policy_metadata: { policy_id: policyId, policy_name: 'p' }, workload_count: 0, lifecycle_phase: 'any' },
      ]));
      const missing = await call('GET', '/policies_scopes/nope');
      expect([missing.status, parsed(missing)]).toEqual([404, { message: 'Not found' }]);
    });
  });

  describe('policies', () => {
    const rules = [{ id: 'privileged', action: 'block', is_enabled: true }, { id: 'app-armor', action: 'enforce', is_enabled: false, preset_id: 'ea4de48f-dc31-4dba-bf9d-9eb77adc4b97', preset_name: 'runtime-default' }];
    const exceptions = { privileged: [{ cluster: 'my-cluster', namespace: 'my-namespace', kind: '*', name: 'sample', username: '*', labels: [{ key: 'qq', value: 'zz' }] }] };

    test('PUT without policy_id creates; GET returns rules, exceptions, flags, scope metadata and stamps', async () => {
      const scopeId = await scope('s');
      const created = await policy({ name: 'Demo-Policy', scope_id: scopeId, rules, exceptions, include_init_containers: false, include_ephemeral_containers: true });
      expect(created.status).toBe(200);
      const { policy_id: id } = parsed(created);
      expect(Object.keys(parsed(created))).toEqual(['policy_id']);
      expect(parsed(await call('GET', `/policies/${id}`))).toEqual({
        policy_id: id,
        name: 'Demo-Policy',
        scope_metadata: { scope_id: scopeId, scope_name: 's' },
        creator: 'demouser@demoorg.com',
        created_on: expect.any(Number),
        created_on_iso: expect.stringMatching(ISO),
        modified_by: 'demouser@demoorg.com',
        modified_on: expect.any(Number),
        modified_on_iso: expect.stringMatching(ISO),
        rules,
        exceptions,
        include_init_containers: false,
        include_ephemeral_containers: true,
        status: 'enabled',
      });
    });

    test('PUT with policy_id updates in place; the list shows summaries with exceptions_count', async () => {
      const scopeId = await scope('s');
      const id = parsed(await policy({ name: 'p', scope_id: scopeId, rules, exceptions })).policy_id;
      const updated = await call('PUT', '/policies', { policy_id: id, name: 'p', scope_id: scopeId, status: 'disabled', rules: [] });
      expect(parsed(updated)).toEqual({ policy_id: id });
      const items = parsed(await call('GET', '/policies')).items;
      expect(items).toContainEqual(expect.objectContaining({ policy_id: id, name: 'p', status: 'disabled', exceptions_count: 0, scope_metadata: { scope_id: scopeId, scope_name: 's' } }));
      expect(items.find((p: { policy_id: string }) => p.policy_id === id)).not.toHaveProperty('rules');
    });

    test('documented 400s in the document\'s order', async () => {
      const scopeId = await scope('s');
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ name: 'p', status: 'enabled' }, 'policy must have a scope id'],
        [{ name: 'p', scope_id: 'nope', status: 'enabled' }, 'scope nope not found'],
        [{ scope_id: scopeId, status: 'enabled' }, 'policy must have a name'],
        [{ name: 'p', scope_id: scopeId }, 'invalid policy status'],
        [{ name: 'p', scope_id: scopeId, status: 'active' }, 'invalid policy status'],
      ];
      for (const [request, message] of cases) {
        const answer = await call('PUT', '/policies', request);
        expect([answer.status, parsed(answer)]).toEqual([400, { message }]);
      }
    });

    test('creator and created_on cannot be changed by an update', async () => {
      const scopeId = await scope('s');
      const id = parsed(await policy({ name: 'p', scope_id: scopeId })).policy_id;
      const answer = await call('PUT', '/policies', { policy_id: id, name: 'p', scope_id: scopeId, status: 'enabled', creator: 'mallory@example.com' });
      expect([answer.status, parsed(answer)]).toEqual([400, { message: 'creator and createdOn fields can\'t be changed' }]);
    });

    test('409 on a duplicate name, and on a second policy for the same scope', async () => {
      const [a, b] = [await scope('a'), await scope('b')];
      await policy({ name: 'p', scope_id: a });
      for (const request of [{ name: 'p', scope_id: b }, { name: 'q', scope_id: a }]) {
        const answer = await policy(request);
        expect([answer.status, parsed(answer)]).toEqual([409, { message: 'policy name and policy scope must be unique' }]);
      }
    });

    test('rule references are checked against the catalogue (the simulator\'s own wording)', async () => {
      const scopeId = await scope('s');
      const unknown = await policy({ name: 'p', scope_id: scopeId, rules: [{ id: 'nope', action: 'alert' }] });
      expect([unknown.status, parsed(unknown)]).toEqual([400, { message: 'rule nope not found' }]);
      const action = await policy({ name: 'p', scope_id: scopeId, rules: [{ id: 'privileged', action: 'enforce' }] });
      expect([action.status, parsed(action).message]).toEqual([400, 'action "enforce" is not supported by rule privileged (supported: alert, block)']);
    });

    test('GET of an unknown policy is 404; DELETE of one is 400 "not exists"; DELETE answers 200 with no body', async () => {
      expect(parsed(await call('GET', '/policies/nope'))).toEqual({ message: 'policy nope not found' });
      const missing = await call('DELETE', '/policies/nope');
      expect([missing.status, parsed(missing)]).toEqual([400, { message: 'error deleting policy nope: not exists' }]);
      const deleted = await call('DELETE', `/policies/${DEFAULT_POLICY_ID}`);
      expect([deleted.status, deleted.body]).toEqual([200, '']);
    });
  });

  describe('rules and templates', () => {
    test('the catalogue is a map by rule id with the joined policies and templates using each rule', async () => {
      const scopeId = await scope('s');
      const policyId = parsed(await policy({ name: 'demo-policy', scope_id: scopeId, rules: [{ id: 'cluster-role-binding', action: 'alert' }] })).policy_id;
      const catalogue = parsed(await call('GET', '/rules')).rules;
      expect(catalogue['cluster-role-binding']).toEqual({
        rule_id: 'cluster-role-binding',
        name: 'Cluster role binding',
        description: expect.any(String),
        risk: 'medium',
        category: 'RBAC',
        supported_actions: ['alert', 'block'],
        preset_support: null,
        presets: null,
        policies: [{ policy_id: policyId, policy_name: 'demo-policy' }],
        templates: [],
        custom_rule_metadata: null,
      });
      expect(catalogue['app-armor'].presets.map((p: { name: string; rule_id: string }) => [p.name, p.rule_id])).toEqual([
        ['remove', 'app-armor'], ['localhost', 'app-armor'], ['runtime-default', 'app-armor'],
      ]);
      expect(catalogue.privileged.templates).toEqual([{ template_id: 'cis-benchmark-1-6-0', template_name: 'CiS benchmark 1.6.0' }]);
    });

    test('custom rules: DELETE answers 204 and drops the rule from templates; built-in or unknown ids are 404', async () => {
      const custom = sim.addCustomRule({ rule_id: '09c851ee-46f8-4d18-847f-c0df4446472c', name: 'no latest tag' });
      const templateId = parsed(await call('POST', '/templates', { name: 't', rules: [{ id: custom.rule_id, action: 'alert' }] })).template_id;
      expect(parsed(await call('GET', '/rules')).rules[custom.rule_id]).toMatchObject({ risk: null, custom_rule_metadata: expect.any(Object) });
      const deleted = await call('DELETE', `/rules/${custom.rule_id}`);
      expect([deleted.status, deleted.body]).toEqual([204, '']);
      expect(sim.templates().find(t => t.template_id === templateId)!.rules).toEqual([]);
      for (const id of [custom.rule_id, 'privileged']) {
        const answer = await call('DELETE', `/rules/${id}`);
        expect([answer.status, parsed(answer)]).toEqual([404, { message: `error deleting custom rule ${id}: not exists` }]);
      }
    });

    test('POST templates creates and, with template_id, replaces; the list shows custom metadata only on custom templates', async () => {
      const created = await call('POST', '/templates', { name: 'Demo Template One', rules: [{ id: 'privileged', action: 'alert' }] });
      const { template_id: id } = parsed(created);
      expect(id).toMatch(UUID);
      await call('POST', '/templates', { template_id: id, name: 'Demo Template', rules: { id: 'host-network', action: 'block' } });
      const items = parsed(await call('GET', '/templates')).items;
      expect(items.find((t: { template_id: string }) => t.template_id === id)).toEqual({
        template_id: id,
        name: 'Demo Template',
        rules: [{ id: 'host-network', action: 'block' }],
        custom_template_metadata: { creator: 'demouser@demoorg.com', created_on: expect.any(Number), created_on_iso: expect.stringMatching(ISO) },
      });
      expect(items.find((t: { template_id: string }) => t.template_id === 'cis-benchmark-1-6-0').custom_template_metadata).toBeNull();
    });

    test('documented template 400s: no name, unknown template to update (built-in included), invalid rules', async () => {
      const cases: Array<[unknown, string]> = [
        [{ rules: [] }, 'custom template has to have a name'],
        [{ template_id: 'sdsdsd', name: 'x' }, 'error updating custom template sdsdsd: not exists'],
        [{ template_id: 'cis-benchmark-1-6-0', name: 'x' }, 'error updating custom template cis-benchmark-1-6-0: not exists'],
        [{ name: 'x', rules: [{ id: 'privileged', action: 'enforce' }] }, 'The provided template was invalid'],
        [{ name: 'x', rules: [{ id: 'nope', action: 'alert' }] }, 'The provided template was invalid'],
      ];
      for (const [request, message] of cases) {
        const answer = await call('POST', '/templates', request);
        expect([answer.status, parsed(answer)]).toEqual([400, { message }]);
      }
    });

    test('add_rules appends to every listed template (204), replacing the action of a rule already there', async () => {
      const one = parsed(await call('POST', '/templates', { name: 'one', rules: [{ id: 'privileged', action: 'alert' }] })).template_id;
      const two = parsed(await call('POST', '/templates', { name: 'two', rules: [] })).template_id;
      const added = await call('POST', '/templates/add_rules', { template_ids: [one, two], rules: [{ id: 'privileged', action: 'block' }, { id: 'host-network', action: 'alert' }] });
      expect([added.status, added.body]).toEqual([204, '']);
      const rulesOf = (id: string) => sim.templates().find(t => t.template_id === id)!.rules;
      expect(rulesOf(one)).toEqual([{ id: 'privileged', action: 'block' }, { id: 'host-network', action: 'alert' }]);
      expect(rulesOf(two)).toEqual([{ id: 'privileged', action: 'block' }, { id: 'host-network', action: 'alert' }]);
    });

    test('add_rules to an unknown or built-in template is 400 with the document\'s message', async () => {
      const answer = await call('POST', '/templates/add_rules', { template_ids: ['cis-benchmark-1-6-0'], rules: [{ id: 'privileged', action: 'alert' }] });
      expect([answer.status, parsed(answer)]).toEqual([400, { message: 'error updating rules for custom templates, acount ABCD1234 templateId [cis-benchmark-1-6-0]' }]);
    });

    test('DELETE template: 204 for a custom one, 400 "not exists" for unknown or built-in', async () => {
      const id = parsed(await call('POST', '/templates', { name: 'gone' })).template_id;
      expect((await call('DELETE', `/templates/${id}`)).status).toBe(204);
      for (const missing of [id, 'cis-benchmark-1-6-0']) {
        const answer = await call('DELETE', `/templates/${missing}`);
        expect([answer.status, parsed(answer)]).toEqual([400, { message: `error deleting custom template ${missing}: not exists` }]);
      }
    });
  });

  test('reset brings back the seeded catalogue, templates, Any scope and default policy only', async () => {
    await scope('temporary');
    sim.reset();
    expect(sim.scopes().map(s => s.name)).toEqual(['Any']);
    expect(sim.policies().map(p => p.name)).toEqual(['default']);
    expect(sim.templates().every(t => t.custom === null)).toBe(true);
  });

  describe('per-source-IP rate limit', () => {
    afterEach(() => {
      sim.rateLimitPerMinute = undefined;
    });

    test('off by default; once the budget is spent, 429 with Retry-After, counted per IP whatever the key', async () => {
      expect(sim.rateLimitPerMinute).toBeUndefined();
      sim.rateLimitPerMinute = 2;
      expect((await call('GET', '/rules')).status).toBe(200);
      expect((await call('GET', '/rules', undefined, { 'X-AUTH-TOKEN': 'wrong/key' })).status).toBe(403);
      const limited = await call('GET', '/templates');
      expect([limited.status, parsed(limited)]).toEqual([429, { success: false, message: 'Too Many Requests' }]);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      sim.reset();
      expect((await call('GET', '/templates')).status).toBe(200);
    });

    test('set from SECOPS_SIM_CARBONBLACK_RATE_LIMIT; a bad value is refused', () => {
      expect(new CarbonBlackSimulator({ env: { SECOPS_SIM_CARBONBLACK_RATE_LIMIT: '100' } }).rateLimitPerMinute).toBe(100);
      expect(() => new CarbonBlackSimulator({ env: { SECOPS_SIM_CARBONBLACK_RATE_LIMIT: 'lots' } }))
        .toThrow('carbonblack simulator: rate limit must be a whole number of requests per minute, got "lots"');
    });
  });

  test('injected faults answer before the API (a 429 with Retry-After)', async () => {
    sim.faults.inject('429,retry-after=1');
    const limited = await call('GET', '/rules');
    expect([limited.status, limited.headers['retry-after']]).toEqual([429, '1']);
    expect((await call('GET', '/rules')).status).toBe(200);
  });
});
