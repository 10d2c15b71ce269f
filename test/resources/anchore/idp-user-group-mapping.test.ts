import { harness } from './harness';
import { IdpUserGroupMappingModel, idpUserGroupMapping } from '../../../src/resources/anchore/idp-user-group-mapping';
import { PLATFORM_ENGINEERS_GROUP } from '../../../src/simulators/anchore';

const model = (values: Partial<IdpUserGroupMappingModel> = {}): IdpUserGroupMappingModel =>
  ({ id: null, idp_name: 'okta', user_group_uuid: PLATFORM_ENGINEERS_GROUP, user_group_name: null, mapped_on: null, ...values });

const okta = { name: 'okta', enabled: true, sp_entity_id: 'sp', acs_url: 'https://a/acs', idp_metadata_url: 'https://okta/metadata' };

describe('secops_anchore_saml_idp_user_group_mapping against the simulator, 5.x layout', () => {
  const { sim, ctx, client } = harness('5.x');

  test('create maps the group; read finds it; delete removes it and read then reports it gone', async () => {
    await client().createIdp(okta);
    const state = await idpUserGroupMapping.create(ctx(), model());
    expect(state).toEqual(model({ id: `okta/${PLATFORM_ENGINEERS_GROUP}`, user_group_name: 'platform-engineers', mapped_on: expect.stringMatching(/^\d{4}-/) }));
    expect(await idpUserGroupMapping.read(ctx(), state)).toEqual(state);
    await idpUserGroupMapping.delete(ctx(), state);
    expect(sim.state.idpUserGroups.list()).toEqual([]);
    expect(await idpUserGroupMapping.read(ctx(), state)).toBeUndefined();
    await expect(idpUserGroupMapping.delete(ctx(), state)).resolves.toBeUndefined();
  });

  test('a mapping that exists is not taken over: the error names the import ID', async () => {
    await client().createIdp(okta);
    await client().addIdpUserGroups('okta', [PLATFORM_ENGINEERS_GROUP]);
    await expect(idpUserGroupMapping.create(ctx(), model()))
      .rejects.toThrow(`User group ${PLATFORM_ENGINEERS_GROUP} is already mapped to IdP okta; import it with ID "okta/${PLATFORM_ENGINEERS_GROUP}"`);
  });

  test('a mapping of a deleted IdP reads as gone; an unknown group fails with Anchore\'s 404', async () => {
    expect(await idpUserGroupMapping.read(ctx(), model({ id: 'x' }))).toBeUndefined();
    await client().createIdp(okta);
    await expect(idpUserGroupMapping.create(ctx(), model({ user_group_uuid: 'no-such-group' }))).rejects.toThrow(/404 Not Found.*User group no-such-group not found/);
  });

  test('import parses <idp_name>/<user_group_uuid>', async () => {
    await client().createIdp(okta);
    await client().addIdpUserGroups('okta', [PLATFORM_ENGINEERS_GROUP]);
    const imported = await idpUserGroupMapping.importState!(ctx(), `okta/${PLATFORM_ENGINEERS_GROUP}`);
    expect(await idpUserGroupMapping.read(ctx(), { ...model(), ...imported } as IdpUserGroupMappingModel)).toMatchObject({ user_group_name: 'platform-engineers' });
    await expect(idpUserGroupMapping.importState!(ctx(), 'okta')).rejects.toThrow('Import ID must be <idp_name>/<user_group_uuid>; got "okta"');
  });
});

describe('secops_anchore_saml_idp_user_group_mapping, 4.x layout', () => {
  const { ctx } = harness('4.x');

  test('fails clearly: the mappings exist only in the 5.x API', async () => {
    await expect(idpUserGroupMapping.create(ctx(), model())).rejects.toThrow('Anchore IdP user-group mappings needs api_layout "5.x"; this provider is configured for "4.x"');
  });
});
