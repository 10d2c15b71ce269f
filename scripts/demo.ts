/**
 * The demo: deploys examples/platform (one cdktf stack across the five vendors) to the sandbox
 * simulators with cdktf-cli and the real terraform, shows what now exists in each simulator and
 * the Chainguard events a verifying webhook received, shows that a second plan has no changes,
 * then destroys. Nothing is installed by hand: synthesis puts the provider beside the stack.
 */
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { ExampleWorkspace, terraformBinary } from './example-workspace';
import { createReceiverServer } from '../examples/chainguard-events/receiver';
import { ChainguardEventReceiver } from '../src/chainguard';
import { Sandbox, startSandbox } from '../src/cli/sandbox';

const EXAMPLE = 'platform';
const STACK = 'platform';

function step(title: string): void {
  process.stdout.write(`\n\x1b[1m==> ${title}\x1b[0m\n`);
}

function line(text: string): void {
  process.stdout.write(`  ${text}\n`);
}

/** Runs one command of the demo, printing it first; false when it failed. */
async function succeeds(title: string, run: () => Promise<{ code: number }>, expectedCode = 0): Promise<boolean> {
  process.stdout.write(`$ ${title}\n`);
  const { code } = await run();
  if (code !== expectedCode) process.stdout.write(`\n${title} exited ${code}, expected ${expectedCode}\n`);
  return code === expectedCode;
}

/** The objects of the kinds the stack manages, in each simulator. */
function objectsOf({ simulators }: Sandbox) {
  return {
    nomadRules: simulators.nomad.rules(),
    ruleSets: simulators.illumio.active('rule_sets'),
    policies: simulators.carbonblack.policies(),
    members: simulators.anchore.state.members.list(),
    subscriptions: simulators.chainguard.subscriptions(),
  };
}

type Objects = ReturnType<typeof objectsOf>;
/** Identities of the objects a simulator is seeded with (Carbon Black's default policy, Anchore's admin memberships). */
type Seeded = ReadonlySet<string>;

const identity = (object: object) => JSON.stringify(object);

function seededObjects(sandbox: Sandbox): Seeded {
  return new Set(Object.values(objectsOf(sandbox)).flat().map(identity));
}

/** The objects the stack manages: all but the seeded ones. */
function managedObjects(sandbox: Sandbox, seeded: Seeded): Objects {
  const all = objectsOf(sandbox);
  const keep = <T extends object>(objects: readonly T[]): T[] => objects.filter(object => !seeded.has(identity(object)));
  return {
    nomadRules: keep(all.nomadRules),
    ruleSets: keep(all.ruleSets),
    policies: keep(all.policies),
    members: keep(all.members),
    subscriptions: keep(all.subscriptions),
  };
}

/** What each simulator holds, as an operator would check it in the vendor's console. */
function printState(sandbox: Sandbox, seeded: Seeded, notifications: readonly string[]): void {
  const { simulators } = sandbox;
  const managed = managedObjects(sandbox, seeded);
  for (const rule of managed.nomadRules) {
    line(`Nomad         binding rule  ${rule.AuthMethod} ${rule.Selector} -> ${rule.BindType} ${rule.BindName}`);
  }
  const [version] = simulators.illumio.versions().slice(-1);
  for (const ruleSet of managed.ruleSets) {
    const { name } = ruleSet.body as { name?: string };
    line(`Illumio       rule set "${name}" with ${ruleSet.rules?.length ?? 0} rule(s), active in policy version ${version?.version ?? '-'}`);
  }
  line(`              labels: ${simulators.illumio.labels().map(label => `${label.key}=${label.value}`).join(', ')}`);
  for (const policy of managed.policies) {
    line(`Carbon Black  policy "${policy.name}" (${policy.status}): ${policy.rules.map(rule => `${rule.id}=${rule.action}`).join(', ')}`);
  }
  for (const member of managed.members) {
    line(`Anchore       ${member.username} holds ${member.role} in account ${member.account}`);
  }
  for (const idp of simulators.anchore.state.idps.list()) line(`Anchore       SAML IdP ${idp.name}`);
  for (const subscription of managed.subscriptions) {
    line(`Chainguard    subscription ${subscription.id} -> ${subscription.sink}`);
  }
  for (const notification of notifications) line(`              webhook verified: ${notification}`);
}

/** The webhook of examples/chainguard-events: it verifies each signed event (token, issuer, subject, digest). */
async function startReceiver(sandbox: Sandbox, notifications: string[]): Promise<{ server: Server; url: string }> {
  const receiver = new ChainguardEventReceiver({ group: sandbox.env.CHAINGUARD_GROUP!, issuer: sandbox.env.CHAINGUARD_ISSUER! });
  const server = createReceiverServer(receiver, text => { notifications.push(text); });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events` };
}

async function deployPlanDestroy(workspace: ExampleWorkspace, sandbox: Sandbox, notifications: string[]): Promise<number> {
  const seeded = seededObjects(sandbox);
  step(`Synthesizing (with the review checks) and deploying examples/${EXAMPLE} with cdktf-cli (a copy in ${workspace.dir})`);
  if (!await succeeds('cdktf deploy --auto-approve', () => workspace.cdktf('deploy', '--auto-approve'))) return 1;
  await sandbox.simulators.chainguard.deliveriesSettled();

  step('What the simulators now hold');
  printState(sandbox, seeded, notifications);

  step(`A second plan in cdktf.out/stacks/${STACK}: nothing to change`);
  const planned = await succeeds('terraform plan -detailed-exitcode',
    () => workspace.terraform(workspace.stackDir(STACK), 'plan', '-detailed-exitcode', '-input=false'));
  if (!planned) return 1;

  step('Destroying');
  if (!await succeeds('cdktf destroy --auto-approve', () => workspace.cdktf('destroy', '--auto-approve'))) return 1;
  const left = Object.values(managedObjects(sandbox, seeded)).reduce((sum, objects) => sum + objects.length, 0);
  process.stdout.write(`\nObjects left in the simulators: ${left}\nDemo complete.\n`);
  return left === 0 ? 0 : 1;
}

async function main(): Promise<number> {
  const started = performance.now();
  step('Starting the simulators of the five vendors (secops sandbox) and a Chainguard webhook');
  const sandbox = await startSandbox();
  const notifications: string[] = [];
  const receiver = await startReceiver(sandbox, notifications);
  process.stdout.write(sandbox.exports.map(text => `  ${text.replace(/((TOKEN|SECRET|PASSWORD)=).*/, '$1<secret>')}\n`).join(''));
  line(`webhook: ${receiver.url}`);
  const workspace = new ExampleWorkspace(EXAMPLE, {
    env: { ...sandbox.env, RECEIVER_URL: receiver.url },
    terraform: terraformBinary('terraform'),
    echo: true,
  });
  try {
    const code = await deployPlanDestroy(workspace, sandbox, notifications);
    process.stdout.write(`(${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
    return code;
  } finally {
    receiver.server.close();
    await sandbox.stop();
    workspace.dispose();
  }
}

main().then(code => { process.exitCode = code; }, error => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
