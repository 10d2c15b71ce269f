/**
 * The demo: deploys examples/nomad-hcl to the built-in Nomad simulator with the real terraform,
 * shows what now exists there, shows that a second plan has no changes, then destroys.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installProvider } from '../src/cli/install';
import { startSandbox } from '../src/cli/sandbox';
import { NomadSimulator } from '../src/simulators/nomad';

const TERRAFORM = process.env.TERRAFORM_BINARY ?? 'terraform';

function step(title: string): void {
  process.stdout.write(`\n\x1b[1m==> ${title}\x1b[0m\n`);
}

/** Runs terraform without blocking: the simulators answer from this same process. */
function terraform(dir: string, env: NodeJS.ProcessEnv, ...args: string[]): Promise<number> {
  process.stdout.write(`$ terraform ${args.join(' ')}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(TERRAFORM, args, { cwd: dir, env, stdio: 'inherit' });
    child.on('error', error => reject(new Error(`could not run ${TERRAFORM}: ${error.message}`)));
    child.on('close', code => resolve(code ?? 1));
  });
}

async function main(): Promise<number> {
  step('Starting the Nomad simulator (secops sandbox)');
  const sandbox = await startSandbox();
  const nomad: NomadSimulator = sandbox.simulators.nomad;
  process.stdout.write(sandbox.exports.map(line => `  ${line.replace(/(TOKEN=).*/, '$1<management token>')}\n`).join(''));

  const dir = mkdtempSync(join(tmpdir(), 'secops-demo-'));
  const cliConfig = join(dir, '.terraformrc');
  writeFileSync(cliConfig, '');
  copyFileSync(join(__dirname, '..', 'examples', 'nomad-hcl', 'main.tf'), join(dir, 'main.tf'));
  installProvider(join(dir, 'terraform.d', 'plugins'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...Object.fromEntries(sandbox.exports.map(line => line.replace(/^export /, '').split(/=(.*)/s).slice(0, 2))),
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_CLI_CONFIG_FILE: cliConfig,
  };
  try {
    step(`Deploying examples/nomad-hcl in ${dir}`);
    if (await terraform(dir, env, 'init', '-input=false') !== 0) return 1;
    if (await terraform(dir, env, 'apply', '-auto-approve', '-input=false') !== 0) return 1;

    step('What the Nomad simulator now holds (GET /v1/acl/binding-rule/:id)');
    for (const rule of nomad.rules()) {
      process.stdout.write(`  ${rule.ID}  ${rule.AuthMethod.padEnd(10)} ${rule.BindType.padEnd(10)} ${(rule.BindName || '-').padEnd(10)} ${rule.Selector}\n`);
    }

    step('A second plan: nothing to change');
    const code = await terraform(dir, env, 'plan', '-detailed-exitcode', '-input=false');
    if (code !== 0) {
      process.stdout.write(`Expected no changes, terraform plan exited ${code}\n`);
      return 1;
    }

    step('Destroying');
    if (await terraform(dir, env, 'destroy', '-auto-approve', '-input=false') !== 0) return 1;
    process.stdout.write(`\nRules left in the simulator: ${nomad.rules().length}\nDemo complete.\n`);
    return 0;
  } finally {
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(code => { process.exitCode = code; }, error => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
