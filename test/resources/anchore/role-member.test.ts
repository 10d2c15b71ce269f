import { harness } from './harness';
import { configProblems } from '../../../src/provider/validate';
import { RoleMemberModel, roleMember } from '../../../src/resources/anchore/role-member';

const model = (values: Partial<RoleMemberModel> = {}): RoleMemberModel =>
  ({ id: null, role_name: 'read-only', username: 'bob', for_account: 'security', created_at: null, ...values });

describe.each(['4.x', '5.x'] as const)('secops_anchore_role_member against the simulator, %s layout', (layout) => {
  const { sim, ctx } = harness(layout);

  test('create grants the role; read finds it; delete revokes it and read then reports it gone', async () => {
    const state = await roleMember.create(ctx(), model());
    expect(state).toEqual(model({ id: 'read-only/security/bob', created_at: expect.stringMatching(/^\d{4}-/) }));
    expect(sim.state.member('read-only', 'bob', 'security')).toBeDefined();
    expect(await roleMember.read(ctx(), state)).toEqual(state);
    await roleMember.delete(ctx(), state);
    expect(sim.state.member('read-only', 'bob', 'security')).toBeUndefined();
    expect(await roleMember.read(ctx(), state)).toBeUndefined();
    // Deleting what is already gone succeeds (destroy after an out-of-band removal).
    await expect(roleMember.delete(ctx(), state)).resolves.toBeUndefined();
  });

  test('a membership that already exists is not adopted silently: the error names the import ID', async () => {
    await expect(roleMember.create(ctx(), model({ username: 'carol' })))
      .rejects.toThrow('carol already holds role read-only in account security; import it with ID "read-only/security/carol"');
  });

  test('the grant this create made is adopted when its answer is lost; one made before still is not', async () => {
    sim.faults.inject('lost,method=POST');
    const state = await roleMember.create(ctx(), model());
    expect(state).toEqual(model({ id: 'read-only/security/bob', created_at: expect.stringMatching(/^\d{4}-/) }));
    expect(sim.requests.filter(entry => entry.method === 'POST').map(entry => entry.fault)).toEqual(['lost']);
    await expect(roleMember.create(ctx(), model())).rejects.toThrow('bob already holds role read-only in account security');
  });

  test('an unknown user fails with Anchore\'s status and message, creating nothing', async () => {
    await expect(roleMember.create(ctx(), model({ username: 'mallory' }))).rejects.toThrow(/404 Not Found.*User mallory not found/);
    expect(sim.state.membersWhere({ username: 'mallory' })).toEqual([]);
  });

  test('read of a membership in a role that no longer exists reports it gone', async () => {
    expect(await roleMember.read(ctx(), model({ role_name: 'retired-role' }))).toBeUndefined();
  });

  test('import parses <role>/<account>/<username> and read fills the rest', async () => {
    const imported = await roleMember.importState!(ctx(), 'read-only/security/carol');
    expect(await roleMember.read(ctx(), { ...model(), ...imported } as RoleMemberModel))
      .toEqual(model({ id: 'read-only/security/carol', username: 'carol', created_at: expect.any(String) }));
    await expect(roleMember.importState!(ctx(), 'read-only/carol')).rejects.toThrow('Import ID must be <role>/<account>/<username>');
  });
});

describe('secops_anchore_role_member configuration', () => {
  test('every attribute requires replacement, and "/" is refused in names (it separates the import ID)', () => {
    const { attributes } = roleMember.schema;
    const replaced = [attributes.role_name, attributes.username, attributes.for_account].map(attribute => attribute!.requiresReplace);
    expect(replaced).toEqual([true, true, true]);
    expect(configProblems(roleMember as never, model({ username: 'a/b' }) as never)).toEqual([
      { path: ['username'], summary: 'Invalid value for "username"', detail: 'must not contain "/"' },
    ]);
  });
});
