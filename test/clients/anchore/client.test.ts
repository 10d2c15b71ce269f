import { AnchoreApiLayout, AnchoreClient, AnchoreLayoutError, anchoreSettingsFromEnv, SamlIdp, serviceBase } from '../../../src/clients/anchore';
import { AnchoreSimulator, PLATFORM_ENGINEERS_GROUP, SECURITY_AUDITORS_GROUP } from '../../../src/simulators/anchore';
import { conformanceProblems } from '../../simulators/anchore/conformance';

const NO_WAIT = { sleep: async () => {}, random: () => 0 };

const okta = (overrides: Partial<SamlIdp> = {}): SamlIdp => ({
  name: 'okta',
  enabled: true,
  sp_entity_id: 'https://anchore.example.com/sp',
  acs_url: 'https://anchore.example.com/service/sso/auth/okta',
  idp_metadata_url: 'https://example.okta.com/app/metadata',
  default_account: 'engineering',
  default_role: 'read-only',
  ...overrides,
});

describe.each<[AnchoreApiLayout, string]>([['4.x', ''], ['4.x', '/v1'], ['5.x', '']])('AnchoreClient, %s layout%s', (layout, prefix) => {
  const sim = new AnchoreSimulator({ env: {} });
  let client: AnchoreClient;
  const connect = (user: string, password: string, account?: string) => new AnchoreClient(
    anchoreSettingsFromEnv({ url: `${sim.url}${prefix}`, user, password, account, apiLayout: layout }, {}), { retry: NO_WAIT });

  beforeAll(() => sim.start());
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.reset();
    client = connect('admin', sim.adminPassword);
  });
  afterEach(async () => {
    await client.close();
    // Every request the client sent and every answer, checked against the layout's document.
    expect(conformanceProblems(sim.exchanges)).toEqual([]);
    expect(sim.exchanges.every(exchange => exchange.layout === layout)).toBe(true);
  });

  test('lists the built-in roles and reads one with its permissions and immutable flag', async () => {
    const roles = await client.listRoles();
    expect(roles.map(role => role.name)).toEqual(expect.arrayContaining(['read-only', 'read-write', 'full-control', 'account-user-admin']));
    const readOnly = await client.getRole('read-only');
    expect(readOnly).toMatchObject({ name: 'read-only', immutable: true, permissions: expect.arrayContaining([{ action: 'getImage', target: '*' }]) });
    expect(await client.getRole('no-such-role')).toBeUndefined();
  });

  test('adds, lists, finds and removes a role member; a second removal reports it gone', async () => {
    const added = await client.addRoleMember('read-only', { username: 'bob', account: 'security' });
    expect(added).toEqual({ username: 'bob', account: 'security', created_at: expect.stringMatching(/^\d{4}-/) });
    expect(await client.getRoleMember('read-only', 'bob', 'security')).toEqual(added);
    expect((await client.listRoleMembers('read-only'))!.map(m => `${m.username}@${m.account}`).sort()).toEqual(['bob@security', 'carol@security']);
    expect(await client.listRoleMembers('read-only', 'engineering')).toEqual([]);
    expect(await client.removeRoleMember('read-only', 'bob', 'security')).toBe(true);
    expect(await client.getRoleMember('read-only', 'bob', 'security')).toBeUndefined();
    expect(await client.removeRoleMember('read-only', 'bob', 'security')).toBe(false);
  });

  test('a member of an unknown role, account or user fails with Anchore\'s 404 and message', async () => {
    await expect(client.addRoleMember('read-only', { username: 'nobody', account: 'engineering' }))
      .rejects.toMatchObject({ status: 404, vendorMessage: 'User nobody not found' });
    await expect(client.addRoleMember('read-only', { username: 'bob', account: 'finance' }))
      .rejects.toThrow(/Anchore API error \(404 Not Found\) on POST .*\/roles\/read-only\/members: Account finance not found/);
    expect(await client.listRoleMembers('no-such-role')).toBeUndefined();
  });

  test('my roles and a user\'s roles are computed from the memberships', async () => {
    await client.addRoleMember('read-only', { username: 'alice', account: 'security' });
    const alice = connect('alice', sim.passwordOf('alice'));
    try {
      const mine = await alice.myRoles();
      expect(mine.map(entry => `${entry.role.name}@${entry.account}`).sort()).toEqual(['account-user-admin@engineering', 'read-only@security', 'read-write@engineering']);
      expect(mine.find(entry => entry.role.name === 'read-only')!.role.permissions).toContainEqual({ action: 'getImage', target: '*' });
    } finally {
      await alice.close();
    }
    expect(await client.userRoles('alice')).toEqual([
      { role: 'account-user-admin', accounts: ['engineering'], created_at: expect.any(String) },
      { role: 'read-only', accounts: ['security'], created_at: expect.any(String) },
      { role: 'read-write', accounts: ['engineering'], created_at: expect.any(String) },
    ]);
    expect((await client.userRoles('alice', { account: 'security' }))!.map(r => r.role)).toEqual(['read-only']);
    expect((await client.userRoles('alice', { role: 'read-write' }))!.map(r => r.role)).toEqual(['read-write']);
    expect(await client.userRoles('nobody')).toBeUndefined();
  });

  test('an account user admin manages members of its own account only', async () => {
    const alice = connect('alice', sim.passwordOf('alice'));
    try {
      await expect(alice.addRoleMember('read-only', { username: 'bob', account: 'engineering' })).resolves.toMatchObject({ username: 'bob' });
      await expect(alice.addRoleMember('read-only', { username: 'bob', account: 'security' })).rejects.toMatchObject({ status: 403 });
      expect((await alice.listRoleMembers('read-only'))!.map(m => m.account)).toEqual(['engineering']);
    } finally {
      await alice.close();
    }
  });

  test('SAML IdPs: create, 409 on a duplicate, read, update, list, delete, 404 after', async () => {
    const created = await client.createIdp(okta());
    expect(created).toMatchObject({ ...okta(), require_signed_assertions: true, require_signed_response: true });
    await expect(client.createIdp(okta())).rejects.toMatchObject({ status: 409, vendorMessage: 'Identity provider okta already exists' });
    expect(await client.getIdp('okta')).toMatchObject(okta());
    const updated = await client.updateIdp(okta({ enabled: false, idp_metadata_url: undefined, idp_metadata_xml: '<EntityDescriptor/>' }));
    expect(updated).toMatchObject({ enabled: false, idp_metadata_xml: '<EntityDescriptor/>' });
    expect(updated.idp_metadata_url).toBeUndefined();
    expect(await client.listIdpNames()).toEqual(['okta']);
    expect(await client.deleteIdp('okta')).toBe(true);
    expect(await client.getIdp('okta')).toBeUndefined();
    expect(await client.deleteIdp('okta')).toBe(false);
    await expect(client.updateIdp(okta())).rejects.toMatchObject({ status: 404 });
  });

  test('both metadata URL and XML are refused with 400', async () => {
    await expect(client.createIdp(okta({ idp_metadata_xml: '<x/>' }))).rejects.toMatchObject({ status: 400, vendorMessage: 'Only one of idp_metadata_url or idp_metadata_xml may be set' });
  });

  test('an API key works as the password of user _api_key; a wrong password is 401', async () => {
    const keyed = connect('_api_key', sim.apiKey);
    const wrong = connect('admin', 'wrong-password');
    try {
      expect((await keyed.listRoles()).length).toBeGreaterThan(0);
      await expect(wrong.listRoles()).rejects.toMatchObject({ status: 401 });
    } finally {
      await keyed.close();
      await wrong.close();
    }
  });

  test('x-anchore-account is sent when an account is configured; a non-admin cannot act in another account', async () => {
    const acting = connect('admin', sim.adminPassword, 'engineering');
    const alice = connect('alice', sim.passwordOf('alice'), 'security');
    try {
      await acting.listRoles();
      expect(sim.requests.at(-1)!.headers['x-anchore-account']).toBe('engineering');
      await expect(alice.listRoles()).rejects.toMatchObject({ status: 403 });
    } finally {
      await acting.close();
      await alice.close();
    }
  });

  test('a 503 on a read is retried', async () => {
    sim.faults.inject('503,times=2');
    expect((await client.listRoles()).length).toBeGreaterThan(0);
    expect(sim.requests.filter(entry => entry.fault === 'status')).toHaveLength(2);
  });

  describe('writes whose answer is lost or that fail mid-way', () => {
    const posts = () => sim.requests.filter(entry => entry.method === 'POST');
    const bobReadsSecurity = () => client.addRoleMember('read-only', { username: 'bob', account: 'security' });

    test('a grant whose answer was lost is found by role, account and username and adopted, not sent again', async () => {
      sim.faults.inject('lost,method=POST');
      expect(await bobReadsSecurity()).toEqual({ username: 'bob', account: 'security', created_at: expect.stringMatching(/^\d{4}-/) });
      expect(posts().map(entry => entry.fault)).toEqual(['lost']);
      expect(client.ledger.stats).toEqual({ lookups: 1, adopted: 1, resent: 0 });
    });

    test('a grant answered 503 had not landed: the lookup finds nothing and it is sent once more', async () => {
      sim.faults.inject('503,method=POST');
      await bobReadsSecurity();
      expect(posts().map(entry => entry.status)).toEqual([503, 200]);
      expect(client.ledger.stats).toEqual({ lookups: 1, adopted: 0, resent: 1 });
      expect(sim.state.membersWhere({ username: 'bob' })).toHaveLength(1);
    });

    test('a membership another write of this client made is not adopted: the grant is sent again', async () => {
      await bobReadsSecurity();
      sim.faults.inject('lost,method=POST');
      await bobReadsSecurity();
      // Anchore answers the repeated grant with the existing membership.
      expect(posts().map(entry => entry.fault)).toEqual([undefined, 'lost', undefined]);
      expect(client.ledger.stats).toEqual({ lookups: 1, adopted: 0, resent: 1 });
    });

    test('an IdP whose answer was lost is found by name and adopted; one answered 503 is sent again', async () => {
      sim.faults.inject('lost,method=POST');
      expect(await client.createIdp(okta())).toMatchObject(okta());
      sim.faults.inject('503,method=POST');
      expect(await client.createIdp(okta({ name: 'azure' }))).toMatchObject({ name: 'azure' });
      expect(posts().map(entry => entry.fault ?? entry.status)).toEqual(['lost', 'status', 200]);
      expect(client.ledger.stats).toEqual({ lookups: 2, adopted: 1, resent: 1 });
      expect((await client.listIdpNames()).sort()).toEqual(['azure', 'okta']);
    });

    test('an IdP this client already made is never adopted: a lost 409 is sent again and the 409 surfaces', async () => {
      await client.createIdp(okta());
      sim.faults.inject('lost,method=POST');
      await expect(client.createIdp(okta())).rejects.toMatchObject({ status: 409 });
      expect(client.ledger.stats).toEqual({ lookups: 1, adopted: 0, resent: 1 });
    });

    test('deletes whose answer was lost are done: the repeat\'s 404 is success', async () => {
      await bobReadsSecurity();
      await client.createIdp(okta());
      sim.faults.inject('lost,method=DELETE');
      await expect(client.removeRoleMember('read-only', 'bob', 'security')).resolves.toBe(false);
      sim.faults.inject('lost,method=DELETE');
      await expect(client.deleteIdp('okta')).resolves.toBe(false);
      const deletes = sim.requests.filter(entry => entry.method === 'DELETE');
      expect(deletes.map(entry => entry.fault ?? entry.status)).toEqual(['lost', 404, 'lost', 404]);
      expect(sim.state.membersWhere({ username: 'bob' })).toEqual([]);
      expect(await client.listIdpNames()).toEqual([]);
    });

    test('a delete keeps trying while its answers are lost, past the core\'s four attempts', async () => {
      await bobReadsSecurity();
      sim.faults.inject('lost,method=DELETE,times=5');
      await expect(client.removeRoleMember('read-only', 'bob', 'security')).resolves.toBe(false);
      expect(sim.requests.filter(entry => entry.method === 'DELETE').map(entry => entry.fault ?? entry.status)).toEqual(['lost', 'lost', 'lost', 'lost', 'lost', 404]);
    });

    test('a delete answered 429 or 503 is retried', async () => {
      await bobReadsSecurity();
      sim.faults.inject('429,method=DELETE;503,method=DELETE');
      await expect(client.removeRoleMember('read-only', 'bob', 'security')).resolves.toBe(true);
      expect(sim.requests.filter(entry => entry.method === 'DELETE').map(entry => entry.status)).toEqual([429, 503, 204]);
    });
  });

  if (layout === '4.x') {
    test('health, version and status', async () => {
      await expect(client.health()).resolves.toBeUndefined();
      expect(await client.version()).toMatchObject({ service: { version: expect.any(String) }, db: { schema_version: expect.any(String) } });
      expect(await client.status()).toEqual({ busy: false, up: true, message: 'all good' });
    });

    test('user-group mappings need the 5.x layout', async () => {
      await expect(client.listIdpUserGroups('okta')).rejects.toThrow(AnchoreLayoutError);
      await expect(client.createIdp(okta({ idp_groups_attribute: 'groups' }))).rejects.toThrow('idp_groups_attribute needs api_layout "5.x"');
    });
  } else {
    test('sends domain_name, under /v2/rbac-manager', async () => {
      await client.addRoleMember('read-only', { username: 'bob', account: 'security' });
      const post = sim.requests.at(-1)!;
      expect(post.path).toBe('/v2/rbac-manager/roles/read-only/members');
      expect(JSON.parse(post.body)).toEqual({ username: 'bob', domain_name: 'security' });
      await client.removeRoleMember('read-only', 'bob', 'security');
      expect(sim.requests.at(-1)!.query).toBe('username=bob&domain_name=security');
    });

    test('IdP user-group mappings: add, list, 409 on a repeat, shown on the IdP, remove', async () => {
      await client.createIdp(okta({ idp_groups_attribute: 'groups' }));
      const mapped = await client.addIdpUserGroups('okta', [PLATFORM_ENGINEERS_GROUP, SECURITY_AUDITORS_GROUP]);
      expect(mapped.map(group => group.user_group_name)).toEqual(['platform-engineers', 'security-auditors']);
      await expect(client.addIdpUserGroups('okta', [PLATFORM_ENGINEERS_GROUP])).rejects.toMatchObject({ status: 409 });
      expect(await client.listIdpUserGroups('okta')).toEqual(mapped);
      expect(await client.getIdp('okta')).toMatchObject({ idp_groups_attribute: 'groups', require_existing_users: false });
      expect(await client.removeIdpUserGroups('okta', [PLATFORM_ENGINEERS_GROUP])).toBe(true);
      expect(await client.removeIdpUserGroups('okta', [PLATFORM_ENGINEERS_GROUP])).toBe(false);
      expect((await client.listIdpUserGroups('okta'))!.map(group => group.user_group_uuid)).toEqual([SECURITY_AUDITORS_GROUP]);
      expect(await client.listIdpUserGroups('nope')).toBeUndefined();
    });

    test('IdP user-group mappings whose answer was lost are adopted; a lost 409 for a mapping this client made surfaces', async () => {
      await client.createIdp(okta());
      sim.faults.inject('lost,method=POST');
      expect((await client.addIdpUserGroups('okta', [PLATFORM_ENGINEERS_GROUP])).map(group => group.user_group_uuid)).toEqual([PLATFORM_ENGINEERS_GROUP]);
      expect(client.ledger.stats).toEqual({ lookups: 1, adopted: 1, resent: 0 });
      sim.faults.inject('lost,method=POST');
      await expect(client.addIdpUserGroups('okta', [PLATFORM_ENGINEERS_GROUP])).rejects.toMatchObject({ status: 409 });
      expect(client.ledger.stats).toEqual({ lookups: 2, adopted: 1, resent: 1 });
    });

    test('removing mappings whose answer was lost is done: the repeat\'s 404 is success', async () => {
      await client.createIdp(okta());
      await client.addIdpUserGroups('okta', [PLATFORM_ENGINEERS_GROUP]);
      sim.faults.inject('lost,method=DELETE');
      await expect(client.removeIdpUserGroups('okta', [PLATFORM_ENGINEERS_GROUP])).resolves.toBe(false);
      expect(await client.listIdpUserGroups('okta')).toEqual([]);
    });

    test('health, version and status are 4.x only', async () => {
      await expect(client.version()).rejects.toThrow('Anchore service version needs api_layout "4.x"');
    });
  }
});

