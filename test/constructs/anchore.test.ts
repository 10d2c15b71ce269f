import { TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { SecopsProvider, anchore } from '../../src';
// cdktf's jest matcher typings (Testing.setupJest() registers the matchers themselves).
import 'cdktf/lib/testing/adapters/jest';

Testing.setupJest();

const okta = {
  name: 'okta',
  spEntityId: 'https://anchore.example.com/sp',
  acsUrl: 'https://anchore.example.com/v1/saml/sso/okta',
  idpMetadataUrl: 'https://example.okta.com/app/metadata',
  defaultAccount: 'engineering',
  defaultRole: 'read-only',
};

/** A stack as a user writes it: the provider, two role members and an IdP. */
function rbacStack(): { stack: TerraformStack; ci: anchore.RoleMember; idp: anchore.SamlIdp } {
  const stack = new TerraformStack(Testing.app(), 'stack');
  new SecopsProvider(stack, 'secops', { anchore: { url: 'https://anchore.example.com:8228', account: 'admin' } });
  const ci = new anchore.RoleMember(stack, 'ci', { roleName: 'read-write', username: 'ci-bot', forAccount: 'engineering' });
  new anchore.RoleMember(stack, 'auditor', { roleName: 'read-only', username: 'carol', forAccount: 'security' });
  const idp = new anchore.SamlIdp(stack, 'okta', okta);
  return { stack, ci, idp };
}

/** Synthesizes with validations, as `cdktf synth` does, and returns the error message ('' when valid). */
function validationErrors(build: (stack: TerraformStack) => void): string {
  const stack = new TerraformStack(Testing.app(), 'stack');
  build(stack);
  try {
    Testing.synth(stack, true);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('anchore constructs', () => {
  test('synthesize role members, an IdP and the provider\'s anchore block', () => {
    const synthesized = Testing.synth(rbacStack().stack);
    expect(synthesized).toMatchSnapshot();
    expect(synthesized).toHaveProviderWithProperties(SecopsProvider, { anchore: { url: 'https://anchore.example.com:8228', account: 'admin' } });
    expect(synthesized).toHaveResourceWithProperties(anchore.RoleMember, { role_name: 'read-write', username: 'ci-bot', for_account: 'engineering' });
    expect(synthesized).toHaveResourceWithProperties(anchore.SamlIdp, {
      name: 'okta', sp_entity_id: okta.spEntityId, acs_url: okta.acsUrl, idp_metadata_url: okta.idpMetadataUrl, default_role: 'read-only',
    });
    expect(anchore.RoleMember.tfResourceType).toBe('secops_anchore_role_member');
    expect(anchore.SamlIdp.tfResourceType).toBe('secops_anchore_saml_idp');
  });

  test('a 5.x stack: api layout, an IdP user-group mapping referencing the IdP, data sources as references', () => {
    const synthesized = Testing.synthScope(scope => {
      new SecopsProvider(scope, 'secops', { anchore: { apiLayout: '5.x' } });
      const idp = new anchore.SamlIdp(scope, 'okta', { ...okta, idpGroupsAttribute: 'groups' });
      new anchore.SamlIdpUserGroupMapping(scope, 'platform', { idpName: idp.name, userGroupUuid: '3f0b6c2e-8d4a-4c1e-9b7f-2a5d6e8f1c01' });
      const members = new anchore.DataRoleMembers(scope, 'readers', { roleName: 'read-only', forAccount: 'security' });
      const role = new anchore.DataRole(scope, 'read-only', { name: 'read-only' });
      new anchore.DataRoles(scope, 'roles', {});
      new anchore.DataUserRoles(scope, 'carol', { username: 'carol' });
      new anchore.DataMyRoles(scope, 'mine', {});
      new anchore.DataSamlIdps(scope, 'idps', {});
      new anchore.DataService(scope, 'service', {});
      new TerraformOutput(scope, 'first_reader', { value: members.members.get(0).username });
      new TerraformOutput(scope, 'immutable', { value: role.immutable });
    });
    expect(synthesized).toMatchSnapshot();
    const config = JSON.parse(synthesized);
    expect(config.provider.secops).toEqual([{ anchore: { api_layout: '5.x' } }]);
    expect(config.resource.secops_anchore_saml_idp_user_group_mapping.platform.idp_name).toBe('${secops_anchore_saml_idp.okta.name}');
    expect(config.output.first_reader.value).toBe('${data.secops_anchore_role_members.readers.members[0].username}');
    expect(Object.keys(config.data).sort()).toEqual([
      'secops_anchore_my_roles', 'secops_anchore_role', 'secops_anchore_role_members', 'secops_anchore_roles', 'secops_anchore_saml_idps',
      'secops_anchore_service', 'secops_anchore_user_roles',
    ]);
  });

  test('importFrom a role member takes role/account/username', () => {
    const { stack, ci } = rbacStack();
    ci.importFrom('read-write/engineering/ci-bot');
    expect(JSON.parse(Testing.synth(stack)).import).toEqual([{ id: 'read-write/engineering/ci-bot', to: 'secops_anchore_role_member.ci' }]);
  });

  test('synth refuses an IdP with both metadata URL and XML, or with neither', () => {
    const errors = validationErrors(stack => {
      new SecopsProvider(stack, 'secops');
      new anchore.SamlIdp(stack, 'both', { ...okta, idpMetadataXml: '<EntityDescriptor/>' });
      new anchore.SamlIdp(stack, 'neither', { ...okta, name: 'azure', idpMetadataUrl: undefined });
    });
    expect(errors).toContain('[stack/both] idp_metadata_xml: set only one of idp_metadata_url and idp_metadata_xml');
    expect(errors).toContain('[stack/neither] idp_metadata_url: one of idp_metadata_url and idp_metadata_xml is required');
  });

  test('synth refuses a bad IdP name, a bad api_layout and a bad URL', () => {
    const errors = validationErrors(stack => {
      new SecopsProvider(stack, 'secops', { anchore: { apiLayout: '6.x', url: 'anchore.example.com' } });
      new anchore.SamlIdp(stack, 'bad', { ...okta, name: 'okta idp' });
    });
    expect(errors).toContain('[stack/bad] name: must match ^[a-zA-Z0-9_-]+$');
    expect(errors).toContain('must be one of "4.x", "5.x", got "6.x"');
    expect(errors).toContain('url must be an http:// or https:// URL, got "anchore.example.com"');
  });

  test('is valid Terraform for the real terraform and the provider installed at synth', () => {
    expect(Testing.fullSynth(rbacStack().stack)).toBeValidTerraform();
  });
});
