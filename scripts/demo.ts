/**
 * The demo: deploys examples/nomad (a cdktf app) to the built-in Nomad simulator with cdktf-cli and
 * the real terraform, shows what now exists there, shows that a second plan has no changes, then
 * destroys. Nothing is installed by hand: synthesis puts the provider beside the stack.
 */
import { ExampleWorkspace, terraformBinary } from './example-workspace';
import { startSandbox } from '../src/cli/sandbox';
import { NomadSimulator } from '../src/simulators/nomad';

const EXAMPLE = 'nomad';
const STACK = 'nomad';

function step(title: string): void {
  process.stdout.write(`\n\x1b[1m==> ${title}\x1b[0m\n`);
}

function printRules(nomad: NomadSimulator): void {
  for (const rule of nomad.rules()) {
    process.stdout.write(`  ${rule.ID}  ${rule.AuthMethod.padEnd(10)} ${rule.BindType.padEnd(10)} ${(rule.BindName || '-').padEnd(10)} ${rule.Selector}\n`);
  }
}

/** Runs one command of the demo, printing it first; false when it failed. */
async function succeeds(title: string, run: () => Promise<{ code: number }>, expectedCode = 0): Promise<boolean> {
  process.stdout.write(`$ ${title}\n`);
  const { code } = await run();
  if (code !== expectedCode) process.stdout.write(`\n${title} exited ${code}, expected ${expectedCode}\n`);
  return code === expectedCode;
}

async function deployPlanDestroy(workspace: ExampleWorkspace, nomad: NomadSimulator): Promise<number> {
  step(`Synthesizing and deploying examples/${EXAMPLE} with cdktf-cli (a copy in ${workspace.dir})`);
  if (!await succeeds('cdktf deploy --auto-approve', () => workspace.cdktf('deploy', '--auto-approve'))) return 1;

  step('What the Nomad simulator now holds');
  printRules(nomad);

  step(`A second plan in cdktf.out/stacks/${STACK}: nothing to change`);
  const planned = await succeeds('terraform plan -detailed-exitcode',
    () => workspace.terraform(workspace.stackDir(STACK), 'plan', '-detailed-exitcode', '-input=false'));
  if (!planned) return 1;

  step('Destroying');
  if (!await succeeds('cdktf destroy --auto-approve', () => workspace.cdktf('destroy', '--auto-approve'))) return 1;
  process.stdout.write(`\nRules left in the simulator: ${nomad.rules().length}\nDemo complete.\n`);
  return 0;
}

async function main(): Promise<number> {
  const started = performance.now();
  step('Starting the Nomad simulator (secops sandbox)');
  const sandbox = await startSandbox();
  process.stdout.write(sandbox.exports.map(line => `  ${line.replace(/(TOKEN=).*/, '$1<management token>')}\n`).join(''));
  const workspace = new ExampleWorkspace(EXAMPLE, {
    env: { ...sandbox.env },
    terraform: terraformBinary('terraform'),
    echo: true,
  });
  try {
    const code = await deployPlanDestroy(workspace, sandbox.simulators.nomad);
    process.stdout.write(`(${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
    return code;
  } finally {
    await sandbox.stop();
    workspace.dispose();
  }
}

main().then(code => { process.exitCode = code; }, error => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
