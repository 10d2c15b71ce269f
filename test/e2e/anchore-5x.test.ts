import { TerraformWorkspace } from './workspace';
import { AnchoreSimulator, PLATFORM_ENGINEERS_GROUP } from '../../src/simulators/anchore';
import { conformanceProblems } from '../simulators/anchore/conformance';

/**
 * The 5.x layout end to end: a provider configured with `api_layout = "5.x"` against the
 * simulator's `/v2/rbac-manager`, with an IdP user-group mapping and the data sources.
 */
describe('terraform with api_layout = "5.x"', () => {
  let sim: AnchoreSimulator;
  let tf: TerraformWorkspace;

  const config = `
provider "secops" {
  anchore {
    api_layout = "5.x"
  }
}

resource "secops_anchore_role_member" "bob" {
  role_name   = "read-only"
  username    = "bob"
  for_account = "security"
}

resource "secops_anchore_saml_idp" "okta" {
  name                 = "okta"
  sp_entity_id         = "https://anchore.example.com/sp"
  acs_url              = "https://anchore.example.com/service/sso/auth/okta"
  idp_metadata_url     = "https://okta.example.com/metadata"
  idp_groups_attribute = "groups"
}

resource "secops_anchore_saml_idp_user_group_mapping" "platform" {
  idp_name        = secops_anchore_saml_idp.okta.name
  user_group_uuid = "${PLATFORM_ENGINEERS_GROUP}"
}

data "secops_anchore_role_members" "read_only" {
  role_name   = "read-only"
  for_account = "security"
  depends_on  = [secops_anchore_role_member.bob]
}

data "secops_anchore_user_roles" "bob" {
  username   = "bob"
  depends_on = [secops_anchore_role_member.bob]
}

data "secops_anchore_saml_idps" "all" {
  depends_on = [secops_anchore_saml_idp.okta]
}

output "members" { value = [for m in data.secops_anchore_role_members.read_only.members : m.username] }
output "bob_roles" { value = [for r in data.secops_anchore_user_roles.bob.roles : r.role_name] }
output "idps" { value = data.secops_anchore_saml_idps.all.names }
output "group_name" { value = secops_anchore_saml_idp_user_group_mapping.platform.user_group_name }
`;

  const output = async (name: string): Promise<unknown> => JSON.parse((await tf.expect(0, 'output', '-json', name)).stdout);

  beforeAll(async () => {
    sim = new AnchoreSimulator();
    await sim.start();
    tf = new TerraformWorkspace({ ANCHORE_URL: sim.url, ANCHORE_USER: '_api_key', ANCHORE_PASSWORD: sim.apiKey });
    tf.writeConfig(config);
    await tf.expect(0, 'init', '-input=false');
  });

  afterAll(async () => {
    tf?.dispose();
    await sim?.stop();
  });

  test('apply through /v2/rbac-manager with an API key; data sources see the result; a second plan is clean', async () => {
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
    expect(await output('members')).toEqual(['bob', 'carol']);
    expect(await output('bob_roles')).toEqual(['read-only']);
    expect(await output('idps')).toEqual(['okta']);
    expect(await output('group_name')).toBe('platform-engineers');
    expect(sim.state.idpUserGroups.list()).toEqual([expect.objectContaining({ idp: 'okta', uuid: PLATFORM_ENGINEERS_GROUP })]);
    await tf.expect(0, 'plan', '-detailed-exitcode', '-input=false');
  });

  test('a mapping removed out of band is planned again', async () => {
    sim.state.store.write(() => sim.state.idpUserGroups.delete(`okta/${PLATFORM_ENGINEERS_GROUP}`));
    const plan = await tf.expect(2, 'plan', '-detailed-exitcode', '-input=false');
    expect(plan.stdout).toContain('secops_anchore_saml_idp_user_group_mapping.platform will be created');
  });

  test('destroy removes everything; every exchange used the 5.x paths and matches the 5.x document', async () => {
    await tf.expect(0, 'destroy', '-auto-approve', '-input=false');
    expect(sim.state.idps.list()).toEqual([]);
    expect(sim.state.member('read-only', 'bob', 'security')).toBeUndefined();
    expect(sim.exchanges.length).toBeGreaterThan(10);
    expect(sim.exchanges.every(exchange => exchange.layout === '5.x')).toBe(true);
    expect(conformanceProblems(sim.exchanges)).toEqual([]);
  });
});
