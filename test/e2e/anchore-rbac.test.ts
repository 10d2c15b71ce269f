import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TerraformWorkspace } from './workspace';
import { AnchoreClient, anchoreSettingsFromEnv } from '../../src/clients/anchore';
import { AnchoreSimulator } from '../../src/simulators/anchore';
import { conformanceProblems } from '../simulators/anchore/conformance';

const IMPORTED_CAROL = `
resource "secops_anchore_role_member" "carol" {
  role_name   = "read-only"
  username    = "carol"
  for_account = "security"
}
`;

/**
 * Anchore RBAC driven by the real terraform binary through the bundled provider, against the
 * simulator in the default (4.x) layout. The steps share one state, in order.
 */
describe('terraform drives Anchore role members and a SAML IdP end to end', () => {
  let sim: AnchoreSimulator;
  let client: AnchoreClient;
  let tf: TerraformWorkspace;

  const config = (options: { enabled?: boolean; defaultRole?: string } = {}) => `
provider "secops" {}

resource "secops_anchore_role_member" "bob_reads_security" {
  role_name   = "read-only"
  username    = "bob"
  for_account = "security"
}

resource "secops_anchore_role_member" "ci_writes_engineering" {
  role_name   = "read-write"
  username    = "ci-bot"
  for_account = "engineering"
}

resource "secops_anchore_saml_idp" "okta" {
  name                  = "okta"
  enabled               = ${options.enabled ?? true}
  sp_entity_id          = "https://anchore.example.com/sp"
  acs_url               = "https://anchore.example.com/v1/saml/sso/okta"
  idp_metadata_xml      = "<EntityDescriptor entityID=\\"https://okta.example.com\\"/>"
  idp_account_attribute = "anchore_account"
  default_account       = "engineering"
  default_role          = "${options.defaultRole ?? 'read-only'}"
}

output "ci_member_id" { value = secops_anchore_role_member.ci_writes_engineering.id }
`;

  beforeAll(async () => {
    sim = new AnchoreSimulator();
    await sim.start();
    client = new AnchoreClient(anchoreSettingsFromEnv({ url: sim.url, user: 'admin', password: sim.adminPassword }, {}));
    tf = new TerraformWorkspace({ ANCHORE_URL: sim.url, ANCHORE_USER: 'admin', ANCHORE_PASSWORD: sim.adminPassword });
    tf.writeConfig(config());
    await tf.expect(0, 'init', '-input=false');
  });

  afterAll(async () => {
    tf?.dispose();
    await client?.close();
    await sim?.stop();
  });

  test('apply grants two roles and adds the IdP; a second plan shows no changes', async () => {
    const apply = await tf.expect(0, 'apply', '-auto-approve', '-input=false');
    expect(apply.stdout).toContain('Apply complete! Resources: 3 added, 0 changed, 0 destroyed.');
    expect(await client.getRoleMember('read-only', 'bob', 'security')).toBeDefined();
    expect(await client.getRoleMember('read-write', 'ci-bot', 'engineering')).toBeDefined();
    expect(await client.getIdp('okta')).toMatchObject({ enabled: true, default_role: 'read-only', require_signed_assertions: true });
    expect(JSON.parse((await tf.expect(0, 'output', '-json', 'ci_member_id')).stdout)).toBe('read-write/engineering/ci-bot');
    await tf.expect(0, 'plan', '-detailed-exitcode', '-input=false');
  });

  test('the metadata XML is sensitive: plans never print it', async () => {
    const shown = await tf.expect(0, 'state', 'show', 'secops_anchore_saml_idp.okta');
    expect(shown.stdout).toContain('idp_metadata_xml');
    expect(shown.stdout).not.toContain('EntityDescriptor');
  });

  test('an IdP change is applied in place', async () => {
    tf.writeConfig(config({ enabled: false, defaultRole: 'read-write' }));
    const plan = await tf.expect(2, 'plan', '-detailed-exitcode', '-input=false');
    expect(plan.stdout).toContain('secops_anchore_saml_idp.okta will be updated in-place');
    expect(plan.stdout).toContain('0 to add, 1 to change, 0 to destroy');
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
    expect(await client.getIdp('okta')).toMatchObject({ enabled: false, default_role: 'read-write' });
    await tf.expect(0, 'plan', '-detailed-exitcode', '-input=false');
  });

  test('a membership removed out of band is detected and granted again', async () => {
    expect(await client.removeRoleMember('read-only', 'bob', 'security')).toBe(true);
    const plan = await tf.expect(2, 'plan', '-detailed-exitcode', '-input=false');
    expect(plan.stdout).toContain('secops_anchore_role_member.bob_reads_security will be created');
    expect(plan.stdout).toContain('1 to add, 0 to change, 0 to destroy');
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
    expect(await client.getRoleMember('read-only', 'bob', 'security')).toBeDefined();
    await tf.expect(0, 'plan', '-detailed-exitcode', '-input=false');
  });

  test('moving a membership to another account replaces it', async () => {
    tf.writeConfig(config({ enabled: false, defaultRole: 'read-write' }).replace('for_account = "security"', 'for_account = "engineering"'));
    const plan = await tf.expect(2, 'plan', '-detailed-exitcode', '-input=false');
    expect(plan.stdout).toContain('secops_anchore_role_member.bob_reads_security must be replaced');
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
    expect(await client.getRoleMember('read-only', 'bob', 'security')).toBeUndefined();
    expect(await client.getRoleMember('read-only', 'bob', 'engineering')).toBeDefined();
    tf.writeConfig(config({ enabled: false, defaultRole: 'read-write' }));
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
  });

  test('an existing membership imports by role/account/username with a clean plan', async () => {
    tf.writeConfig(config({ enabled: false, defaultRole: 'read-write' }) + IMPORTED_CAROL);
    await tf.expect(0, 'import', '-input=false', 'secops_anchore_role_member.carol', 'read-only/security/carol');
    const plan = await tf.expect(0, 'plan', '-detailed-exitcode', '-input=false');
    expect(plan.stdout).toContain('No changes.');
  });

  test('under TF_LOG=trace the provider logs its requests and bodies, and neither the password nor the metadata XML appears', async () => {
    const logFile = join(tf.dir, 'trace.log');
    // An apply that sends the IdP (metadata XML included) in a PUT, with request bodies traced.
    tf.writeConfig(config({ enabled: true, defaultRole: 'read-write' }) + IMPORTED_CAROL);
    const traced = await tf.runWithEnv({ TF_LOG: 'trace', TF_LOG_PATH: logFile }, 'apply', '-auto-approve', '-input=false');
    expect(traced.code).toBe(0);
    const log = readFileSync(logFile, 'utf8');
    // Terraform prints a provider log line's fields in no fixed order: look for a line with all of them.
    const hasLine = (...parts: string[]) => log.split('\n').some(line => parts.every(part => line.includes(part)));
    expect(hasLine('HTTP request:', 'method=PUT', 'path=/saml/idps/okta', 'status=200')).toBe(true);
    expect(hasLine('request body:', 'method=PUT', 'path=/saml/idps/okta')).toBe(true);
    expect(log).not.toContain(sim.adminPassword);
    expect(log).not.toContain(Buffer.from(`admin:${sim.adminPassword}`).toString('base64'));
    expect(log).not.toContain('EntityDescriptor entityID');
  });

  test('destroy revokes the memberships and deletes the IdP', async () => {
    await tf.expect(0, 'destroy', '-auto-approve', '-input=false');
    expect(await client.getRoleMember('read-write', 'ci-bot', 'engineering')).toBeUndefined();
    expect(await client.getRoleMember('read-only', 'carol', 'security')).toBeUndefined();
    expect(await client.listIdpNames()).toEqual([]);
  });

  test('every request the provider sent, and every answer, matches the 4.x document', () => {
    expect(sim.exchanges.length).toBeGreaterThan(20);
    expect(conformanceProblems(sim.exchanges)).toEqual([]);
  });
});

