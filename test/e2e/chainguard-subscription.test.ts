import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TerraformWorkspace } from './workspace';
import { ChainguardClient, chainguardSettingsFromEnv } from '../../src/clients/chainguard';
import { ChainguardSimulator } from '../../src/simulators/chainguard';

/**
 * Chainguard event subscriptions driven by the real terraform binary through the bundled
 * provider, against the Chainguard simulator. The steps share one state, in order.
 */
describe('terraform drives secops_chainguard_subscription end to end', () => {
  // Sinks here do not listen: one delivery attempt each keeps the simulator quiet.
  const sim = new ChainguardSimulator({ env: {}, delivery: { maxAttempts: 1 } });
  let client: ChainguardClient;
  let tf: TerraformWorkspace;
  let team: string;

  const config = (sink = 'http://127.0.0.1:9/slack') => `
provider "secops" {}

resource "secops_chainguard_subscription" "slack" {
  parent_id = "${team}"
  sink      = "${sink}"
}

resource "secops_chainguard_subscription" "audit" {
  parent_id = "${sim.rootGroupId}"
  sink      = "http://127.0.0.1:9/audit"
}

data "secops_chainguard_subscriptions" "all" {
  parent_id  = "${sim.rootGroupId}"
  depends_on = [secops_chainguard_subscription.slack, secops_chainguard_subscription.audit]
}

output "slack_id" { value = secops_chainguard_subscription.slack.id }
output "subscription_count" { value = length(data.secops_chainguard_subscriptions.all.subscriptions) }
`;
  const output = async (name: string): Promise<unknown> => JSON.parse((await tf.expect(0, 'output', '-json', name)).stdout);

  beforeAll(async () => {
    await sim.start();
    client = new ChainguardClient(chainguardSettingsFromEnv({ apiUrl: sim.url, token: sim.token }, {}));
    team = sim.createGroup(sim.rootGroupId, 'team').id;
    tf = new TerraformWorkspace({ CHAINGUARD_API_URL: sim.url, CHAINGUARD_TOKEN: sim.token });
    tf.writeConfig(config());
    await tf.expect(0, 'init', '-input=false');
  });

  afterAll(async () => {
    tf?.dispose();
    await client?.close();
    await sim.stop();
  });

  test('apply subscribes both sinks, then a second plan shows no changes', async () => {
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
    const slackId = await output('slack_id') as string;
    expect(slackId.startsWith(`${team}/`)).toBe(true);
    expect(await client.getSubscription(slackId)).toEqual({ id: slackId, sink: 'http://127.0.0.1:9/slack' });
    expect(await output('subscription_count')).toBe(2);
    await tf.expect(0, 'plan', '-detailed-exitcode', '-input=false');
  });

  test('a new sink replaces the subscription', async () => {
    const oldId = await output('slack_id') as string;
    tf.writeConfig(config('http://127.0.0.1:9/slack-v2'));
    const plan = await tf.expect(2, 'plan', '-detailed-exitcode', '-input=false');
    expect(plan.stdout).toContain('secops_chainguard_subscription.slack must be replaced');
    expect(plan.stdout).toContain('1 to add, 0 to change, 1 to destroy');
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
    const newId = await output('slack_id') as string;
    expect(newId).not.toBe(oldId);
    expect(await client.getSubscription(oldId)).toBeUndefined();
    await tf.expect(0, 'plan', '-detailed-exitcode', '-input=false');
  });

  test('a subscription deleted out of band is planned for creation again', async () => {
    await client.deleteSubscription(await output('slack_id') as string);
    const plan = await tf.expect(2, 'plan', '-detailed-exitcode', '-input=false');
    expect(plan.stdout).toContain('secops_chainguard_subscription.slack will be created');
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
    await tf.expect(0, 'plan', '-detailed-exitcode', '-input=false');
  });

  test('an imported subscription yields a clean plan', async () => {
    const made = await client.createSubscription(team, 'https://hooks.example.com/by-hand');
    tf.writeConfig(config('http://127.0.0.1:9/slack-v2') + `
resource "secops_chainguard_subscription" "by_hand" {
  parent_id = "${team}"
  sink      = "https://hooks.example.com/by-hand"
}
`);
    await tf.expect(0, 'import', '-input=false', 'secops_chainguard_subscription.by_hand', made.id);
    const plan = await tf.expect(0, 'plan', '-detailed-exitcode', '-input=false');
    expect(plan.stdout).toContain('No changes.');
  });

  test('a malformed group UIDP fails at plan with the attribute and the rule, before any request', async () => {
    const before = sim.requests.length;
    tf.writeConfig(config('http://127.0.0.1:9/slack-v2') + '\nresource "secops_chainguard_subscription" "bad" {\n  parent_id = "team-a"\n  sink = "http://127.0.0.1:9/x"\n}\n');
    const result = await tf.run('plan', '-input=false', '-refresh=false');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Invalid value for "parent_id"');
    expect(result.stderr).toContain('is not a UIDP: must start with a UID of 40 lower-case hex characters');
    expect(sim.requests.length).toBe(before);
  });

  test('under TF_LOG the provider logs its requests, and the bearer token never appears', async () => {
    tf.writeConfig(config('http://127.0.0.1:9/slack-v2'));
    const logFile = join(tf.dir, 'trace.log');
    const traced = await tf.runWithEnv({ TF_LOG: 'trace', TF_LOG_PATH: logFile }, 'plan', '-input=false');
    expect(traced.code).toBe(0);
    const log = readFileSync(logFile, 'utf8');
    // Terraform prints a provider log line's fields in no fixed order: look for a line with all of them.
    const requestLines = log.split('\n').filter(line => /provider\.terraform-provider-secops[^:]*: HTTP request: /.test(line));
    expect(requestLines.some(line => ['method=GET', 'path=/events/v1/subscriptions', 'status=200'].every(part => line.includes(part)))).toBe(true);
    expect(log).toContain('Authorization:[REDACTED]');
    expect(log).not.toContain(sim.token);
  });

  test('destroy leaves no subscription', async () => {
    await tf.expect(0, 'state', 'rm', 'secops_chainguard_subscription.by_hand');
    await tf.expect(0, 'destroy', '-auto-approve', '-input=false');
    expect(sim.subscriptions().map(s => s.sink)).toEqual(['https://hooks.example.com/by-hand']);
  });
});
