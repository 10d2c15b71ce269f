import { IllumioSimulator } from '../../../src/simulators/illumio';
import { closeRawAgent, raw, RawResponse } from '../raw-http';

const USERNAME = 'api_1a2b3c4d5e6f7a8b';
const SECRET = '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0';
const BASIC = `Basic ${Buffer.from(`${USERNAME}:${SECRET}`).toString('base64')}`;
const ORG = '/api/v2/orgs/1';
const DRAFT = `${ORG}/sec_policy/draft`;

afterAll(() => closeRawAgent());

describe('IllumioSimulator over plain HTTP', () => {
  const sim = new IllumioSimulator({ apiKeyUsername: USERNAME, apiKeySecret: SECRET, env: {} });
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<RawResponse> =>
    raw(sim.url, method, path, {
      headers: { 'Authorization': BASIC, 'Content-Type': 'application/json', ...headers },
      body: body === undefined || typeof body === 'string' ? body : JSON.stringify(body),
    });
  const parse = (response: RawResponse): any => JSON.parse(response.body); // eslint-disable-line @typescript-eslint/no-explicit-any -- test bodies are free-form JSON
  const created = async (path: string, body: unknown): Promise<any> => { // eslint-disable-line @typescript-eslint/no-explicit-any -- free-form JSON
    const response = await call('POST', path, body);
    expect([response.status, response.body]).toEqual([201, expect.any(String)]);
    return parse(response);
  };
  const expectError = (response: RawResponse, status: number, token: string, message?: string): void => {
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toBe('application/json');
    expect(parse(response)).toEqual([{ token, message: message ?? expect.any(String) }]);
  };
  const label = (key: string, value: string): Promise<{ href: string }> => created(`${ORG}/labels`, { key, value });

  beforeAll(() => sim.start());
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.reset();
    sim.rateLimitPerMinute = undefined;
  });

  describe('authentication', () => {
    test('no credentials and a wrong secret are 401 with a JSON error list', async () => {
      expectError(await raw(sim.url, 'GET', `${ORG}/labels`), 401, 'authentication_required', 'Authentication required');
      const wrong = `Basic ${Buffer.from(`${USERNAME}:nope`).toString('base64')}`;
      const response = await call('GET', `${ORG}/labels`, undefined, { Authorization: wrong });
      expectError(response, 401, 'authentication_required', 'Authentication required');
      expect(response.headers['www-authenticate']).toBe('Basic realm="PCE"');
    });

    test('defaults: org 1, generated key id and secret, the secret masked in the request log', async () => {
      const fresh = new IllumioSimulator({ env: {} });
      expect(fresh.orgId).toBe(1);
      expect(fresh.apiKeyUsername).toMatch(/^api_[0-9a-f]{16}$/);
      expect(fresh.apiKeySecret).toMatch(/^[0-9a-f]{64}$/);
      await call('POST', `${ORG}/labels`, { key: 'role', value: SECRET });
      expect(sim.requests.at(-1)!.body).not.toContain(SECRET);
    });

    test('another org is 404; an unknown path is 404 and a wrong method 405, as JSON lists', async () => {
      expectError(await call('GET', '/api/v2/orgs/2/labels'), 404, 'not_found_error', 'Not found');
      expectError(await call('GET', '/api/v2/nothing'), 404, 'not_found_error', 'Not found');
      const response = await call('PATCH', `${ORG}/labels`);
      expectError(response, 405, 'method_not_allowed_error', 'Not allowed');
      expect(response.headers.allow).toBe('GET, POST');
    });
  });

  describe('labels', () => {
    test('create answers 201 with the object and its href; read, update (204) and list', async () => {
      const web = await created(`${ORG}/labels`, { key: 'role', value: 'web' });
      expect(web).toEqual({
        href: '/orgs/1/labels/1',
        key: 'role',
        value: 'web',
        external_data_set: null,
        external_data_reference: null,
        deleted: false,
        created_at: expect.any(String),
        updated_at: expect.any(String),
        created_by: { href: '/users/1' },
        updated_by: { href: '/users/1' },
      });
      const updated = await call('PUT', `${ORG}/labels/1`, { value: 'frontend', external_data_set: 'cmdb' });
      expect([updated.status, updated.body]).toEqual([204, '']);
      const read = parse(await call('GET', `${ORG}/labels/1`));
      expect([read.value, read.external_data_set, read.external_data_reference]).toEqual(['frontend', 'cmdb', null]);
    });

    test('key+value must be unique (406); the same value under another key is fine', async () => {
      await label('role', 'web');
      expectError(await call('POST', `${ORG}/labels`, { key: 'role', value: 'web' }), 406, 'label_key_value_conflict',
        'Label with key role and value web already exists: /orgs/1/labels/1');
      await label('app', 'web');
      await label('role', 'db');
      expectError(await call('PUT', `${ORG}/labels/3`, { value: 'web' }), 406, 'label_key_value_conflict');
    });

    test('keys are the four of 20.1; unknown or missing properties are input_validation_error', async () => {
      expectError(await call('POST', `${ORG}/labels`, { key: 'team', value: 'x' }), 406, 'input_validation_error',
        'labels_post: key must be one of role, app, env, loc');
      expectError(await call('POST', `${ORG}/labels`, { key: 'role' }), 406, 'input_validation_error',
        'labels_post: value is required and must be a non-empty string');
      expectError(await call('POST', `${ORG}/labels`, { key: 'role', value: 'x', color: 'red' }), 406, 'input_validation_error',
        'Properties [color] are not allowed in labels_post');
      await label('role', 'web');
      expectError(await call('PUT', `${ORG}/labels/1`, { key: 'app' }), 406, 'input_validation_error',
        'Properties [key] are not allowed in labels_put');
      expectError(await call('POST', `${ORG}/labels`, '{nope'), 406, 'input_validation_error', 'Request body is not valid JSON');
    });

    test('filters: key exact, value partial and case-insensitive; max_results and X-Total-Count', async () => {
      for (const [key, value] of [['app', 'APP'], ['app', 'web-app'], ['app', 'WEBAPP'], ['role', 'app'], ['app', 'db']]) {
        await label(key!, value!);
      }
      const byValue = await call('GET', `${ORG}/labels?key=app&value=app`);
      expect(parse(byValue).map((l: { value: string }) => l.value)).toEqual(['APP', 'web-app', 'WEBAPP']);
      expect(byValue.headers['x-total-count']).toBe('3');
      const capped = await call('GET', `${ORG}/labels?max_results=2`);
      expect([parse(capped).length, capped.headers['x-total-count']]).toEqual([2, '5']);
      const counted = await call('GET', `${ORG}/labels?max_results=0`);
      expect([counted.body, counted.headers['x-total-count']]).toEqual(['[]', '5']);
      expectError(await call('GET', `${ORG}/labels?max_results=-1`), 406, 'input_validation_error');
    });

    test('a synchronous list stops at 500 by default and says how many there are', async () => {
      for (let i = 0; i < 501; i++) {
        sim.state.createLabel({ key: 'app', value: `app-${i}` });
      }
      const response = await call('GET', `${ORG}/labels`);
      expect([parse(response).length, response.headers['x-total-count']]).toEqual([500, '501']);
    });

    test('delete is a soft delete (204): hidden from the list, readable, include_deleted; a second delete is label_already_deleted', async () => {
      await label('env', 'prod');
      expect((await call('DELETE', `${ORG}/labels/1`)).status).toBe(204);
      expect(parse(await call('GET', `${ORG}/labels`))).toEqual([]);
      expect(parse(await call('GET', `${ORG}/labels/1`)).deleted).toBe(true);
      expect(parse(await call('GET', `${ORG}/labels?include_deleted=true`)).length).toBe(1);
      expectError(await call('DELETE', `${ORG}/labels/1`), 406, 'label_already_deleted', 'Cannot delete a label that has already been deleted');
      await label('env', 'prod');
      expectError(await call('GET', `${ORG}/labels/99`), 404, 'not_found_error', 'Not found');
    });

    test('a label used by a label group or a rule set is refused on delete', async () => {
      const dev = await label('env', 'dev');
      const web = await label('role', 'web');
      const group = await created(`${DRAFT}/label_groups`, { name: 'pre-prod', key: 'env', labels: [{ href: dev.href }] });
      await created(`${DRAFT}/rule_sets`, { name: 'web', scopes: [[{ label: { href: web.href } }]] });
      expectError(await call('DELETE', `${ORG}/labels/1`), 406, 'label_in_use', `Label /orgs/1/labels/1 is in use by ${group.href}`);
      expectError(await call('DELETE', `${ORG}/labels/2`), 406, 'label_in_use',
        'Label /orgs/1/labels/2 is in use by /orgs/1/sec_policy/draft/rule_sets/1');
    });
  });

  describe('draft policy objects', () => {
    test('an IP list is created in draft with update_type create; CIDRs are stored by their network address', async () => {
      const list = await created(`${DRAFT}/ip_lists`, {
        name: 'corp',
        ip_ranges: [{ from_ip: '10.0.0.1/24' }, { from_ip: '10.1.0.5', to_ip: '10.1.0.9', exclusion: true },
          { from_ip: '2001:DB8:0:0:1::1/64' }],
        fqdns: [{ fqdn: 'app.example.com' }],
      });
      expect(list).toEqual({
        href: '/orgs/1/sec_policy/draft/ip_lists/1',
        name: 'corp',
        ip_ranges: [{ from_ip: '10.0.0.0/24', exclusion: false }, { from_ip: '10.1.0.5', to_ip: '10.1.0.9', exclusion: true },
          { from_ip: '2001:db8::/64', exclusion: false }],
        fqdns: [{ fqdn: 'app.example.com' }],
        created_at: expect.any(String),
        updated_at: expect.any(String),
        deleted_at: null,
        created_by: { href: '/users/1' },
        updated_by: { href: '/users/1' },
        update_type: 'create',
      });
      expectError(await call('POST', `${DRAFT}/ip_lists`, { name: 'bad', ip_ranges: [{ from_ip: '10.0.0.300' }] }), 406,
        'input_validation_error', 'Invalid IP address or CIDR: 10.0.0.300');
    });

    test('names are unique for IP lists, label groups and rule sets, not for services', async () => {
      await created(`${DRAFT}/ip_lists`, { name: 'corp' });
      expectError(await call('POST', `${DRAFT}/ip_lists`, { name: 'corp' }), 406, 'name_must_be_unique',
        'ip_lists name corp is already in use by /orgs/1/sec_policy/draft/ip_lists/1');
      await created(`${DRAFT}/label_groups`, { name: 'g', key: 'env' });
      expectError(await call('POST', `${DRAFT}/label_groups`, { name: 'g', key: 'env' }), 406, 'name_must_be_unique');
      await created(`${DRAFT}/rule_sets`, { name: 'rs', scopes: [] });
      expectError(await call('POST', `${DRAFT}/rule_sets`, { name: 'rs', scopes: [] }), 406, 'name_must_be_unique');
      const ports = { name: 'https', service_ports: [{ port: 443, proto: 6 }] };
      await created(`${DRAFT}/services`, ports);
      expect((await created(`${DRAFT}/services`, ports)).href).toBe('/orgs/1/sec_policy/draft/services/2');
    });

    test('unknown properties and hrefs are refused with 406', async () => {
      expectError(await call('POST', `${DRAFT}/services`, { name: 's', port: 80 }), 406, 'input_validation_error',
        'Properties [port] are not allowed in services');
      expectError(await call('POST', `${DRAFT}/ip_lists`, { name: 'x', ip_ranges: [{ from_ip: '1.1.1.1', mask: 8 }] }), 406,
        'input_validation_error', 'Properties [mask] are not allowed in ip_ranges');
      expectError(await call('POST', `${DRAFT}/label_groups`, { name: 'g', key: 'env', labels: [{ href: '/orgs/1/labels/7' }] }), 406,
        'invalid_uri', 'Invalid URI: {/orgs/1/labels/7}');
      expectError(await call('POST', `${DRAFT}/rule_sets`, { name: 'r' }), 406, 'input_validation_error', 'rule_sets: scopes is required');
      expectError(await call('POST', `${ORG}/sec_policy/active/ip_lists`, { name: 'x' }), 405, 'method_not_allowed_error');
      expectError(await call('GET', `${DRAFT}/virtual_servers`), 404, 'not_found_error');
    });

    test('label groups hold labels and sub-groups; update is 204 and keeps unsent properties', async () => {
      const dev = await label('env', 'dev');
      const test = await label('env', 'test');
      const inner = await created(`${DRAFT}/label_groups`, { name: 'inner', key: 'env', labels: [{ href: dev.href }] });
      const outer = await created(`${DRAFT}/label_groups`, { name: 'outer', key: 'env', sub_groups: [{ href: inner.href }], description: 'd' });
      // 20.1: label_group_id is a "Label Group UUID".
      expect(inner.href).toMatch(/^\/orgs\/1\/sec_policy\/draft\/label_groups\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(outer.sub_groups).toEqual([{ href: inner.href }]);
      expect((await call('PUT', `/api/v2${outer.href}`, { labels: [{ href: test.href }] })).status).toBe(204);
      const read = parse(await call('GET', `/api/v2${outer.href}`));
      expect([read.description, read.labels, read.sub_groups, read.update_type])
        .toEqual(['d', [{ href: test.href }], [{ href: inner.href }], 'create']);
      expectError(await call('DELETE', `/api/v2${inner.href}`), 406, 'object_in_use', `${inner.href} is referenced by ${outer.href}`);
    });

    test('rules of a rule set: create 201, read, update 204, delete 204; references checked', async () => {
      const web = await label('role', 'web');
      const svc = await created(`${DRAFT}/services`, { name: 'https', service_ports: [{ port: 443, proto: 6 }] });
      await created(`${DRAFT}/rule_sets`, { name: 'web', scopes: [[{ label: { href: web.href } }]] });
      const rule = await created(`${DRAFT}/rule_sets/1/sec_rules`, {
        providers: [{ label: { href: web.href } }],
        consumers: [{ actors: 'ams' }],
        ingress_services: [{ href: svc.href }],
        resolve_labels_as: { providers: ['workloads'], consumers: ['workloads'] },
      });
      expect(rule).toEqual({
        href: '/orgs/1/sec_policy/draft/rule_sets/1/sec_rules/1',
        enabled: true,
        unscoped_consumers: false,
        sec_connect: false,
        stateless: false,
        machine_auth: false,
        providers: [{ label: { href: web.href } }],
        consumers: [{ actors: 'ams' }],
        ingress_services: [{ href: svc.href }],
        resolve_labels_as: { providers: ['workloads'], consumers: ['workloads'] },
        created_by: { href: '/users/1' },
        updated_by: { href: '/users/1' },
        update_type: 'create',
      });
      expect((await call('PUT', `${DRAFT}/rule_sets/1/sec_rules/1`, { enabled: false })).status).toBe(204);
      expect(parse(await call('GET', `${DRAFT}/rule_sets/1/sec_rules/1`)).enabled).toBe(false);
      expect(parse(await call('GET', `${DRAFT}/rule_sets/1`)).rules.map((r: { href: string }) => r.href)).toEqual([rule.href]);
      expectError(await call('POST', `${DRAFT}/rule_sets/1/sec_rules`, {
        providers: [{ workload: { href: '/orgs/1/workloads/abc' } }], consumers: [], ingress_services: [], resolve_labels_as: {},
      }), 406, 'invalid_uri', 'Invalid URI: {/orgs/1/workloads/abc}');
      expectError(await call('POST', `${DRAFT}/rule_sets/1/sec_rules`, { providers: [] }), 406, 'input_validation_error',
        'sec_rules: [consumers, ingress_services, resolve_labels_as] required');
      expectError(await call('DELETE', `${DRAFT}/services/1`), 406, 'object_in_use');
      expect((await call('DELETE', `${DRAFT}/rule_sets/1/sec_rules/1`)).status).toBe(204);
      expect((await call('DELETE', `${DRAFT}/services/1`)).status).toBe(204);
      expectError(await call('GET', `${DRAFT}/rule_sets/1/sec_rules/1`), 404, 'not_found_error');
    });

    test('custom iptables rules of a rule set are checked: enums of 20.1, required properties', async () => {
      const rule = { enabled: true, ip_version: '4', statements: [{ table_name: 'filter', chain_name: 'INPUT', parameters: '-j ACCEPT' }], actors: [{ actors: 'ams' }] };
      const post = (ipTablesRules: unknown[]): Promise<RawResponse> => call('POST', `${DRAFT}/rule_sets`, { name: 'rs', scopes: [[]], ip_tables_rules: ipTablesRules });
      expectError(await post([{ ...rule, ip_version: '5' }]), 406, 'input_validation_error', 'ip_tables_rules: ip_version must be one of 4, 6');
      expectError(await post([{ ...rule, statements: [{ ...rule.statements[0], table_name: 'raw' }] }]), 406, 'input_validation_error',
        'ip_tables_rules.statements: table_name must be one of nat, mangle, filter');
      expectError(await post([{ ...rule, enabled: undefined }]), 406, 'input_validation_error');
      expect((await post([rule])).status).toBe(201);
    });

    test('name filter is a partial match; max_results and X-Total-Count apply', async () => {
      for (const name of ['web', 'web-prod', 'db']) {
        await created(`${DRAFT}/ip_lists`, { name });
      }
      const response = await call('GET', `${DRAFT}/ip_lists?name=WEB&max_results=1`);
      expect([parse(response).map((l: { name: string }) => l.name), response.headers['x-total-count']]).toEqual([['web'], '2']);
    });
  });

  describe('provisioning', () => {
    const provision = (body: unknown): Promise<RawResponse> => call('POST', `${ORG}/sec_policy`, body);

    async function webPolicy(): Promise<void> {
      const web = await label('role', 'web');
      await created(`${DRAFT}/ip_lists`, { name: 'corp', ip_ranges: [{ from_ip: '10.0.0.0/8' }] });
      await created(`${DRAFT}/services`, { name: 'https', service_ports: [{ port: 443, proto: 6 }] });
      await created(`${DRAFT}/rule_sets`, {
        name: 'web',
        scopes: [[{ label: { href: web.href } }]],
        rules: [{
          providers: [{ label: { href: web.href } }],
          consumers: [{ ip_list: { href: '/orgs/1/sec_policy/draft/ip_lists/1' } }],
          ingress_services: [{ href: '/orgs/1/sec_policy/draft/services/1' }],
          resolve_labels_as: { providers: ['workloads'], consumers: ['workloads'] },
        }],
      });
    }

    test('pending lists what draft holds that active does not', async () => {
      expect(parse(await call('GET', `${ORG}/sec_policy/pending`))).toEqual({});
      await webPolicy();
      const pending = parse(await call('GET', `${ORG}/sec_policy/pending`));
      expect(Object.keys(pending).sort()).toEqual(['ip_lists', 'rule_sets', 'services']);
      expect(pending.ip_lists).toEqual([{
        name: 'corp',
        href: '/orgs/1/sec_policy/draft/ip_lists/1',
        updated_by: { href: '/users/1' },
        updated_at: expect.any(String),
        update_type: 'create',
        caps: ['write'],
      }]);
    });

    test('provisioning everything creates version 1; active and /sec_policy/1 hold the objects with active hrefs', async () => {
      await webPolicy();
      const response = await provision({ update_description: 'first' });
      expect(response.status).toBe(201);
      expect(parse(response)).toEqual({
        href: '/orgs/1/sec_policy/1',
        version: 1,
        workloads_affected: 0,
        commit_message: 'first',
        object_counts: {
          label_groups: 0,
          ip_lists: 1,
          services: 1,
          rule_sets: 1,
          virtual_services: 0,
          virtual_servers: 0,
          firewall_settings: 1,
          secure_connect_gateways: 0,
        },
        created_at: expect.any(String),
        created_by: { href: '/users/1' },
      });
      expect(parse(await call('GET', `${ORG}/sec_policy/pending`))).toEqual({});
      const active = parse(await call('GET', `${ORG}/sec_policy/active/rule_sets`));
      expect(active[0].href).toBe('/orgs/1/sec_policy/active/rule_sets/1');
      expect(active[0].update_type).toBeNull();
      expect(active[0].rules[0].consumers).toEqual([{ ip_list: { href: '/orgs/1/sec_policy/active/ip_lists/1' } }]);
      expect(parse(await call('GET', `${ORG}/sec_policy/1/ip_lists/1`)).href).toBe('/orgs/1/sec_policy/1/ip_lists/1');
      expect(parse(await call('GET', `${DRAFT}/ip_lists/1`)).update_type).toBeNull();
      expect(parse(await call('GET', `${ORG}/sec_policy/active`)).version).toBe(1);
      expectError(await provision({}), 406, 'no_pending_changes', 'There are no pending changes to provision');
    });

    test('a change_subset whose dependencies are unprovisioned is refused; with them it provisions', async () => {
      await webPolicy();
      const ruleSetOnly = { change_subset: { rule_sets: [{ href: '/orgs/1/sec_policy/draft/rule_sets/1' }] } };
      expectError(await provision(ruleSetOnly), 406, 'provision_dependency_error',
        '/orgs/1/sec_policy/draft/rule_sets/1 depends on /orgs/1/sec_policy/draft/ip_lists/1, which is not provisioned; '
        + '/orgs/1/sec_policy/draft/rule_sets/1 depends on /orgs/1/sec_policy/draft/services/1, which is not provisioned; '
        + 'provision the dependencies together');
      const ipListOnly = await provision({ change_subset: { ip_lists: [{ href: '/orgs/1/sec_policy/draft/ip_lists/1' }] } });
      expect(parse(ipListOnly).object_counts.ip_lists).toBe(1);
      expect(Object.keys(parse(await call('GET', `${ORG}/sec_policy/pending`))).sort()).toEqual(['rule_sets', 'services']);
      expectError(await provision({ change_subset: { services: [{ href: '/orgs/1/sec_policy/draft/ip_lists/1' }] } }), 406, 'invalid_uri',
        'Invalid URI: {/orgs/1/sec_policy/draft/ip_lists/1}');
      const rest = await provision({ change_subset: { ...ruleSetOnly.change_subset, services: [{ href: '/orgs/1/sec_policy/draft/services/1' }] } });
      expect(parse(rest).version).toBe(2);
      expect(parse(await call('GET', `${ORG}/sec_policy`)).map((v: { version: number }) => v.version)).toEqual([1, 2]);
      expect(parse(await call('GET', `${ORG}/sec_policy/1/rule_sets`))).toEqual([]);
      expectError(await call('GET', `${ORG}/sec_policy/9/rule_sets`), 404, 'not_found_error');
    });

    test('deleting a provisioned object stages a pending deletion; provisioning removes it from draft and active', async () => {
      await created(`${DRAFT}/ip_lists`, { name: 'corp' });
      await provision({});
      expect((await call('DELETE', `${DRAFT}/ip_lists/1`)).status).toBe(204);
      expect(parse(await call('GET', `${DRAFT}/ip_lists/1`)).update_type).toBe('delete');
      expect(parse(await call('GET', `${ORG}/sec_policy/pending`)).ip_lists[0].update_type).toBe('delete');
      expectError(await call('DELETE', `${DRAFT}/ip_lists/1`), 404, 'not_found_error');
      expectError(await call('PUT', `${DRAFT}/ip_lists/1`, { name: 'x' }), 404, 'not_found_error');
      expect(parse(await call('GET', `${ORG}/sec_policy/active/ip_lists`)).length).toBe(1);
      await provision({});
      expect(parse(await call('GET', `${DRAFT}/ip_lists`))).toEqual([]);
      expect(parse(await call('GET', `${ORG}/sec_policy/active/ip_lists`))).toEqual([]);
      expect(parse(await call('GET', `${ORG}/sec_policy/1/ip_lists`)).length).toBe(1);
    });

    test('an object used by active policy is refused on delete even when draft no longer uses it', async () => {
      await webPolicy();
      await provision({});
      expect((await call('PUT', `${DRAFT}/rule_sets/1`, { rules: [] })).status).toBe(204);
      expect(parse(await call('GET', `${DRAFT}/rule_sets/1`)).update_type).toBe('update');
      expectError(await call('DELETE', `${DRAFT}/services/1`), 406, 'object_in_use',
        '/orgs/1/sec_policy/draft/services/1 is referenced by /orgs/1/sec_policy/active/rule_sets/1');
    });

    test('tearing down: the deletion of the rule set must be provisioned before what it used can be deleted', async () => {
      await webPolicy();
      await provision({});
      expect((await call('DELETE', `${DRAFT}/rule_sets/1`)).status).toBe(204);
      expectError(await call('DELETE', `${DRAFT}/ip_lists/1`), 406, 'object_in_use',
        '/orgs/1/sec_policy/draft/ip_lists/1 is referenced by /orgs/1/sec_policy/active/rule_sets/1');
      await provision({ change_subset: { rule_sets: [{ href: '/orgs/1/sec_policy/draft/rule_sets/1' }] } });
      expect((await call('DELETE', `${DRAFT}/ip_lists/1`)).status).toBe(204);
      expect((await call('DELETE', `${DRAFT}/services/1`)).status).toBe(204);
      expect(parse(await provision({})).object_counts).toMatchObject({ ip_lists: 0, services: 0, rule_sets: 0 });
      expect((await call('DELETE', `${ORG}/labels/1`)).status).toBe(204);
    });

    test('a never-provisioned object is removed outright; an update to it stays a create', async () => {
      await created(`${DRAFT}/services`, { name: 'ssh', service_ports: [{ port: 22, proto: 6 }] });
      await call('PUT', `${DRAFT}/services/1`, { description: 'admin' });
      expect(parse(await call('GET', `${DRAFT}/services/1`)).update_type).toBe('create');
      expect((await call('DELETE', `${DRAFT}/services/1`)).status).toBe(204);
      expectError(await call('GET', `${DRAFT}/services/1`), 404, 'not_found_error');
      expect(parse(await call('GET', `${ORG}/sec_policy/pending`))).toEqual({});
    });
  });

  describe('virtual services, firewall settings, security principals', () => {
    const provision = (body: unknown): Promise<RawResponse> => call('POST', `${ORG}/sec_policy`, body);
    const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

    test('a virtual service: UUID href, defaults, update 204 keeps unsent properties, filters, provisioned like the others', async () => {
      const web = await label('role', 'web');
      const vs = await created(`${DRAFT}/virtual_services`, {
        name: 'shop-vip',
        labels: [{ href: web.href }],
        service_ports: [{ proto: 6, port: 8080, to_port: 8090 }],
        service_addresses: [{ fqdn: 'shop.example.com', port: 443 }, { ip: '10.1.2.3' }],
      });
      expect(vs).toMatchObject({
        href: expect.stringMatching(new RegExp(`^/orgs/1/sec_policy/draft/virtual_services/${UUID}$`)),
        name: 'shop-vip',
        apply_to: 'host_only',
        ip_overrides: [],
        update_type: 'create',
      });
      expect((await call('PUT', `/api/v2${vs.href}`, { description: 'vip', apply_to: 'internal_bridge_network' })).status).toBe(204);
      expect(parse(await call('GET', `/api/v2${vs.href}`))).toMatchObject({ name: 'shop-vip', description: 'vip', apply_to: 'internal_bridge_network', labels: [{ href: web.href }] });
      await created(`${DRAFT}/virtual_services`, { name: 'other', service_ports: [{ proto: 17, port: 53 }] });
      const names = async (query: string): Promise<string[]> => parse(await call('GET', `${DRAFT}/virtual_services?${query}`)).map((v: { name: string }) => v.name);
      expect(await names('service_address.fqdn=SHOP.example')).toEqual(['shop-vip']);
      expect(await names('service_ports.proto=17')).toEqual(['other']);
      expect(await names('service_ports.port=8085')).toEqual(['shop-vip']);
      expect(await names(`labels=${encodeURIComponent(JSON.stringify([[web.href]]))}`)).toEqual(['shop-vip']);
      expect(await names('name=o')).toEqual(['shop-vip', 'other']);
      expectError(await call('DELETE', `${ORG}/labels/${web.href.split('/').pop()}`), 406, 'label_in_use');
      expect(parse(await call('GET', `${ORG}/sec_policy/pending`)).virtual_services).toHaveLength(2);
      expect((await provision({ change_subset: { virtual_services: [{ href: vs.href }] } })).status).toBe(201);
      expect(parse(await call('GET', `/api/v2${vs.href.replace('/draft/', '/active/')}`)).name).toBe('shop-vip');
    });

    test('virtual service bodies are checked: apply_to, ports, service addresses, unknown properties', async () => {
      const post = (body: unknown): Promise<RawResponse> => call('POST', `${DRAFT}/virtual_services`, body);
      expectError(await post({ name: 'x', apply_to: 'everywhere' }), 406, 'input_validation_error', 'virtual_services: apply_to must be one of host_only, internal_bridge_network');
      expectError(await post({ name: 'x', service_ports: [{ port: 80 }] }), 406, 'input_validation_error', 'service_ports: proto is required and must be an integer');
      expectError(await post({ name: 'x', service_addresses: [{ ip: '10.0.0.1', fqdn: 'a.example' }] }), 406, 'input_validation_error');
      expectError(await post({ name: 'x', vip: true }), 406, 'input_validation_error', 'Properties [vip] are not allowed in virtual_services');
      expectError(await post({ name: 'x', service: { href: '/orgs/1/sec_policy/draft/services/9' } }), 406, 'invalid_uri');
    });

    test('firewall settings: always there, GET and PUT only; a PUT is a pending update that provisions', async () => {
      const href = '/orgs/1/sec_policy/draft/firewall_settings';
      const fresh = parse(await call('GET', `${DRAFT}/firewall_settings`));
      expect(fresh).toMatchObject({
        href, static_policy_scopes: [], blocked_connection_reject_scopes: [], firewall_coexistence: null, update_type: null,
      });
      const env = await label('env', 'prod');
      const group = await created(`${DRAFT}/label_groups`, { key: 'env', name: 'prods', labels: [{ href: env.href }] });
      const put = await call('PUT', `${DRAFT}/firewall_settings`, { blocked_connection_reject_scopes: [[{ label_group: { href: group.href } }]] });
      expect(put.status).toBe(204);
      expect(parse(await call('GET', `${DRAFT}/firewall_settings`))).toMatchObject({ update_type: 'update', static_policy_scopes: [], blocked_connection_reject_scopes: [[{ label_group: { href: group.href } }]] });
      expect(parse(await call('GET', `${ORG}/sec_policy/pending`)).firewall_settings).toEqual({ href, update_type: 'update', updated_by: { href: '/users/1' }, updated_at: expect.any(String) });
      expectError(await provision({ change_subset: { firewall_settings: [{ href }] } }), 406, 'provision_dependency_error');
      expect((await provision({ change_subset: { firewall_settings: [{ href }], label_groups: [{ href: group.href }] } })).status).toBe(201);
      expect(parse(await call('GET', `${ORG}/sec_policy/active/firewall_settings`)).blocked_connection_reject_scopes)
        .toEqual([[{ label_group: { href: group.href.replace('/draft/', '/active/') } }]]);
      expect(parse(await call('GET', `${ORG}/sec_policy/pending`))).toEqual({});
      expectError(await call('DELETE', `/api/v2${group.href}`), 406, 'object_in_use');
      expectError(await call('DELETE', `${DRAFT}/firewall_settings`), 405, 'method_not_allowed_error');
      expectError(await call('PUT', `${DRAFT}/firewall_settings`, { firewall_coexistence: [{ scope: [] }] }), 406, 'input_validation_error');
      expectError(await call('PUT', `${ORG}/sec_policy/active/firewall_settings`, {}), 405, 'method_not_allowed_error');
    });

    test('security principals and virtual servers are what rules may name; consumers cannot be virtual servers', async () => {
      const principal = await created(`${ORG}/security_principals`, { sid: 'S-1-5-21-1', name: 'admins' });
      expect(principal).toEqual({ href: expect.stringMatching(new RegExp(`^/orgs/1/security_principals/${UUID}$`)), sid: 'S-1-5-21-1', name: 'admins', description: null });
      expectError(await call('POST', `${ORG}/security_principals`, { sid: 'S-1-5-21-1', name: 'again' }), 406, 'input_validation_error');
      const server = sim.state.addVirtualServer('f5-vip');
      const ruleSet = await created(`${DRAFT}/rule_sets`, { name: 'rs', scopes: [[]] });
      const rule = {
        providers: [{ virtual_server: { href: server } }],
        consumers: [{ actors: 'ams' }],
        consuming_security_principals: [{ href: principal.href }],
        ingress_services: [{ proto: 6, port: 443 }],
        resolve_labels_as: { providers: ['workloads'], consumers: ['workloads'] },
      };
      expect((await call('POST', `/api/v2${ruleSet.href}/sec_rules`, rule)).status).toBe(201);
      expectError(await call('POST', `/api/v2${ruleSet.href}/sec_rules`, { ...rule, consumers: [{ virtual_server: { href: server } }] }), 406, 'input_validation_error');
      expectError(await call('DELETE', `/api/v2${principal.href}`), 406, 'object_in_use');
      expectError(await call('POST', `/api/v2${ruleSet.href}/sec_rules`, { ...rule, consuming_security_principals: [{ href: '/orgs/1/security_principals/0000' }] }), 406, 'invalid_uri');
    });
  });

  describe('async collection queries', () => {
    test('Prefer: respond-async answers 202 + Location; the job is done with a datafile holding the whole collection', async () => {
      for (let i = 0; i < 600; i++) {
        sim.state.createLabel({ key: 'app', value: `app-${i}` });
      }
      const accepted = await call('GET', `${ORG}/labels?key=app`, undefined, { Prefer: 'respond-async' });
      expect([accepted.status, accepted.body, accepted.headers['retry-after']]).toEqual([202, '', '1']);
      const location = accepted.headers.location!;
      expect(location).toMatch(/^\/orgs\/1\/jobs\/[0-9a-f-]{36}$/);
      const job = parse(await call('GET', `/api/v2${location}`));
      expect(job).toEqual({
        href: location,
        job_type: 'async_requests',
        description: '/orgs/1/labels',
        status: 'done',
        result: { href: expect.stringMatching(/^\/orgs\/1\/datafiles\/[0-9a-f-]{36}$/) },
        requested_at: expect.any(String),
        terminated_at: expect.any(String),
        requested_by: { href: '/users/1' },
      });
      const datafile = parse(await call('GET', `/api/v2${job.result.href}`));
      expect(datafile.length).toBe(600);
      expect(datafile[599].value).toBe('app-599');
      expect((await call('DELETE', `/api/v2${location}`)).status).toBe(204);
      expectError(await call('GET', `/api/v2${location}`), 404, 'not_found_error');
    });

    test('a job stays running for jobDurationMs', async () => {
      const slow = new IllumioSimulator({ apiKeyUsername: USERNAME, apiKeySecret: SECRET, jobDurationMs: 60_000, env: {} });
      await slow.start();
      try {
        const accepted = await raw(slow.url, 'GET', `${DRAFT}/ip_lists`, { headers: { Authorization: BASIC, Prefer: 'respond-async' } });
        const job = JSON.parse((await raw(slow.url, 'GET', `/api/v2${accepted.headers.location}`, { headers: { Authorization: BASIC } })).body);
        expect([job.status, job.result, job.terminated_at]).toEqual(['running', {}, null]);
      } finally {
        await slow.stop();
      }
    });
  });

  describe('rate limit', () => {
    test('off by default; when on, the request over budget is 429 with Retry-After', async () => {
      expect(sim.rateLimitPerMinute).toBeUndefined();
      sim.rateLimitPerMinute = 3;
      for (let i = 0; i < 3; i++) {
        expect((await call('GET', `${ORG}/labels`)).status).toBe(200);
      }
      const refused = await call('GET', `${ORG}/labels`);
      expectError(refused, 429, 'too_many_requests_error', 'API request limit of 3 per minute exceeded');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(59);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    });

    test('SECOPS_SIM_ILLUMIO_RATE_LIMIT switches it on; a bad value is refused', () => {
      expect(new IllumioSimulator({ env: { SECOPS_SIM_ILLUMIO_RATE_LIMIT: '500' } }).rateLimitPerMinute).toBe(500);
      expect(new IllumioSimulator({ env: { SECOPS_SIM_ILLUMIO_RATE_LIMIT: 'off' } }).rateLimitPerMinute).toBeUndefined();
      expect(() => new IllumioSimulator({ env: { SECOPS_SIM_ILLUMIO_RATE_LIMIT: 'fast' } })).toThrow(
        'illumio simulator: rate limit must be a whole number of requests per minute, got "fast"');
    });
  });

  test('the shared core: injected faults and the admin state', async () => {
    sim.faults.inject('503,path=/api/v2/orgs/1/labels');
    expect((await call('GET', `${ORG}/labels`)).status).toBe(503);
    await label('loc', 'eu');
    const state = JSON.parse((await raw(sim.url, 'GET', '/__secops/state')).body);
    expect(state.name).toBe('illumio');
    expect(state.state.collections.labels.items[0].value).toBe('eu');
  });
});
