import { harness } from './harness';
import {
  authSecurityPrincipalData, authSecurityPrincipalsData, permissionData, permissionsData, securityPrincipalsData,
} from '../../../src/datasources/illumio/rbac';
import { UNKNOWN } from '../../../src/provider/cty/values';
import { validateBlock } from '../../../src/provider/validate';
import { AuthSecurityPrincipalModel, authSecurityPrincipal } from '../../../src/resources/illumio/auth-security-principal';
import { PermissionModel, permission } from '../../../src/resources/illumio/permission';
import { SecurityPrincipalResourceModel, securityPrincipal } from '../../../src/resources/illumio/security-principal';

const unknown = UNKNOWN as unknown as null;
const principal = (name: string, type = 'group'): AuthSecurityPrincipalModel => ({ href: unknown, type, name, display_name: null });

describe('secops_illumio_auth_security_principal', () => {
  const h = harness();

  test('create, read, update in place, import, drift and delete', async () => {
    const created = await authSecurityPrincipal.create(h.ctx(), { ...principal('secops-admins'), display_name: 'SecOps admins' });
    expect(created).toEqual({ href: expect.stringMatching(/^\/orgs\/1\/auth_security_principals\/[0-9a-f-]{36}$/), type: 'group', name: 'secops-admins', display_name: 'SecOps admins' });
    const change = { ...created, name: 'secops-owners', display_name: null };
    expect(await authSecurityPrincipal.update(h.ctx(), change, created)).toEqual(change);
    const imported = await authSecurityPrincipal.importState!(h.ctx(), created.href!) as AuthSecurityPrincipalModel;
    expect(await authSecurityPrincipal.read(h.ctx(), imported)).toEqual(change);
    await authSecurityPrincipal.delete(h.ctx(), change);
    expect(await authSecurityPrincipal.read(h.ctx(), change)).toBeUndefined();
  });

  test('a second principal of the same type and name is refused; data sources match names exactly', async () => {
    const ops = await authSecurityPrincipal.create(h.ctx(), principal('ops'));
    await authSecurityPrincipal.create(h.ctx(), principal('ops-team'));
    await expect(authSecurityPrincipal.create(h.ctx(), principal('ops'))).rejects.toThrow(/406.*name_must_be_unique/s);
    expect(await authSecurityPrincipalData.read(h.ctx(), { href: null, name: 'ops', type: null, display_name: null } as unknown as AuthSecurityPrincipalModel)).toEqual(ops);
    const list = await authSecurityPrincipalsData.read(h.ctx(), { name: 'ops', type: 'group', partial_name_match: true, auth_security_principals: null });
    expect(list.auth_security_principals!.map((p) => p.name).sort()).toEqual(['ops', 'ops-team']);
  });
});

