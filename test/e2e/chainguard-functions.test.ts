import { TerraformWorkspace } from './workspace';

const ACCOUNT = '0475f6baca584a8964a6bce6b74dbe78dd8805b6';
const GROUP = `${ACCOUNT}/b74ce966caf448d1`;
const SUBSCRIPTION = `${GROUP}/bcb18b9a6f9f62b6`;

/** The UIDP provider functions, called by the real terraform through the bundled provider (no API needed). */
describe('provider::secops::uidp_* functions in terraform', () => {
  let tf: TerraformWorkspace;

  beforeAll(async () => {
    tf = new TerraformWorkspace();
    tf.writeConfig('');
    await tf.expect(0, 'init', '-input=false');
  });
  afterAll(() => tf?.dispose());

  test('terraform lists them and computes their results at plan', async () => {
    tf.writeConfig(`
output "parent"        { value = provider::secops::uidp_parent("${SUBSCRIPTION}") }
output "ancestors"     { value = provider::secops::uidp_ancestors("${SUBSCRIPTION}") }
output "root"          { value = provider::secops::uidp_root("${SUBSCRIPTION}") }
output "valid"         { value = [provider::secops::uidp_valid("${GROUP}"), provider::secops::uidp_valid("team-a")] }
output "below"         { value = [provider::secops::uidp_is_descendant_of("${SUBSCRIPTION}", "${ACCOUNT}"), provider::secops::uidp_is_descendant_of("${GROUP}", "${GROUP}")] }
`);
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
    const outputs = JSON.parse((await tf.expect(0, 'output', '-json')).stdout);
    expect(Object.fromEntries(Object.entries(outputs).map(([name, output]) => [name, (output as { value: unknown }).value]))).toEqual({
      parent: GROUP,
      ancestors: [GROUP, ACCOUNT],
      root: ACCOUNT,
      valid: [true, false],
      below: [true, false],
    });
  });

  test('a malformed UIDP fails the call with the reason, pointing at the argument', async () => {
    tf.writeConfig('output "parent" { value = provider::secops::uidp_parent("team-a/x") }\n');
    const result = await tf.run('plan', '-input=false');
    expect(result.code).toBe(1);
    const message = result.stderr.replace(/\s+/g, ' ');
    expect(message).toContain('Invalid function argument');
    expect(message).toContain('Invalid value for "uidp" parameter: "team-a/x" is not a UIDP: must start with a UID of 40 lower-case hex characters');
  });

  test('a root UID has no parent', async () => {
    tf.writeConfig(`output "parent" { value = provider::secops::uidp_parent("${ACCOUNT}") }\n`);
    const result = await tf.run('plan', '-input=false');
    expect(result.code).toBe(1);
    expect(result.stderr.replace(/\s+/g, ' ')).toContain(`"${ACCOUNT}" is a root UID and has no parent`);
  });
});
