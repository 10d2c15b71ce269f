import { IllumioSimulator } from '../../../src/simulators/illumio';
import { closeRawAgent, raw, RawResponse } from '../raw-http';

const USERNAME = 'api_0123456789abcdef';
const SECRET = 'ab'.repeat(32);
const BASIC = `Basic ${Buffer.from(`${USERNAME}:${SECRET}`).toString('base64')}`;
const ORG = '/api/v2/orgs/1';

afterAll(() => closeRawAgent());

describe('IllumioSimulator: workloads, interfaces, pairing profiles and keys, VENs over plain HTTP', () => {
  const sim = new IllumioSimulator({ apiKeyUsername: USERNAME, apiKeySecret: SECRET, env: {} });
  const call = (method: string, path: string, body?: unknown): Promise<RawResponse> =>
    raw(sim.url, method, path, { headers: { 'Authorization': BASIC, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const parse = (response: RawResponse): any => JSON.parse(response.body); // eslint-disable-line @typescript-eslint/no-explicit-any -- test bodies are free-form JSON
  const errorOf = (response: RawResponse): [number, string] => [response.status, parse(response)[0].token];
  const list = async (path: string): Promise<any[]> => parse(await call('GET', path)); // eslint-disable-line @typescript-eslint/no-explicit-any -- free-form JSON

  beforeAll(() => sim.start());
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  test('POST workloads is 201 with the object: a UUID href, labels as hrefs, interfaces, agent config', async () => {
    const label = parse(await call('POST', `${ORG}/labels`, { key: 'role', value: 'db' }));
    const response = await call('POST', `${ORG}/workloads`, {
      name: 'db1',
      hostname: 'db1.example.com',
      labels: [{ href: label.href }],
      interfaces: [{ name: 'eth0', address: '10.0.0.5', cidr_block: 24 }],
      agent: { config: { mode: 'enforced', log_traffic: true } },
    });
    expect(response.status).toBe(201);
    expect(parse(response)).toMatchObject({
      href: expect.stringMatching(/^\/orgs\/1\/workloads\/[0-9a-f-]{36}$/),
      deleted: false,
      hostname: 'db1.example.com',
      labels: [{ href: label.href }],
      interfaces: [{ name: 'eth0', address: '10.0.0.5', cidr_block: 24, link_state: 'up' }],
      agent: { config: { mode: 'enforced', log_traffic: true } },
      ven: null,
    });
  });

  test('unknown properties and bad values are 406 input_validation_error; unknown labels invalid_uri', async () => {
    expect(errorOf(await call('POST', `${ORG}/workloads`, { colour: 'red' }))).toEqual([406, 'input_validation_error']);
    expect(errorOf(await call('POST', `${ORG}/workloads`, { agent: { config: { mode: 'build' } } }))).toEqual([406, 'input_validation_error']);
    expect(errorOf(await call('POST', `${ORG}/workloads`, { labels: [{ href: '/orgs/1/labels/5' }] }))).toEqual([406, 'invalid_uri']);
  });

  test('bulk_create, bulk_update and bulk_delete answer 204 with no body, all or nothing', async () => {
    const create = await call('PUT', `${ORG}/workloads/bulk_create`, [{ hostname: 'a' }, { hostname: 'b' }]);
    expect([create.status, create.body]).toEqual([204, '']);
    const [a, b] = await list(`${ORG}/workloads`);
    expect([a.hostname, b.hostname]).toEqual(['a', 'b']);
    expect((await call('PUT', `${ORG}/workloads/bulk_update`, [{ href: a.href, description: 'x' }, { href: b.href, description: 'y' }])).status).toBe(204);
    expect((await list(`${ORG}/workloads`)).map((w) => w.description)).toEqual(['x', 'y']);
    expect(errorOf(await call('PUT', `${ORG}/workloads/bulk_update`, [{ href: a.href, description: 'z' }, { href: '/orgs/1/workloads/nope' }]))).toEqual([406, 'invalid_uri']);
    expect((await list(`${ORG}/workloads`)).map((w) => w.description)).toEqual(['x', 'y']);
    expect((await call('PUT', `${ORG}/workloads/bulk_delete`, [{ href: a.href }, { href: b.href }])).status).toBe(204);
    expect(await list(`${ORG}/workloads`)).toEqual([]);
    expect((await list(`${ORG}/workloads?include_deleted=true`)).map((w) => w.deleted)).toEqual([true, true]);
    expect(parse(await call('GET', `/api/v2${a.href}`))).toMatchObject({ deleted: true });
  });

  test('interfaces: POST 201, duplicate name 406, GET by name, DELETE 204 then 404', async () => {
    const workload = parse(await call('POST', `${ORG}/workloads`, { hostname: 'h' }));
    const path = `/api/v2${workload.href}/interfaces`;
    expect((await call('POST', path, { name: 'eth0', link_state: 'up', address: '10.0.0.1' })).status).toBe(201);
    expect(errorOf(await call('POST', path, { name: 'eth0', link_state: 'up', address: '10.0.0.2' }))).toEqual([406, 'input_validation_error']);
    expect(errorOf(await call('POST', path, { name: 'eth1', address: '10.0.0.2' }))).toEqual([406, 'input_validation_error']); // link_state is required
    expect(parse(await call('GET', `${path}/eth0`))).toMatchObject({ name: 'eth0', address: '10.0.0.1' });
    expect((await call('DELETE', `${path}/eth0`)).status).toBe(204);
    expect(errorOf(await call('GET', `${path}/eth0`))).toEqual([404, 'not_found_error']);
  });

  test('pairing profiles: 201, PUT 204, filters; a key is 201 with activation_code; DELETE 204', async () => {
    const profile = parse(await call('POST', `${ORG}/pairing_profiles`, { name: 'linux', enabled: true, key_lifespan: 'unlimited' }));
    expect(profile).toMatchObject({ href: '/orgs/1/pairing_profiles/1', name: 'linux', mode: 'idle', total_use_count: 0, key_lifespan: 'unlimited' });
    expect((await call('PUT', `/api/v2${profile.href}`, { allowed_uses_per_key: 3 })).status).toBe(204);
    expect(errorOf(await call('PUT', `/api/v2${profile.href}`, { allowed_uses_per_key: 0 }))).toEqual([406, 'input_validation_error']);
    expect((await list(`${ORG}/pairing_profiles?name=lin`)).map((p) => p.allowed_uses_per_key)).toEqual([3]);
    const key = await call('POST', `/api/v2${profile.href}/pairing_key`, {});
    expect([key.status, Object.keys(parse(key))]).toEqual([201, ['activation_code']]);
    expect((await call('DELETE', `/api/v2${profile.href}`)).status).toBe(204);
    expect(() => sim.inventory.pair(parse(key).activation_code, { hostname: 'x' })).toThrow(/Invalid activation code/);
  });

  test('VENs: listed after pairing, PUT 204 with the writable properties only', async () => {
    const profile = parse(await call('POST', `${ORG}/pairing_profiles`, { name: 'p', enabled: true }));
    const code = parse(await call('POST', `/api/v2${profile.href}/pairing_key`, {})).activation_code;
    const paired = sim.inventory.pair(code, { hostname: 'web1' });
    const [venBody] = await list(`${ORG}/vens?hostname=web`);
    expect(venBody).toMatchObject({ href: paired.ven, hostname: 'web1', status: 'active', workloads: [{ href: paired.workload }] });
    expect((await call('PUT', `/api/v2${paired.ven}`, { status: 'suspended' })).status).toBe(204);
    expect(errorOf(await call('PUT', `/api/v2${paired.ven}`, { hostname: 'other' }))).toEqual([406, 'input_validation_error']);
    expect((await list(`${ORG}/vens?status=suspended`)).map((v) => v.href)).toEqual([paired.ven]);
    expect(errorOf(await call('DELETE', `/api/v2${paired.workload}`))).toEqual([406, 'input_validation_error']);
  });
});
