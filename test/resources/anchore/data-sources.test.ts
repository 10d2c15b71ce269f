import { harness } from './harness';
import { myRolesData } from '../../../src/datasources/anchore/my-roles';
import { roleData } from '../../../src/datasources/anchore/role';
import { roleMembersData } from '../../../src/datasources/anchore/role-members';
import { rolesData } from '../../../src/datasources/anchore/roles';
import { samlIdpsData } from '../../../src/datasources/anchore/saml-idps';
import { serviceData } from '../../../src/datasources/anchore/service';
import { userRolesData } from '../../../src/datasources/anchore/user-roles';

describe.each(['4.x', '5.x'] as const)('Anchore data sources against the simulator, %s layout', (layout) => {
  const { ctx, client } = harness(layout);

  test('roles: the built-in roles, by name', async () => {
    const { roles } = await rolesData.read(ctx(), { roles: null });
    expect(roles!.map(role => role.name)).toEqual(['account-user-admin', 'full-control', 'image-analyzer', 'policy-editor', 'read-only', 'read-write', 'report-viewer']);
    expect(roles![0]).toEqual({ name: 'account-user-admin', description: expect.any(String), created_at: expect.any(String) });
  });

  test('role: permissions and the immutable flag; an unknown role is an error naming it', async () => {
    const role = await roleData.read(ctx(), { name: 'read-only', description: null, immutable: null, permissions: null, created_at: null, last_updated: null });
    expect(role).toMatchObject({ name: 'read-only', immutable: true });
    expect(role.permissions).toContainEqual({ action: 'getImage', target: '*' });
    await expect(roleData.read(ctx(), { ...role, name: 'nope' })).rejects.toThrow('Anchore has no role named "nope"');
  });

  test('role members: all, or filtered by account', async () => {
    await client().addRoleMember('read-only', { username: 'bob', account: 'engineering' });
    const all = await roleMembersData.read(ctx(), { role_name: 'read-only', for_account: null, members: null });
    expect(all.members!.map(m => `${m.username}@${m.for_account}`)).toEqual(['bob@engineering', 'carol@security']);
    const security = await roleMembersData.read(ctx(), { role_name: 'read-only', for_account: 'security', members: null });
    expect(security).toEqual({ role_name: 'read-only', for_account: 'security', members: [{ username: 'carol', for_account: 'security', created_at: expect.any(String) }] });
  });

  test('user roles: grouped by role with their accounts; filters; an unknown user is an error', async () => {
    await client().addRoleMember('read-only', { username: 'alice', account: 'security' });
    await client().addRoleMember('read-only', { username: 'alice', account: 'engineering' });
    const empty = { username: 'alice', for_account: null, role_name: null, roles: null };
    const { roles } = await userRolesData.read(ctx(), empty);
    expect(roles!.map(role => [role.role_name, role.accounts])).toEqual([
      ['account-user-admin', ['engineering']], ['read-only', ['engineering', 'security']], ['read-write', ['engineering']],
    ]);
    expect((await userRolesData.read(ctx(), { ...empty, for_account: 'security' })).roles!.map(r => r.role_name)).toEqual(['read-only']);
    expect((await userRolesData.read(ctx(), { ...empty, role_name: 'read-write' })).roles!.map(r => r.role_name)).toEqual(['read-write']);
    await expect(userRolesData.read(ctx(), { ...empty, username: 'nobody' })).rejects.toThrow('Anchore has no user named "nobody"');
  });

  test('my roles: the provider user\'s memberships', async () => {
    expect((await myRolesData.read(ctx(), { roles: null })).roles).toEqual([]);
    await client().addRoleMember('policy-editor', { username: 'admin', account: 'engineering' });
    const { roles } = await myRolesData.read(ctx(), { roles: null });
    expect(roles).toEqual([{ for_account: 'engineering', role_name: 'policy-editor', description: 'Manage policies in the account', permissions: expect.arrayContaining([{ action: 'createPolicy', target: '*' }]) }]);
  });

  test('IdP names', async () => {
    for (const name of ['okta', 'azure']) {
      await client().createIdp({ name, enabled: true, sp_entity_id: 'sp', acs_url: 'https://a/acs', idp_metadata_url: 'https://m' });
    }
    expect(await samlIdpsData.read(ctx(), { names: null })).toEqual({ names: ['azure', 'okta'] });
  });

  test('service version and status (4.x only)', async () => {
    const empty = {
      version: null, api_version: null, db_schema_version: null, engine_version: null, engine_db_version: null, up: null, busy: null, message: null,
    };
    if (layout === '4.x') {
      const anyText = expect.any(String);
      expect(await serviceData.read(ctx(), empty)).toEqual({
        version: anyText, api_version: '0.0.1', db_schema_version: anyText, engine_version: anyText, engine_db_version: anyText, up: true, busy: false, message: 'all good',
      });
    } else {
      await expect(serviceData.read(ctx(), empty)).rejects.toThrow('needs api_layout "4.x"');
    }
  });
});