describe('Anchore settings', () => {
  test('read ANCHORE_* from the environment; explicit values win', () => {
    const env = { ANCHORE_URL: 'https://anchore.example.com', ANCHORE_USER: 'admin', ANCHORE_PASSWORD: 'secret', ANCHORE_ACCOUNT: 'eng' };
    expect(anchoreSettingsFromEnv({}, env)).toEqual({ url: 'https://anchore.example.com', user: 'admin', password: 'secret', account: 'eng', apiLayout: '4.x' });
    expect(anchoreSettingsFromEnv({ user: '_api_key', account: '', apiLayout: '5.x' }, env)).toMatchObject({ user: '_api_key', account: 'eng', apiLayout: '5.x' });
  });

  test('missing and malformed settings are named together', () => {
    expect(() => anchoreSettingsFromEnv({ url: 'ftp://x' }, {})).toThrow(
      'Anchore settings are invalid: url must be an http:// or https:// URL, got "ftp://x"; user (ANCHORE_USER) is required; password (ANCHORE_PASSWORD) is required');
  });

  test('the 5.x layout lives under /v2/rbac-manager of the API root, with or without /v2 in the URL', () => {
    expect(serviceBase('https://a.example.com:8228', '5.x')).toBe('https://a.example.com:8228/v2/rbac-manager');
    expect(serviceBase('https://a.example.com/anchore/v2/', '5.x')).toBe('https://a.example.com/anchore/v2/rbac-manager');
    expect(serviceBase('https://a.example.com/v1', '4.x')).toBe('https://a.example.com/v1');
  });
});