describe('secops_illumio_permission', () => {
  const h = harness();
  const grant = (principalHref: string, role: string, scope: string[] | null): PermissionModel => ({ href: unknown, role: `/orgs/1/roles/${role}`, auth_security_principal: principalHref, scope });

  test('a create whose answer was lost adopts the permission it made, found by content', async () => {
    const ctx = h.freshCtx();
    const group = (await authSecurityPrincipal.create(ctx, principal('app-owners'))).href!;
    const app = await h.label('app', 'shop');
    h.sim.faults.inject('lost,method=POST,path=/api/v2/orgs/1/permissions');
    const created = await permission.create(ctx, grant(group, 'ruleset_manager', [app]));
    expect((await ctx.client.list<{ href: string }>('/orgs/1/permissions')).map((p) => p.href)).toEqual([created.href]);
    expect(ctx.client.writeStats).toEqual({ lookups: 1, adopted: 1, resent: 0 });
  });

  test('a scoped role within labels: create, update the scope, import, drift, delete', async () => {
    const group = (await authSecurityPrincipal.create(h.ctx(), principal('app-owners'))).href!;
    const app = await h.label('app', 'shop');
    const env = await h.label('env', 'prod');
    const created = await permission.create(h.ctx(), grant(group, 'ruleset_manager', [app]));
    expect(created).toEqual({ href: expect.stringMatching(/^\/orgs\/1\/permissions\/[0-9a-f-]{36}$/), role: '/orgs/1/roles/ruleset_manager', auth_security_principal: group, scope: [app] });
    const change = { ...created, scope: [app, env] };
    expect(await permission.update(h.ctx(), change, created)).toEqual(change);
    expect(await permission.read(h.ctx(), await permission.importState!(h.ctx(), created.href!) as PermissionModel)).toEqual(change);
    expect(await permissionData.read(h.ctx(), { href: created.href, role: '', auth_security_principal: '', scope: null })).toEqual(change);
    await h.client().deleteObject(created.href!);
    expect(await permission.read(h.ctx(), created)).toBeUndefined();
  });

  test('a global role with an unset scope gets an empty one; a scope on it fails at plan; unknown refs are refused by the PCE', async () => {
    const user = (await authSecurityPrincipal.create(h.ctx(), principal('ana@example.com', 'user'))).href!;
    const created = await permission.create(h.ctx(), grant(user, 'read_only', unknown));
    expect(created.scope).toEqual([]);
    const app = await h.label('app', 'crm');
    expect(permission.validate!(grant(user, 'admin', [app]))[0]).toMatchObject({ path: ['scope'], summary: 'Scope of a global role' });
    expect(validateBlock(permission.schema, grant(user, 'admin', null) as never)).toEqual([]);
    expect(validateBlock(permission.schema, { ...grant(user, 'admin', null), role: 'admin' } as never)[0]).toMatchObject({ path: ['role'] });
    await expect(permission.create(h.ctx(), grant(user, 'no_such_role', null))).rejects.toThrow(/406.*invalid_uri/s);
    await expect(permission.create(h.ctx(), grant('/orgs/1/auth_security_principals/missing', 'admin', null))).rejects.toThrow(/406.*invalid_uri/s);
  });

  test('a principal that holds a permission cannot be deleted; the list filters by role and principal', async () => {
    const a = (await authSecurityPrincipal.create(h.ctx(), principal('a'))).href!;
    const b = (await authSecurityPrincipal.create(h.ctx(), principal('b'))).href!;
    const pa = await permission.create(h.ctx(), grant(a, 'admin', null));
    await permission.create(h.ctx(), grant(b, 'read_only', null));
    await expect(h.client().deleteObject(a)).rejects.toThrow(/406.*object_in_use/s);
    const byPrincipal = await permissionsData.read(h.ctx(), { role: null, auth_security_principal: a, scope: null, permissions: null });
    expect(byPrincipal.permissions).toEqual([pa]);
    const byRole = await permissionsData.read(h.ctx(), { role: '/orgs/1/roles/read_only', auth_security_principal: null, scope: [], permissions: null });
    expect(byRole.permissions!.map((p) => p.auth_security_principal)).toEqual([b]);
  });
});

describe('secops_illumio_security_principal', () => {
  const h = harness();
  const planned = (sid: string, name: string): SecurityPrincipalResourceModel => ({ href: unknown, sid, name, description: null });

  test('create, update name and description in place, the SID replaces, import, drift, delete, list', async () => {
    const created = await securityPrincipal.create(h.ctx(), planned('S-1-5-21-1', 'Domain Admins'));
    expect(created).toEqual({ href: expect.stringMatching(/^\/orgs\/1\/security_principals\//), sid: 'S-1-5-21-1', name: 'Domain Admins', description: null });
    const change = { ...created, name: 'Admins', description: 'AD admins' };
    expect(await securityPrincipal.update(h.ctx(), change, created)).toEqual(change);
    expect(securityPrincipal.schema.attributes.sid!.requiresReplace).toBe(true);
    const imported = await securityPrincipal.importState!(h.ctx(), created.href!) as SecurityPrincipalResourceModel;
    expect(await securityPrincipal.read(h.ctx(), imported)).toEqual(change);
    await securityPrincipal.create(h.ctx(), planned('S-1-5-21-2', 'Admins-2'));
    const list = await securityPrincipalsData.read(h.ctx(), { name: 'Admins', sid: null, security_principals: null });
    expect(list.security_principals).toEqual([change]);
    await securityPrincipal.delete(h.ctx(), change);
    expect(await securityPrincipal.read(h.ctx(), change)).toBeUndefined();
  });

  test('a second principal with the same SID is refused with the PCE\'s status and token', async () => {
    await securityPrincipal.create(h.ctx(), planned('S-1', 'one'));
    await expect(securityPrincipal.create(h.ctx(), planned('S-1', 'two'))).rejects.toThrow(/406.*input_validation_error.*S-1/s);
  });
});
