import { NomadSimulator } from '../../../src/simulators/nomad';
import { blake2b } from '../../../src/simulators/nomad/blake2b';
import { closeRawAgent, raw, RawResponse } from '../raw-http';

const TOKEN = '3b0b8a54-7a3e-4b8f-a0a9-2d6f4c1e9b10';

afterAll(() => closeRawAgent());

describe('NomadSimulator over plain HTTP', () => {
  const sim = new NomadSimulator({ managementToken: TOKEN });
  const auth = { 'X-Nomad-Token': TOKEN };
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = auth): Promise<RawResponse> =>
    raw(sim.url, method, path, { headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const create = async (rule: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const response = await call('PUT', '/v1/acl/binding-rule', rule);
    expect(response.status).toBe(200);
    return JSON.parse(response.body) as Record<string, unknown>;
  };
  const expectText = (response: RawResponse, status: number, body: string): void => {
    expect([response.status, response.headers['content-type'], response.body]).toEqual([status, 'text/plain; charset=utf-8', body]);
  };

  beforeAll(() => sim.start());
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  describe('reads and query metadata', () => {
    test('an empty list is [] with index, leader and last-contact headers', async () => {
      const response = await call('GET', '/v1/acl/binding-rules');
      expect(response.status).toBe(200);
      expect(response.body).toBe('[]');
      expect(response.headers['content-type']).toBe('application/json');
      expect(Number(response.headers['x-nomad-index'])).toBeGreaterThanOrEqual(1);
      expect([response.headers['x-nomad-knownleader'], response.headers['x-nomad-lastcontact']]).toEqual(['true', '0']);
    });

    test('stubs carry exactly Nomad\'s list fields', async () => {
      const rule = await create({ AuthMethod: 'okta', BindType: 'role', BindName: 'eng', Description: 'd', Selector: 'value.a == b' });
      const list = JSON.parse((await call('GET', '/v1/acl/binding-rules')).body);
      expect(list).toEqual([{
        ID: rule.ID, Description: 'd', AuthMethod: 'okta', Hash: rule.Hash, CreateIndex: rule.CreateIndex, ModifyIndex: rule.ModifyIndex,
      }]);
      expect(Object.keys(list[0])).toEqual(['ID', 'Description', 'AuthMethod', 'Hash', 'CreateIndex', 'ModifyIndex']);
    });

    test('a read reports the rule\'s ModifyIndex; an unknown ID is 404 with the table index', async () => {
      const rule = await create({ AuthMethod: 'okta', BindType: 'management' });
      await create({ AuthMethod: 'okta', BindType: 'management', Description: 'second' });
      const read = await call('GET', `/v1/acl/binding-rule/${rule.ID}`);
      expect([read.status, read.headers['x-nomad-index']]).toEqual([200, String(rule.ModifyIndex)]);
      const missing = await call('GET', '/v1/acl/binding-rule/8f9c2b56-0000-4000-8000-000000000000');
      expectText(missing, 404, 'ACL binding rule not found');
      expect(missing.headers['x-nomad-index']).toBe(String(sim.index));
    });

    test('the token is also accepted as Authorization: Bearer', async () => {
      expect((await call('GET', '/v1/acl/binding-rules', undefined, { Authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    });

    test('?pretty indents by four with a trailing newline', async () => {
      await create({ AuthMethod: 'okta', BindType: 'management' });
      const body = (await call('GET', '/v1/acl/binding-rules?pretty')).body;
      expect(body.startsWith('[\n    {\n        "ID": "')).toBe(true);
      expect(body.endsWith('}\n]\n')).toBe(true);
    });

    test('auth methods are listed without a token', async () => {
      const response = await call('GET', '/v1/acl/auth-methods', undefined, {});
      expect(response.status).toBe(200);
      expect(JSON.parse(response.body).map((m: { Name: string; Type: string; Default: boolean }) => [m.Name, m.Type, m.Default]))
        .toEqual([['github-jwt', 'JWT', false], ['okta', 'OIDC', true]]);
    });
  });

  describe('writes', () => {
    test('create answers the full object in Nomad\'s field order, with X-Nomad-Index, POST or PUT', async () => {
      const before = sim.index;
      const response = await call('POST', '/v1/acl/binding-rule', {
        Description: 'Engineers', AuthMethod: 'okta', Selector: '"engineering" in list.groups', BindType: 'role', BindName: 'engineer',
      });
      expect(response.status).toBe(200);
      expect(response.headers['x-nomad-index']).toBe(String(before + 1));
      const rule = JSON.parse(response.body);
      expect(Object.keys(rule)).toEqual(['ID', 'Description', 'AuthMethod', 'Selector', 'BindType', 'BindName', 'Hash', 'CreateTime',
        'ModifyTime', 'CreateIndex', 'ModifyIndex']);
      expect(rule).toMatchObject({ CreateIndex: before + 1, ModifyIndex: before + 1 });
      expect(rule.CreateTime).toBe(rule.ModifyTime);
      expect(rule.CreateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{1,9}Z$/);
      const material = `${rule.ID}Engineersokta"engineering" in list.groupsroleengineer`;
      expect(rule.Hash).toBe(blake2b(Buffer.from(material)).toString('base64'));
    });

    test('field names match case-insensitively and server-owned fields are ignored, as Go\'s decoder does', async () => {
      const rule = await create({ authmethod: 'okta', BINDTYPE: 'management', description: 'lower', CreateIndex: 999, Unknown: true });
      expect(rule).toMatchObject({ AuthMethod: 'okta', BindType: 'management', Description: 'lower' });
      expect(rule.CreateIndex).toBe(sim.index);
    });

    test('update overwrites Description and Selector, merges AuthMethod, BindType and BindName, keeps CreateTime', async () => {
      const rule = await create({ AuthMethod: 'okta', BindType: 'role', BindName: 'eng', Description: 'd', Selector: 'value.a == b' });
      const response = await call('POST', `/v1/acl/binding-rule/${rule.ID}`, { BindName: 'ops' });
      expect(response.status).toBe(200);
      const updated = JSON.parse(response.body);
      expect(updated).toMatchObject({
        ID: rule.ID,
        AuthMethod: 'okta',
        BindType: 'role',
        BindName: 'ops',
        Description: '',
        Selector: '',
        CreateTime: rule.CreateTime,
        CreateIndex: rule.CreateIndex,
        ModifyIndex: sim.index,
      });
      expect(updated.ModifyTime > (rule.ModifyTime as string)).toBe(true);
      expect(response.headers['x-nomad-index']).toBe(String(sim.index));
    });

    test('an unchanged update consumes an index but leaves the rule as it was', async () => {
      const rule = await create({ AuthMethod: 'okta', BindType: 'management' });
      const response = await call('PUT', `/v1/acl/binding-rule/${rule.ID}`, { AuthMethod: 'okta', BindType: 'management' });
      expect(JSON.parse(response.body)).toEqual(rule);
      expect(response.headers['x-nomad-index']).toBe(String((rule.ModifyIndex as number) + 1));
      const list = await call('GET', '/v1/acl/binding-rules');
      expect(list.headers['x-nomad-index']).toBe(String(rule.ModifyIndex));
    });

    test('merging keeps the old BindName, so turning a role rule into management without recreating it fails as in Nomad', async () => {
      const rule = await create({ AuthMethod: 'okta', BindType: 'role', BindName: 'eng' });
      expectText(await call('PUT', `/v1/acl/binding-rule/${rule.ID}`, { BindType: 'management' }), 400,
        'binding rule 0 invalid: 1 error occurred:\n\t* bind name should be empty\n\n');
    });

    test('delete answers 200 with an empty body and the index; again it is 500 "ACL binding rule not found"', async () => {
      const rule = await create({ AuthMethod: 'okta', BindType: 'management' });
      const deleted = await call('DELETE', `/v1/acl/binding-rule/${rule.ID}`);
      expect([deleted.status, deleted.body, deleted.headers['x-nomad-index'], deleted.headers['content-type']])
        .toEqual([200, '', String(sim.index), undefined]);
      const again = await call('DELETE', `/v1/acl/binding-rule/${rule.ID}`);
      expectText(again, 500, 'ACL binding rule not found');
      expect(again.headers['x-nomad-index']).toBeUndefined();
    });
  });

  describe('errors, as Nomad words them', () => {
    test.each([
      ['GET', '/v1/acl/binding-rules'],
      ['GET', '/v1/acl/binding-rule/x'],
      ['PUT', '/v1/acl/binding-rule'],
      ['DELETE', '/v1/acl/binding-rule/x'],
    ])('%s %s without the management token is 403 Permission denied', async (method, path) => {
      const body = method === 'PUT' ? { AuthMethod: 'okta', BindType: 'management' } : undefined;
      expectText(await call(method, path, body, {}), 403, 'Permission denied');
      expectText(await call(method, path, body, { 'X-Nomad-Token': 'not-the-token' }), 403, 'Permission denied');
      expect(sim.rules()).toEqual([]);
    });

    test.each([
      ['an empty body', '', 'Request body is empty'],
      ['a body that is not JSON', '<xml/>', 'invalid character \'<\' looking for beginning of value'],
      ['a truncated body', '{"AuthMethod":', 'unexpected EOF'],
      ['an array', '[]', 'json: cannot unmarshal array into Go value of type structs.ACLBindingRule'],
      ['a number for a string field', '{"Description":5}', 'json: cannot unmarshal number into Go struct field ACLBindingRule.Description of type string'],
      ['a negative index', '{"CreateIndex":-1}', 'json: cannot unmarshal number -1 into Go struct field ACLBindingRule.CreateIndex of type uint64'],
    ])('400 for %s', async (_label, body, message) => {
      expectText(await call('PUT', '/v1/acl/binding-rule', body), 400, message);
    });

    test('400 when the body ID does not match the path, checked before the token', async () => {
      expectText(await call('PUT', '/v1/acl/binding-rule/abc', { ID: 'def' }, {}), 400, 'ACL binding rule ID does not match request path');
    });

    test('400 for a create naming an ID Nomad does not have', async () => {
      expectText(await call('PUT', '/v1/acl/binding-rule', { ID: 'abc', AuthMethod: 'okta', BindType: 'management' }), 400, 'cannot find binding rule abc');
    });

    test('400 for an invalid selector, with go-bexpr\'s message', async () => {
      expectText(await call('PUT', '/v1/acl/binding-rule', { AuthMethod: 'okta', BindType: 'management', Selector: '"engineering" in list.groups and' }),
        400, 'binding rule 0 invalid: 1 error occurred:\n\t* selector is invalid: 1:33 (32): no match found, expected: [ \\t\\r\\n]\n\n');
    });

    test('Description is limited to 256 bytes', async () => {
      expect((await call('PUT', '/v1/acl/binding-rule', { AuthMethod: 'okta', BindType: 'management', Description: 'x'.repeat(256) })).status).toBe(200);
      expectText(await call('PUT', '/v1/acl/binding-rule', { AuthMethod: 'okta', BindType: 'management', Description: 'x'.repeat(257) }), 400,
        'binding rule 0 invalid: 1 error occurred:\n\t* description longer than 256\n\n');
    });

    test('400 when the AuthMethod changes on update', async () => {
      const rule = await create({ AuthMethod: 'okta', BindType: 'management' });
      expectText(await call('PUT', `/v1/acl/binding-rule/${rule.ID}`, { AuthMethod: 'github-jwt', BindType: 'management' }), 400,
        'cannot update auth method for binding rule, create a new rule instead');
    });

    test.each(['GET', 'PUT', 'DELETE', 'PATCH'])('%s on /v1/acl/binding-rule/ is 400 missing ID', async (method) => {
      expectText(await call(method, '/v1/acl/binding-rule/'), 400, 'missing ACL binding rule ID');
    });

    test.each([
      ['GET', '/v1/acl/binding-rule'],
      ['POST', '/v1/acl/binding-rules'],
      ['PATCH', '/v1/acl/binding-rule/x'],
      ['DELETE', '/v1/acl/auth-methods'],
    ])('%s %s is 405 Invalid method', async (method, path) => {
      expectText(await call(method, path), 405, 'Invalid method');
    });

    test('unknown paths are 404 with an empty body', async () => {
      expect(await call('GET', '/v1/acl/nothing')).toMatchObject({ status: 404, body: '' });
    });

    test.each([
      ['wait=soon', 'Invalid wait time'],
      ['index=-1', 'Invalid index'],
      ['stale=maybe', 'Expect `true` or `false` for `stale` query string parameter'],
      ['per_page=x', 'Expect a number for `per_page` query string parameter'],
    ])('?%s is 400 "%s"', async (query, message) => {
      expectText(await call('GET', `/v1/acl/binding-rules?${query}`), 400, message);
    });

    test('reads for another region fail as Nomad does without a path there; writes go to the authoritative region', async () => {
      expectText(await call('GET', '/v1/acl/binding-rules?region=eu'), 500, 'No path to region');
      expectText(await call('GET', '/v1/acl/auth-methods?region=eu'), 500, 'No path to region');
      expect((await call('GET', '/v1/acl/binding-rules?region=global&stale')).status).toBe(200);
      expect((await call('PUT', '/v1/acl/binding-rule?region=eu', { AuthMethod: 'okta', BindType: 'management' })).status).toBe(200);
    });
  });

  describe('blocking queries', () => {
    // Waits are longer than jest's timeout: only a write can end these queries.
    test('a list held with ?index returns when a rule is written', async () => {
      const index = (await call('GET', '/v1/acl/binding-rules')).headers['x-nomad-index'];
      const blocked = call('GET', `/v1/acl/binding-rules?index=${index}&wait=10m`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const rule = await create({ AuthMethod: 'okta', BindType: 'management' });
      const response = await blocked;
      expect(response.headers['x-nomad-index']).toBe(String(rule.ModifyIndex));
      expect(JSON.parse(response.body)).toHaveLength(1);
    });

    test('a held read of a rule answers 404 once the rule is deleted', async () => {
      const rule = await create({ AuthMethod: 'okta', BindType: 'management' });
      const blocked = call('GET', `/v1/acl/binding-rule/${rule.ID}?index=${rule.ModifyIndex}&wait=10m`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await call('DELETE', `/v1/acl/binding-rule/${rule.ID}`);
      const response = await blocked;
      expectText(response, 404, 'ACL binding rule not found');
      expect(response.headers['x-nomad-index']).toBe(String(sim.index));
    });

    test('without a write the query returns after the wait (plus up to 1/16 jitter) with the same index', async () => {
      const index = (await call('GET', '/v1/acl/binding-rules')).headers['x-nomad-index'];
      const started = Date.now();
      const response = await call('GET', `/v1/acl/binding-rules?index=${index}&wait=200ms`);
      expect(response.headers['x-nomad-index']).toBe(index);
      expect(Date.now() - started).toBeGreaterThanOrEqual(195);
    });

    test('an index already passed answers at once', async () => {
      await create({ AuthMethod: 'okta', BindType: 'management' });
      expect((await call('GET', '/v1/acl/binding-rules?index=1&wait=10m')).status).toBe(200);
    });
  });

  describe('direct access for tests', () => {
    test('upsertRule applies Nomad\'s validation; rules(), rule(), authMethods() and addAuthMethod()', () => {
      expect(() => sim.upsertRule({ AuthMethod: 'ldap', BindType: 'management' })).toThrow('400: ACL auth method ldap not found');
      sim.addAuthMethod({ name: 'ldap', type: 'JWT' });
      const rule = sim.upsertRule({ AuthMethod: 'ldap', BindType: 'policy', BindName: 'readonly' });
      expect(sim.rule(rule.ID)).toEqual(rule);
      expect(sim.rules()).toEqual([rule]);
      expect(sim.authMethods().map((m) => m.Name)).toEqual(['github-jwt', 'ldap', 'okta']);
      sim.reset();
      expect(sim.rules()).toEqual([]);
      expect(sim.authMethods().map((m) => m.Name)).toEqual(['github-jwt', 'okta']);
    });

    test('the admin state dump shows rules and auth methods but not the token', async () => {
      const rule = sim.upsertRule({ AuthMethod: 'okta', BindType: 'management' });
      const dump = await call('GET', '/__secops/state', undefined, {});
      expect(JSON.parse(dump.body).state).toEqual({
        region: 'global', index: sim.index, bindingRules: [rule], authMethods: sim.authMethods(),
      });
      expect(dump.body).not.toContain(TOKEN);
    });
  });
});

describe('NomadSimulator options', () => {
  test('region, auth methods, token and startup faults are configurable', async () => {
    const sim = new NomadSimulator({
      region: 'eu',
      managementToken: 'custom-token',
      authMethods: [{ name: 'corp', type: 'OIDC', default: true }],
      env: { SECOPS_SIM_FAULTS_NOMAD: '503,times=1' },
    });
    await sim.start();
    try {
      const headers = { 'X-Nomad-Token': 'custom-token' };
      expect((await raw(sim.url, 'GET', '/v1/acl/auth-methods', { headers })).status).toBe(503);
      const methods = JSON.parse((await raw(sim.url, 'GET', '/v1/acl/auth-methods?region=eu', { headers })).body);
      expect(methods.map((m: { Name: string }) => m.Name)).toEqual(['corp']);
      expect((await raw(sim.url, 'GET', '/v1/acl/binding-rules?region=global', { headers })).status).toBe(500);
    } finally {
      await sim.stop();
    }
  });

  test('the default management token is a fresh UUID per simulator', () => {
    const a = new NomadSimulator();
    const b = new NomadSimulator();
    expect(a.managementToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.managementToken).not.toBe(b.managementToken);
  });
});
