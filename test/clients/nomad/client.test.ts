import { ApiError, TransportError } from '../../../src/clients/core';
import { AclBindingRuleResponse, NomadClient, NomadClientOptions, nomadSettingsFromEnv, NomadSettingsInput } from '../../../src/clients/nomad';
import { NomadSimulator } from '../../../src/simulators/nomad';
import { setLogLevel, setLogSink } from '../../../src/util/log';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const GO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

describe('NomadClient against the Nomad simulator', () => {
  const sim = new NomadSimulator({ managementToken: 'c1f3a9e2-0d4b-4e55-9a61-7b2f8e3d1a00' });
  const clients: NomadClient[] = [];
  let retryDelays: number[];

  const connect = (settings: NomadSettingsInput = {}, options: NomadClientOptions = {}): NomadClient => {
    const client = new NomadClient(
      nomadSettingsFromEnv({ address: sim.url, token: sim.managementToken, ...settings }, {}),
      { retry: { random: () => 0.5, sleep: async (ms) => void retryDelays.push(ms) }, ...options },
    );
    clients.push(client);
    return client;
  };

  const engineers = { Description: 'Engineers get the engineer role', AuthMethod: 'okta', Selector: '"engineering" in list.groups', BindType: 'role', BindName: 'engineer' };

  beforeAll(() => sim.start());
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await sim.stop();
  });
  beforeEach(() => {
    sim.reset();
    retryDelays = [];
  });

  describe('happy paths', () => {
    test('create returns the full rule Nomad stored', async () => {
      const nomad = connect();
      const before = sim.index;
      const created = await nomad.createBindingRule(engineers);
      expect(created).toEqual({
        ...engineers,
        ID: expect.stringMatching(UUID),
        Hash: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/),
        CreateTime: expect.stringMatching(GO_TIME),
        ModifyTime: created.CreateTime,
        CreateIndex: before + 1,
        ModifyIndex: before + 1,
      });
      expect(sim.rules()).toEqual([created]);
      // The first create of a client reads the table's index: a lost create is told from older rules by it.
      expect(sim.requests.map((r) => [r.method, r.path, r.status])).toEqual([['GET', '/v1/acl/binding-rules', 200], ['PUT', '/v1/acl/binding-rule', 200]]);
      expect(JSON.parse(sim.requests[1]!.body)).toEqual(engineers);
      await nomad.createBindingRule({ ...engineers, BindName: 'other' });
      expect(sim.requests.slice(2).map((r) => r.method)).toEqual(['PUT']);
    });

    test('get returns the rule, and undefined for an unknown ID (404)', async () => {
      const nomad = connect();
      const created = await nomad.createBindingRule(engineers);
      expect(await nomad.getBindingRule(created.ID)).toEqual(created);
      expect(await nomad.getBindingRule('00000000-0000-4000-8000-000000000000')).toBeUndefined();
      expect(sim.requests.at(-1)!.status).toBe(404);
    });

    test('list returns the stubs Nomad sends, in ID order', async () => {
      const nomad = connect();
      const a = await nomad.createBindingRule(engineers);
      const b = await nomad.createBindingRule({ AuthMethod: 'github-jwt', BindType: 'management' });
      const stubs = await nomad.listBindingRules();
      const expected = [a, b].sort((x, y) => x.ID.localeCompare(y.ID)).map((r) => ({
        ID: r.ID, Description: r.Description, AuthMethod: r.AuthMethod, Hash: r.Hash, CreateIndex: r.CreateIndex, ModifyIndex: r.ModifyIndex,
      }));
      expect(stubs).toEqual(expected);
      expect(await nomad.listBindingRulesDetailed()).toEqual([a, b].sort((x, y) => x.ID.localeCompare(y.ID)));
    });

    test('update sends the whole object; what is omitted is cleared, as Nomad overwrites', async () => {
      const nomad = connect();
      const created = await nomad.createBindingRule(engineers);
      const updated = await nomad.updateBindingRule({ ID: created.ID, AuthMethod: 'okta', BindType: 'policy', BindName: 'readonly' });
      expect(updated).toEqual({
        ...created,
        Description: '',
        Selector: '',
        BindType: 'policy',
        BindName: 'readonly',
        Hash: expect.any(String),
        ModifyTime: expect.stringMatching(GO_TIME),
        ModifyIndex: created.ModifyIndex + 1,
      });
      expect(updated.Hash).not.toBe(created.Hash);
      expect(updated.ModifyTime > created.ModifyTime).toBe(true);
      const sent = sim.requests.at(-1)!;
      expect([sent.method, sent.path]).toEqual(['PUT', `/v1/acl/binding-rule/${created.ID}`]);
      expect(JSON.parse(sent.body)).toEqual({ ID: created.ID, Description: '', AuthMethod: 'okta', Selector: '', BindType: 'policy', BindName: 'readonly' });
    });

    test('an update that changes nothing keeps the stored rule and its ModifyIndex', async () => {
      const nomad = connect();
      const created = await nomad.createBindingRule(engineers);
      expect(await nomad.updateBindingRule(created)).toEqual(created);
    });

    test('delete removes the rule; deleting it again reports it was already gone (Nomad\'s 500)', async () => {
      const nomad = connect();
      const created = await nomad.createBindingRule(engineers);
      expect(await nomad.deleteBindingRule(created.ID)).toBe(true);
      expect(sim.rules()).toEqual([]);
      expect(await nomad.deleteBindingRule(created.ID)).toBe(false);
      expect(sim.requests.slice(-2).map((r) => r.status)).toEqual([200, 500]);
      expect(retryDelays).toEqual([]);
    });

    test('auth methods list the seeded stubs', async () => {
      expect(await connect().listAuthMethods()).toEqual([
        { Name: 'github-jwt', Type: 'JWT', Default: false, Hash: expect.any(String), CreateIndex: expect.any(Number), ModifyIndex: expect.any(Number) },
        { Name: 'okta', Type: 'OIDC', Default: true, Hash: expect.any(String), CreateIndex: expect.any(Number), ModifyIndex: expect.any(Number) },
      ]);
    });

    test('the region is sent as ?region=', async () => {
      await connect({ region: 'global' }).listBindingRules();
      expect(sim.requests[0]!.query).toBe('region=global');
    });

    test('a missing ID is refused before any request', async () => {
      await expect(connect().updateBindingRule({ AuthMethod: 'okta', BindType: 'management' })).rejects.toThrow('missing ACL binding rule ID');
      await expect(connect().getBindingRule('')).rejects.toThrow('missing ACL binding rule ID');
      expect(sim.requests).toEqual([]);
    });
  });

  describe('reads shared by a refresh (getBindingRuleIfChanged)', () => {
    const seed = (count: number) => Array.from({ length: count }, (_, i) =>
      sim.upsertRule({ AuthMethod: 'okta', BindType: 'role', BindName: `role-${i}`, Selector: `"team-${i}" in list.groups` }));
    const requestsSince = (mark: number) => sim.requests.slice(mark).map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}$/, 'ID')} ${r.status}`);

    test('unchanged rules cost one list of stubs, not a read each', async () => {
      const rules = seed(20);
      const nomad = connect();
      const checks = await Promise.all(rules.map((rule) => nomad.getBindingRuleIfChanged(rule.ID, rule.ModifyIndex)));
      expect(checks).toEqual(rules.map(() => ({ status: 'unchanged' })));
      // Later reads in the same refresh use the same list.
      expect(await nomad.getBindingRuleIfChanged(rules[3]!.ID, rules[3]!.ModifyIndex)).toEqual({ status: 'unchanged' });
      expect(requestsSince(0)).toEqual(['GET /v1/acl/binding-rules 200']);
    });

    test('a rule changed or deleted behind the client\'s back is read in full, or found gone', async () => {
      const rules = seed(5);
      const changed = sim.upsertRule({ ...rules[1]!, Description: 'edited in the UI' });
      await connect().deleteBindingRule(rules[2]!.ID);
      const mark = sim.requests.length;
      const nomad = connect();
      const checks = await Promise.all(rules.map((rule) => nomad.getBindingRuleIfChanged(rule.ID, rule.ModifyIndex)));
      expect(checks.map((check) => check.status)).toEqual(['unchanged', 'changed', 'gone', 'unchanged', 'unchanged']);
      expect(checks[1]).toEqual({ status: 'changed', rule: expect.objectContaining({ ID: rules[1]!.ID, Description: 'edited in the UI', ModifyIndex: changed.ModifyIndex }) });
      expect(requestsSince(mark).sort()).toEqual(['GET /v1/acl/binding-rule/ID 200', 'GET /v1/acl/binding-rule/ID 404', 'GET /v1/acl/binding-rules 200']);
    });

    test('a write through the client forgets the list: the next reads see the write', async () => {
      const rules = seed(4);
      const nomad = connect();
      await Promise.all(rules.map((rule) => nomad.getBindingRuleIfChanged(rule.ID, rule.ModifyIndex)));
      const updated = await nomad.updateBindingRule({ ...rules[0]!, Description: 'changed by Terraform' });
      const mark = sim.requests.length;
      const checks = await Promise.all(rules.map((rule) => nomad.getBindingRuleIfChanged(rule.ID, rule.ModifyIndex)));
      expect(checks[0]).toEqual({ status: 'changed', rule: updated });
      expect(checks.slice(1).map((check) => check.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
      expect(requestsSince(mark).sort()).toEqual(['GET /v1/acl/binding-rule/ID 200', 'GET /v1/acl/binding-rules 200']);
    });

    test('one or two reads are plain reads of the rule', async () => {
      const [rule] = seed(1);
      const nomad = connect();
      expect(await nomad.getBindingRuleIfChanged(rule!.ID, rule!.ModifyIndex)).toEqual({ status: 'unchanged' });
      expect(requestsSince(0)).toEqual(['GET /v1/acl/binding-rule/ID 200']);
    });
  });

  describe('index and blocking queries', () => {
    test('X-Nomad-Index grows with every write and is the table\'s latest write', async () => {
      const nomad = connect();
      const start = (await nomad.queryBindingRules()).index;
      const created = await nomad.createBindingRule(engineers);
      const afterCreate = await nomad.queryBindingRules();
      const updated = await nomad.updateBindingRule({ ...created, Description: 'changed' });
      const afterUpdate = await nomad.queryBindingRules();
      await nomad.deleteBindingRule(created.ID);
      const afterDelete = await nomad.queryBindingRules();
      expect(created.ModifyIndex).toBeGreaterThan(start);
      expect([afterCreate.index, afterUpdate.index, afterDelete.index]).toEqual([created.ModifyIndex, updated.ModifyIndex, sim.index]);
      expect(updated.ModifyIndex).toBe(created.ModifyIndex + 1);
      expect(sim.index).toBe(updated.ModifyIndex + 1);
      expect(afterCreate).toMatchObject({ knownLeader: true, lastContactMs: 0 });
      const read = await nomad.queryBindingRule(created.ID);
      expect(read.value).toBeUndefined();
      expect(read.index).toBe(afterDelete.index);
    });

    // The wait is far longer than jest's timeout: only the write can end these queries.
    test('a blocking list returns as soon as a write happens', async () => {
      const nomad = connect();
      const { index } = await nomad.queryBindingRules();
      const blocked = nomad.queryBindingRules({ index, waitMs: 600_000 });
      const created = new Promise<AclBindingRuleResponse>((resolve) => setTimeout(() => resolve(nomad.createBindingRule(engineers)), 150));
      const result = await blocked;
      expect(result.index).toBe((await created).ModifyIndex);
      expect(result.value.map((s) => s.ID)).toEqual([(await created).ID]);
      expect(sim.requests.map((r) => r.query)).toContain(`index=${index}&wait=600000ms`);
    });

    test('a blocking read of one rule wakes on that rule\'s change only', async () => {
      const nomad = connect();
      const rule = await nomad.createBindingRule(engineers);
      const blocked = nomad.queryBindingRule(rule.ID, { index: rule.ModifyIndex, waitMs: 600_000 });
      await nomad.createBindingRule({ AuthMethod: 'okta', BindType: 'management' });
      const updated = await nomad.updateBindingRule({ ...rule, BindName: 'senior-engineer' });
      const result = await blocked;
      expect(result.index).toBe(updated.ModifyIndex);
      expect(result.value?.BindName).toBe('senior-engineer');
    });

    test('a blocking query with no write returns after the wait with the same index', async () => {
      const nomad = connect();
      const { index } = await nomad.queryBindingRules();
      const started = Date.now();
      const result = await nomad.queryBindingRules({ index, waitMs: 300 });
      expect(result.index).toBe(index);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    });
  });

  describe('errors', () => {
    const apiError = async (promise: Promise<unknown>): Promise<ApiError> => {
      const error = await promise.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      return error as ApiError;
    };

    test.each([
      ['no token', undefined],
      ['a wrong token', '11111111-2222-4333-8444-555555555555'],
    ])('403 Permission denied with %s, never retried', async (_label, token) => {
      const nomad = new NomadClient(nomadSettingsFromEnv({ address: sim.url, token }, {}));
      clients.push(nomad);
      const error = await apiError(nomad.listBindingRules());
      expect(error.message).toBe('Nomad API error (403 Forbidden) on GET /v1/acl/binding-rules: Permission denied');
      expect([error.status, error.body, error.attempts]).toEqual([403, 'Permission denied', 1]);
      // A create first reads the table's index (to tell a lost create from older rules): refused the same way.
      await expect(nomad.createBindingRule(engineers)).rejects.toThrow('Nomad API error (403 Forbidden) on GET /v1/acl/binding-rules: Permission denied');
      await expect(nomad.getBindingRule('x')).rejects.toThrow('(403 Forbidden) on GET /v1/acl/binding-rule/x: Permission denied');
      await expect(nomad.deleteBindingRule('x')).rejects.toThrow('(403 Forbidden) on DELETE /v1/acl/binding-rule/x: Permission denied');
      expect(sim.rules()).toEqual([]);
    });

    test.each([
      ['a missing auth method', { AuthMethod: '', BindType: 'role', BindName: 'x' }, 'binding rule 0 invalid: 1 error occurred:\n\t* auth method is missing'],
      ['an unknown auth method', { AuthMethod: 'ldap', BindType: 'role', BindName: 'x' }, 'ACL auth method ldap not found'],
      ['a bind type other than role/policy/management', { AuthMethod: 'okta', BindType: 'group', BindName: 'x' },
        'binding rule 0 invalid: 1 error occurred:\n\t* unsupported bind type: "group"'],
      ['a missing bind type', { AuthMethod: 'okta', BindType: '' }, 'binding rule 0 invalid: 1 error occurred:\n\t* bind type is missing'],
      ['a role without BindName', { AuthMethod: 'okta', BindType: 'role' }, 'binding rule 0 invalid: 1 error occurred:\n\t* bind name is missing'],
      ['a policy without BindName', { AuthMethod: 'okta', BindType: 'policy', BindName: '' }, 'binding rule 0 invalid: 1 error occurred:\n\t* bind name is missing'],
      ['management with a BindName', { AuthMethod: 'okta', BindType: 'management', BindName: 'root' },
        'binding rule 0 invalid: 1 error occurred:\n\t* bind name should be empty'],
      ['a description over 256 bytes', { AuthMethod: 'okta', BindType: 'management', Description: 'é'.repeat(129) },
        'binding rule 0 invalid: 1 error occurred:\n\t* description longer than 256'],
      ['an invalid selector', { AuthMethod: 'okta', BindType: 'management', Selector: 'engineering in' },
        'binding rule 0 invalid: 1 error occurred:\n\t* selector is invalid: 1:15 (14): no match found, expected: [ \\t\\r\\n]'],
      ['several problems at once', { AuthMethod: '', BindType: 'management', BindName: 'root', Selector: '"a" in "b"' },
        'binding rule 0 invalid: 3 errors occurred:\n\t* auth method is missing\n\t* bind name should be empty\n' +
        '\t* selector is invalid: 1:8 (7): rule "match": Invalid selector'],
    ])('400 for %s on create, not retried', async (_label, rule, message) => {
      const error = await apiError(connect().createBindingRule(rule));
      expect(error.status).toBe(400);
      expect(error.vendorMessage).toBe(message);
      expect(error.message).toBe(`Nomad API error (400 Bad Request) on PUT /v1/acl/binding-rule: ${message}`);
      expect(error.attempts).toBe(1);
      expect(sim.rules()).toEqual([]);
    });

    test('400 when an update changes the auth method', async () => {
      const nomad = connect();
      const created = await nomad.createBindingRule(engineers);
      const error = await apiError(nomad.updateBindingRule({ ...created, AuthMethod: 'github-jwt' }));
      expect(error.message).toBe(
        `Nomad API error (400 Bad Request) on PUT /v1/acl/binding-rule/${created.ID}: cannot update auth method for binding rule, create a new rule instead`);
      expect(sim.rule(created.ID)).toEqual(created);
    });

    test('400 when updating a rule that does not exist', async () => {
      const error = await apiError(connect().updateBindingRule({ ID: 'f0f0f0f0-0000-4000-8000-000000000000', AuthMethod: 'okta', BindType: 'management' }));
      expect(error.vendorMessage).toBe('cannot find binding rule f0f0f0f0-0000-4000-8000-000000000000');
    });

    test('500 No path to region is reported at once, not retried', async () => {
      const error = await apiError(connect({ region: 'mars' }).listBindingRules());
      expect(error.message).toBe('Nomad API error (500 Internal Server Error) on GET /v1/acl/binding-rules: No path to region');
      expect(error.attempts).toBe(1);
    });

    test('an unreachable agent is a TransportError naming Nomad and the address', async () => {
      const nomad = new NomadClient(nomadSettingsFromEnv({ address: 'http://127.0.0.1:1' }, {}), { retry: { maxAttempts: 1 } });
      clients.push(nomad);
      const error = await nomad.listBindingRules().catch((e: unknown) => e) as TransportError;
      expect(error).toBeInstanceOf(TransportError);
      expect(error.message).toMatch(/^Nomad API request GET http:\/\/127\.0\.0\.1:1\/v1\/acl\/binding-rules failed: connection refused \(ECONNREFUSED/);
    });
  });

  describe('retries through injected faults', () => {
    test('429 with Retry-After, twice, then the list', async () => {
      const nomad = connect();
      sim.faults.inject('429,times=2,retry-after=3');
      expect(await nomad.listBindingRules()).toEqual([]);
      expect(retryDelays).toEqual([3000, 3000]);
      expect(sim.requests.map((r) => [r.status, r.fault])).toEqual([[429, 'status'], [429, 'status'], [200, undefined]]);
    });

    test('429 is retried even for create (the server did nothing)', async () => {
      const nomad = connect();
      sim.faults.inject({ kind: 'status', status: 429, method: 'PUT', path: '/v1/acl/binding-rule' });
      await nomad.createBindingRule(engineers);
      expect(sim.rules()).toHaveLength(1);
      expect(sim.requests.filter((r) => r.method === 'PUT').map((r) => r.status)).toEqual([429, 200]);
      expect(nomad.writes.stats.lookups).toBe(0);
    });

    test('503 on reads, updates and deletes is retried with backoff', async () => {
      const nomad = connect();
      const created = await nomad.createBindingRule(engineers);
      sim.faults.inject('503,times=2');
      expect(await nomad.getBindingRule(created.ID)).toEqual(created);
      expect(retryDelays).toEqual([188, 375]);
      sim.faults.inject('502,method=PUT');
      expect((await nomad.updateBindingRule({ ...created, Description: 'x' })).Description).toBe('x');
      sim.faults.inject('500,method=DELETE');
      expect(await nomad.deleteBindingRule(created.ID)).toBe(true);
      expect(sim.requests.filter((r) => r.fault !== undefined).map((r) => [r.method, r.status])).toEqual([
        ['GET', 503], ['GET', 503], ['PUT', 502], ['DELETE', 500],
      ]);
    });

    test('503 on create: the rule is looked up, found absent, and created once', async () => {
      const nomad = connect();
      sim.faults.inject('503,method=PUT');
      const created = await nomad.createBindingRule(engineers);
      expect(sim.rules()).toEqual([created]);
      expect(sim.requests.map((r) => [r.method, r.path, r.status])).toEqual([
        ['GET', '/v1/acl/binding-rules', 200], // the index before the create
        ['PUT', '/v1/acl/binding-rule', 503],
        ['GET', '/v1/acl/binding-rules', 200], // did it land? no
        ['PUT', '/v1/acl/binding-rule', 200],
      ]);
      expect(nomad.writes.stats).toEqual({ lookups: 1, adopted: 0, resent: 1 });
    });

    test('a dropped connection is retried for a read and for a delete', async () => {
      const nomad = connect();
      const created = await nomad.createBindingRule(engineers);
      sim.faults.inject('drop,method=GET;drop,method=DELETE');
      expect(await nomad.getBindingRule(created.ID)).toEqual(created);
      expect(await nomad.deleteBindingRule(created.ID)).toBe(true);
      expect(sim.requests.slice(2).map((r) => [r.method, r.status])).toEqual([
        ['GET', 'dropped'], ['GET', 200], ['DELETE', 'dropped'], ['DELETE', 200],
      ]);
    });

    test('a dropped connection on create (nothing applied): looked up, then created once', async () => {
      const nomad = connect();
      sim.faults.inject('drop,method=PUT');
      const created = await nomad.createBindingRule(engineers);
      expect(sim.rules()).toEqual([created]);
      expect(nomad.writes.stats).toEqual({ lookups: 1, adopted: 0, resent: 1 });
    });

    test('a create whose answer was lost is adopted, not made twice', async () => {
      const nomad = connect();
      sim.faults.inject('lost,method=PUT');
      const created = await nomad.createBindingRule(engineers);
      expect(sim.rules()).toEqual([created]);
      expect(sim.requests.filter((r) => r.method === 'PUT').map((r) => [r.status, r.fault])).toEqual([[200, 'lost']]);
      expect(nomad.writes.stats).toEqual({ lookups: 1, adopted: 1, resent: 0 });
    });

    test('a delete whose answer was lost is sent again and its "not found" means done', async () => {
      const nomad = connect();
      const created = await nomad.createBindingRule(engineers);
      sim.faults.inject('lost,method=DELETE');
      expect(await nomad.deleteBindingRule(created.ID)).toBe(false);
      expect(sim.rules()).toEqual([]);
      expect(sim.requests.filter((r) => r.method === 'DELETE').map((r) => [r.status, r.fault])).toEqual([[200, 'lost'], [500, undefined]]);
    });

    test('an identical rule that existed before the create is never adopted', async () => {
      const nomad = connect();
      const older = sim.upsertRule(engineers);
      await nomad.listBindingRules(); // the client has seen the table's index
      sim.faults.inject('503,method=PUT');
      const created = await nomad.createBindingRule(engineers);
      expect(created.ID).not.toBe(older.ID);
      expect(sim.rules()).toHaveLength(2);
    });

    test('two identical creates whose answers were both lost get a rule each', async () => {
      const nomad = connect();
      sim.faults.inject('lost,method=PUT,times=2');
      const [first, second] = await Promise.all([nomad.createBindingRule(engineers), nomad.createBindingRule(engineers)]);
      expect(new Set([first.ID, second.ID]).size).toBe(2);
      expect(sim.rules().map((rule) => rule.ID).sort()).toEqual([first.ID, second.ID].sort());
    });

    test('a rule another write of this client already holds is not adopted (the claimed case)', async () => {
      const nomad = connect();
      const first = await nomad.createBindingRule(engineers);
      sim.faults.inject('503,method=PUT');
      const second = await nomad.createBindingRule(engineers);
      expect(second.ID).not.toBe(first.ID);
      expect(sim.rules()).toHaveLength(2);
    });
  });

  test('the token never appears in logs at trace level, on success, error and retry', async () => {
    const lines: string[] = [];
    setLogSink((line) => lines.push(line));
    setLogLevel('trace');
    try {
      const nomad = connect();
      sim.faults.inject('429,times=1;drop,method=GET,times=1');
      const created: AclBindingRuleResponse = await nomad.createBindingRule(engineers);
      await nomad.getBindingRule(created.ID);
      await nomad.createBindingRule({ AuthMethod: 'ldap', BindType: 'management' }).catch(() => undefined);
      await nomad.deleteBindingRule(created.ID);
    } finally {
      setLogSink(undefined);
      setLogLevel(undefined);
    }
    expect(lines.length).toBeGreaterThan(8);
    const output = lines.join('\n');
    expect(output).not.toContain(sim.managementToken);
    expect(output).toContain('"X-Nomad-Token":"[REDACTED]"');
    expect(JSON.stringify(sim.requests)).not.toContain(sim.managementToken);
  });
});
