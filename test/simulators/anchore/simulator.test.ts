import { conformanceProblems, requestViolation, responseViolation } from './conformance';
import { AnchoreSimulator, ANCHORE_DOCUMENTS, LAYOUT_PREFIXES } from '../../../src/simulators/anchore';
import { operationsOf } from '../../../src/simulators/anchore/openapi';
import { closeRawAgent, raw } from '../raw-http';

describe('Anchore RBAC simulator', () => {
  const sim = new AnchoreSimulator({ env: {} });
  let admin: Record<string, string>;
  const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => raw(sim.url, method, path, {
    headers: { ...admin, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const idp = { name: 'okta', enabled: true, sp_entity_id: 'sp', acs_url: 'https://a/acs', idp_metadata_url: 'https://okta/metadata' };

  beforeAll(async () => {
    await sim.start();
    admin = { authorization: `Basic ${Buffer.from(`admin:${sim.adminPassword}`).toString('base64')}` };
  });
  afterAll(async () => {
    await closeRawAgent();
    await sim.stop();
  });
  beforeEach(() => sim.reset());

  test('routes every operation of both documents, at every mount point, to its handler', async () => {
    for (const layout of ['4.x', '5.x'] as const) {
      for (const operation of operationsOf(ANCHORE_DOCUMENTS[layout])) {
        for (const prefix of LAYOUT_PREFIXES[layout]) {
          await send(operation.method, `${prefix}${operation.path.replace(/\{[^}]+\}/g, 'x')}`);
          expect([layout, sim.exchanges.at(-1)?.operationId]).toEqual([layout, operation.operationId]);
        }
      }
    }
    expect(new Set(sim.exchanges.map(exchange => exchange.operationId)).size).toBe(20);
    expect(sim.exchanges).toHaveLength(17 * 2 + 17);
  });

  test.each([
    ['4.x root', '/roles/read-only'],
    ['4.x /v1', '/v1/roles/read-only'],
    ['5.x', '/v2/rbac-manager/roles/read-only'],
  ])('the same role is served in the %s layout', async (_layout, path) => {
    const response = await send('GET', path);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ name: 'read-only', immutable: true });
  });

  test('requests that do not match the document get 400 ApiErrorResponse, as the npm validator also finds', async () => {
    const cases = [
      await send('POST', '/saml/idps', { ...idp, name: 'has space' }),
      await send('POST', '/saml/idps', { name: 'x', enabled: 'yes', sp_entity_id: 'sp', acs_url: 'a', idp_metadata_url: 'u' }),
      await send('POST', '/roles/read-only/members', { username: 'bob' }),
      await send('DELETE', '/roles/read-only/members?username=bob'),
      await send('POST', '/v2/rbac-manager/saml/idps', { enabled: true }),
      await send('POST', '/saml/idps', '{not json'),
    ];
    expect(cases.map(c => c.status)).toEqual([400, 400, 400, 400, 400, 400]);
    expect(JSON.parse(cases[0]!.body)).toEqual({
      code: 400,
      error_type: 'bad_request',
      message: 'Request does not match the API specification: body.name must match the pattern ^[a-zA-Z0-9_-]+$',
      detail: { validation_errors: ['body.name must match the pattern ^[a-zA-Z0-9_-]+$'] },
    });
    expect(JSON.parse(cases[1]!.body).message).toContain('body.enabled must be of type boolean');
    expect(JSON.parse(cases[2]!.body).message).toContain('body.for_account is required');
    expect(JSON.parse(cases[3]!.body).message).toContain('query parameter "for_account" is required');
    expect(JSON.parse(cases[4]!.body).message).toContain('body.name is required');
    // The independent validator agrees on every request but the unparsable one (it gets the raw text).
    const exchanges = sim.exchanges;
    expect(exchanges.slice(0, 5).map(exchange => requestViolation(exchange) !== undefined)).toEqual([true, true, true, true, true]);
    expect(exchanges.map(exchange => responseViolation(exchange))).toEqual(exchanges.map(() => undefined));
  });

  test('5.x: a member without domain_name (or the deprecated for_account) is refused; for_account still works', async () => {
    const missing = await send('POST', '/v2/rbac-manager/roles/read-only/members', { username: 'bob' });
    expect([missing.status, JSON.parse(missing.body).message]).toEqual([400, 'domain_name is required']);
    const deprecated = await send('POST', '/v2/rbac-manager/roles/read-only/members', { username: 'bob', for_account: 'security' });
    expect(JSON.parse(deprecated.body)).toEqual({ username: 'bob', for_account: 'security', domain_name: 'security', created_at: expect.any(String) });
    expect((await send('DELETE', '/v2/rbac-manager/roles/read-only/members?username=bob')).status).toBe(400);
    expect((await send('DELETE', '/v2/rbac-manager/roles/read-only/members?username=bob&domain_name=security')).status).toBe(204);
    expect(conformanceProblems(sim.exchanges)).toEqual([]);
  });

  test('x-anchore-account: an admin may act in an existing account only', async () => {
    expect((await send('GET', '/roles', undefined, { 'x-anchore-account': 'security' })).status).toBe(200);
    const unknown = await send('GET', '/roles', undefined, { 'x-anchore-account': 'finance' });
    expect([unknown.status, JSON.parse(unknown.body).message]).toEqual([404, 'Account finance not found']);
  });

  test('a JSON body sent as another media type is refused with 415', async () => {
    const response = await send('POST', '/saml/idps', JSON.stringify(idp), { 'content-type': 'text/plain' });
    expect(response.status).toBe(415);
    expect(JSON.parse(response.body)).toMatchObject({ code: 415, error_type: 'unsupported_media_type' });
  });

  test('no credentials: 401 ApiErrorResponse; health and version need none', async () => {
    const denied = await raw(sim.url, 'GET', '/roles');
    expect(denied.status).toBe(401);
    expect(JSON.parse(denied.body)).toMatchObject({ code: 401, error_type: 'unauthorized' });
    expect((await raw(sim.url, 'GET', '/health')).status).toBe(200);
    expect((await raw(sim.url, 'GET', '/v1/version')).status).toBe(200);
  });

  test('unknown paths and methods answer ApiErrorResponse 404 and 405', async () => {
    expect((await send('GET', '/v2/rbac-manager/health')).status).toBe(404);
    const wrongMethod = await send('PATCH', '/roles');
    expect(wrongMethod.status).toBe(405);
    expect(JSON.parse(wrongMethod.body).code).toBe(405);
  });

  test('IdP: 409 on a duplicate name, 404 on unknown, 400 on a rename or on both metadata fields', async () => {
    expect((await send('POST', '/saml/idps', idp)).status).toBe(200);
    const duplicate = await send('POST', '/saml/idps', idp);
    expect(duplicate.status).toBe(409);
    expect(JSON.parse(duplicate.body)).toEqual({ code: 409, error_type: 'conflict', message: 'Identity provider okta already exists', detail: {} });
    expect((await send('GET', '/saml/idps/nope')).status).toBe(404);
    expect((await send('PUT', '/saml/idps/okta', { ...idp, name: 'other' })).status).toBe(400);
    expect((await send('PUT', '/saml/idps/okta', { ...idp, idp_metadata_xml: '<x/>' })).status).toBe(400);
    // 4.x documents DELETE's 404 without a body; 5.x with an ApiErrorResponse.
    expect(await send('DELETE', '/saml/idps/nope')).toMatchObject({ status: 404, body: '' });
    expect(JSON.parse((await send('DELETE', '/v2/rbac-manager/saml/idps/nope')).body).code).toBe(404);
    expect(conformanceProblems(sim.exchanges)).toEqual([]);
  });

  test('stored IdPs keep only the documented fields of the layout, with the documented defaults', async () => {
    await send('POST', '/saml/idps', { ...idp, idp_groups_attribute: 'groups', surprise: 1 });
    expect(JSON.parse((await send('GET', '/saml/idps/okta')).body)).toEqual({
      ...idp, require_signed_assertions: true, require_signed_response: true, created_at: expect.any(String), last_updated: expect.any(String),
    });
    await send('POST', '/v2/rbac-manager/saml/idps', { ...idp, name: 'azure', idp_groups_attribute: 'groups' });
    expect(JSON.parse((await send('GET', '/v2/rbac-manager/saml/idps/azure')).body)).toMatchObject({ idp_groups_attribute: 'groups', require_existing_users: false, user_groups: [] });
  });

  test('SAML login and SSO: 404 for an unknown IdP, a token for a known one', async () => {
    await send('POST', '/saml/idps', idp);
    expect((await raw(sim.url, 'GET', '/saml/login/nope')).status).toBe(404);
    expect(JSON.parse((await raw(sim.url, 'GET', '/saml/login/okta')).body)).toEqual({ token: expect.any(String) });
    const sso = await raw(sim.url, 'POST', '/v1/saml/sso/okta', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'SAMLResponse=abc' });
    expect(JSON.parse(sso.body)).toEqual({ token: expect.any(String) });
    expect(conformanceProblems(sim.exchanges)).toEqual([]);
  });

  test('the admin state dump shows memberships and never passwords', async () => {
    const dump = await raw(sim.url, 'GET', '/__secops/state');
    expect(dump.body).not.toContain(sim.adminPassword);
    expect(JSON.parse(dump.body).state.role_members).toContainEqual(expect.objectContaining({ role: 'read-only', username: 'carol', account: 'security' }));
  });
});
