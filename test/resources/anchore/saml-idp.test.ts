import { harness } from './harness';
import { UNKNOWN } from '../../../src/provider/cty/values';
import { configProblems } from '../../../src/provider/validate';
import { SamlIdpModel, samlIdp } from '../../../src/resources/anchore/saml-idp';

const model = (values: Partial<SamlIdpModel> = {}): SamlIdpModel => ({
  name: 'okta',
  enabled: true,
  sp_entity_id: 'https://anchore.example.com/sp',
  acs_url: 'https://anchore.example.com/v1/saml/sso/okta',
  acs_https_port: null,
  idp_metadata_url: 'https://example.okta.com/metadata',
  idp_metadata_xml: null,
  idp_username_attribute: null,
  idp_account_attribute: 'anchore_account',
  idp_role_attribute: null,
  idp_groups_attribute: null,
  default_account: 'engineering',
  default_role: 'read-only',
  require_signed_assertions: true,
  require_signed_response: false,
  require_existing_users: null,
  created_at: null,
  last_updated: null,
  ...values,
});

const STAMP = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);

describe.each(['4.x', '5.x'] as const)('secops_anchore_saml_idp against the simulator, %s layout', (layout) => {
  const { sim, ctx, client } = harness(layout);

  test('create stores every field; read returns the same state', async () => {
    const state = await samlIdp.create(ctx(), model({ acs_https_port: 8443 }));
    expect(state).toEqual(model({
      acs_https_port: 8443, created_at: STAMP, last_updated: STAMP, require_existing_users: layout === '5.x' ? false : null,
    }));
    expect(sim.state.idps.get('okta')).toMatchObject({ idp_account_attribute: 'anchore_account', require_signed_response: false });
    expect(await samlIdp.read(ctx(), state)).toEqual(state);
  });

  test('update changes fields in place, switching from metadata URL to XML; cleared fields are cleared remotely', async () => {
    const created = await samlIdp.create(ctx(), model());
    const updated = await samlIdp.update(ctx(), model({ enabled: false, idp_metadata_url: null, idp_metadata_xml: '<EntityDescriptor/>', default_role: null }), created);
    expect(updated).toMatchObject({ enabled: false, idp_metadata_url: null, idp_metadata_xml: '<EntityDescriptor/>', default_role: null, created_at: created.created_at });
    expect(await client().getIdp('okta')).not.toHaveProperty('default_role');
  });

  test('an IdP that exists is not taken over: the error names the import ID; a deleted IdP reads as gone', async () => {
    const state = await samlIdp.create(ctx(), model());
    await expect(samlIdp.create(ctx(), model())).rejects.toThrow('SAML IdP okta already exists; import it with ID "okta"');
    await samlIdp.delete(ctx(), state);
    expect(await samlIdp.read(ctx(), state)).toBeUndefined();
    await expect(samlIdp.delete(ctx(), state)).resolves.toBeUndefined();
  });

  test('import by name', async () => {
    const state = await samlIdp.create(ctx(), model());
    const imported = await samlIdp.importState!(ctx(), 'okta');
    expect(await samlIdp.read(ctx(), imported as SamlIdpModel)).toEqual(state);
  });
});

describe('secops_anchore_saml_idp configuration', () => {
  test('metadata URL and XML are mutually exclusive, and one is required', () => {
    expect(configProblems(samlIdp as never, model({ idp_metadata_xml: '<x/>' }) as never)).toEqual([{
      path: ['idp_metadata_xml'], summary: 'Conflicting values for "idp_metadata_url" and "idp_metadata_xml"', detail: 'set only one of idp_metadata_url and idp_metadata_xml',
    }]);
    expect(configProblems(samlIdp as never, model({ idp_metadata_url: null }) as never)).toEqual([{
      path: ['idp_metadata_url'], summary: 'Missing value for "idp_metadata_url"', detail: 'one of idp_metadata_url and idp_metadata_xml is required',
    }]);
    // Known only at apply: nothing to say at plan.
    expect(configProblems(samlIdp as never, model({ idp_metadata_url: UNKNOWN as never, idp_metadata_xml: '<x/>' }) as never)).toEqual([]);
  });

  test('the name follows the documented pattern; the port is 1-65535 or -1; the metadata XML is sensitive', () => {
    expect(configProblems(samlIdp as never, model({ name: 'my idp' }) as never)[0]).toMatchObject({ path: ['name'], detail: 'must match ^[a-zA-Z0-9_-]+$ (letters, digits, "_" and "-"), got "my idp"' });
    expect(configProblems(samlIdp as never, model({ acs_https_port: 0 }) as never)[0]).toMatchObject({ path: ['acs_https_port'], detail: 'must be a port number (1-65535) or -1, got 0' });
    expect(configProblems(samlIdp as never, model({ acs_https_port: -1 }) as never)).toEqual([]);
    expect(samlIdp.schema.attributes.idp_metadata_xml!.sensitive).toBe(true);
    expect(samlIdp.schema.attributes.name!.requiresReplace).toBe(true);
  });
});