describe('invalid Anchore configuration fails at plan, before any request', () => {
  let sim: AnchoreSimulator;
  let tf: TerraformWorkspace;

  beforeAll(async () => {
    sim = new AnchoreSimulator();
    await sim.start();
    tf = new TerraformWorkspace({ ANCHORE_URL: sim.url, ANCHORE_USER: 'admin', ANCHORE_PASSWORD: sim.adminPassword });
    tf.writeConfig('provider "secops" {}');
    await tf.expect(0, 'init', '-input=false');
  });

  afterAll(async () => {
    tf?.dispose();
    await sim?.stop();
  });

  test('both metadata URL and XML are refused, naming the attributes', async () => {
    tf.writeConfig(`provider "secops" {}
resource "secops_anchore_saml_idp" "bad" {
  name             = "okta"
  sp_entity_id     = "sp"
  acs_url          = "https://a/acs"
  idp_metadata_url = "https://okta/metadata"
  idp_metadata_xml = "<x/>"
}`);
    const result = await tf.run('plan', '-input=false');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Conflicting values for "idp_metadata_url" and "idp_metadata_xml"');
  });

  test('an IdP name outside the documented pattern is refused', async () => {
    tf.writeConfig(`provider "secops" {}
resource "secops_anchore_saml_idp" "bad" {
  name             = "okta idp"
  sp_entity_id     = "sp"
  acs_url          = "https://a/acs"
  idp_metadata_url = "https://okta/metadata"
}`);
    const result = await tf.run('plan', '-input=false');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Invalid value for "name"');
  });

  test('an unknown api_layout is refused', async () => {
    tf.writeConfig('provider "secops" {\n  anchore {\n    api_layout = "6.x"\n  }\n}\nresource "secops_anchore_role_member" "m" {\n  role_name = "read-only"\n  username = "bob"\n  for_account = "security"\n}');
    const result = await tf.run('plan', '-input=false');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('must be one of "4.x", "5.x", got "6.x"');
  });

  test('no request reached the simulator', () => {
    expect(sim.exchanges).toEqual([]);
  });
});
