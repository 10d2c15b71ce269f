import { IllumioSimulator } from '../../../src/simulators/illumio';
import { closeRawAgent, raw, RawResponse } from '../raw-http';

const USERNAME = 'api_0a1b2c3d4e5f6a7b';
const SECRET = 'a0b1c2d3e4f5061728394a5b6c7d8e9fa0b1c2d3e4f5061728394a5b6c7d8e9f';
const BASIC = `Basic ${Buffer.from(`${USERNAME}:${SECRET}`).toString('base64')}`;
const ORG = '/api/v2/orgs/1';

afterAll(() => closeRawAgent());

/** The operations endpoints of the simulated PCE (containers, settings, RBAC, events) over plain HTTP. */
describe('IllumioSimulator operations endpoints', () => {
  const sim = new IllumioSimulator({ apiKeyUsername: USERNAME, apiKeySecret: SECRET, env: {} });
  const call = (method: string, path: string, body?: unknown): Promise<RawResponse> =>
    raw(sim.url, method, path, { headers: { 'Authorization': BASIC, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const parse = (response: RawResponse): any => JSON.parse(response.body); // eslint-disable-line @typescript-eslint/no-explicit-any -- free-form JSON
  const expectError = (response: RawResponse, status: number, token: string): void => {
    expect(response.status).toBe(status);
    expect(parse(response)).toEqual([{ token, message: expect.any(String) }]);
  };

  beforeAll(() => sim.start());
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  test('a cluster create answers 201 with its token once; GET, PUT 204, DELETE 204, then 404', async () => {
    const created = await call('POST', `${ORG}/container_clusters`, { name: 'k8s' });
    expect(created.status).toBe(201);
    const cluster = parse(created);
    expect(cluster).toMatchObject({ name: 'k8s', online: false, container_cluster_token: expect.stringMatching(/^1_/) });
    const path = `/api/v2${cluster.href}`;
    expect(parse(await call('GET', path))).not.toHaveProperty('container_cluster_token');
    expect((await call('PUT', path, { description: 'd' })).status).toBe(204);
    expect(parse(await call('GET', path)).description).toBe('d');
    expectError(await call('PUT', path, { online: true }), 406, 'input_validation_error');
    expect((await call('DELETE', path)).status).toBe(204);
    expectError(await call('GET', path), 404, 'not_found_error');
  });

  test('collections answer with max_results and X-Total-Count', async () => {
    for (const name of ['a', 'b', 'c']) await call('POST', `${ORG}/container_clusters`, { name });
    const page = await call('GET', `${ORG}/container_clusters?max_results=2`);
    expect(parse(page)).toHaveLength(2);
    expect(page.headers['x-total-count']).toBe('3');
    expect(parse(await call('GET', `${ORG}/container_clusters?name=b`)).map((c: { name: string }) => c.name)).toEqual(['b']);
  });

  test('singleton settings are read and updated, never created or deleted (405)', async () => {
    expect(parse(await call('GET', `${ORG}/settings/events`))).toEqual({ audit_event_retention_seconds: 2592000, audit_event_min_severity: 'informational', format: 'JSON' });
    expect((await call('PUT', `${ORG}/settings/events`, { format: 'LEEF' })).status).toBe(204);
    expect(parse(await call('GET', `${ORG}/settings/events`)).format).toBe('LEEF');
    expectError(await call('PUT', `${ORG}/settings/events`, { format: 'XML' }), 406, 'input_validation_error');
    expectError(await call('DELETE', `${ORG}/settings/workloads`), 405, 'method_not_allowed_error');
    expectError(await call('POST', `${ORG}/settings/workloads`, {}), 405, 'method_not_allowed_error');
  });

  test('traffic collector PUT cannot change the action; syslog create needs every logger', async () => {
    const created = parse(await call('POST', `${ORG}/settings/traffic_collector`, { transmission: 'broadcast', action: 'drop', target: { proto: 17 } }));
    expectError(await call('PUT', `/api/v2${created.href}`, { action: 'aggregate' }), 406, 'input_validation_error');
    expectError(await call('POST', `${ORG}/settings/syslog/destinations`, { type: 'local_syslog', description: 'x', pce_scope: [] }), 406, 'input_validation_error');
  });

  test('a label that a profile, a permission or the workload settings name cannot be deleted (406 label_in_use)', async () => {
    const label = parse(await call('POST', `${ORG}/labels`, { key: 'app', value: 'shop' })).href;
    const cluster = parse(await call('POST', `${ORG}/container_clusters`, { name: 'k8s' })).href;
    const profile = parse(await call('POST', `/api/v2${cluster}/container_workload_profiles`, { name: 'p', assign_labels: [{ href: label }] })).href;
    const group = parse(await call('POST', `${ORG}/auth_security_principals`, { type: 'group', name: 'g' })).href;
    const grant = { role: { href: '/orgs/1/roles/ruleset_manager' }, scope: [{ href: label }], auth_security_principal: { href: group } };
    const permission = parse(await call('POST', `${ORG}/permissions`, grant)).href;
    await call('PUT', `${ORG}/settings/workloads`, { workload_goodbye_timeout_seconds: [{ scope: [{ href: label }], value: 60 }] });
    const refused = await call('DELETE', `/api/v2${label}`);
    expectError(refused, 406, 'label_in_use');
    expect(parse(refused)[0].message).toContain(profile);
    expect(parse(refused)[0].message).toContain(permission);
    expect(parse(refused)[0].message).toContain('/orgs/1/settings/workloads');
    await call('DELETE', `/api/v2${profile}`);
    await call('DELETE', `/api/v2${permission}`);
    await call('PUT', `${ORG}/settings/workloads`, { workload_goodbye_timeout_seconds: [] });
    expect((await call('DELETE', `/api/v2${label}`)).status).toBe(204);
  });

  test('root-level routes (product_version, health, system_events) need the key but no org; another org is 404', async () => {
    expect(parse(await call('GET', '/api/v2/product_version'))).toEqual({ product_version: expect.objectContaining({ version: '20.1.0' }) });
    expect(parse(await call('GET', '/api/v2/health'))[0]).toMatchObject({ status: 'normal' });
    expect(parse(await call('GET', '/api/v2/system_events'))).toEqual([]);
    expectError(await raw(sim.url, 'GET', '/api/v2/health'), 401, 'authentication_required');
    expectError(await call('GET', '/api/v2/orgs/2/container_clusters'), 404, 'not_found_error');
  });

  test('every write records an audit event; events filter by type, severity and time', async () => {
    await call('POST', `${ORG}/auth_security_principals`, { type: 'group', name: 'ops' });
    await call('PUT', `${ORG}/settings/events`, { format: 'CEF' });
    const all = parse(await call('GET', `${ORG}/events`));
    expect(all.map((e: { event_type: string }) => e.event_type)).toEqual(['auth_security_principal.create', 'event_settings.update']);
    expect(parse(await call('GET', `${ORG}/events?event_type=event_settings.update`))).toHaveLength(1);
    expect(parse(await call('GET', `${ORG}/events?timestamp[gte]=2999-01-01T00:00:00Z`))).toEqual([]);
    expectError(await call('GET', `${ORG}/events?severity=loud`), 406, 'input_validation_error');
    expect(parse(await call('GET', `/api/v2${all[0].href}`))).toEqual(all[0]);
  });
});
