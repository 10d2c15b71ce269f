/**
 * `terraform plan` wall time with N Nomad ACL binding rules of ours, against N built-in
 * `terraform_data` resources in the same run (the baseline: same Terraform, no plugin process).
 * Both configurations are applied first, so each plan refreshes N existing objects.
 *
 *   npx ts-node --transpile-only -P test/tsconfig.json bench/plan.ts [--runs 5] [--counts 1,200]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { installProvider } from '../src/cli/install';
import { NomadSimulator } from '../src/simulators/nomad';

const TERRAFORM = process.env.TERRAFORM_BINARY ?? '/usr/local/bin/terraform';
const { values: options } = parseArgs({ options: { runs: { type: 'string', default: '5' }, counts: { type: 'string', default: '1,200' } } });
/**
 * A CA bundle for NODE_EXTRA_CA_CERTS, set on many corporate machines: Node 20 parses it and its own
 * root store before any code runs, in each of the provider processes a plan starts.
 */
const EXTRA_CA_CERTS = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt'].find(file => existsSync(file));
const runs = Number(options.runs);
const counts = options.counts!.split(',').map(Number);

function run(dir: string, env: NodeJS.ProcessEnv, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(TERRAFORM, args, { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', chunk => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', code => code === 0
      ? resolve(performance.now() - started)
      : reject(new Error(`terraform ${args.join(' ')} exited ${code}: ${stderr}`)));
  });
}

function workspace(body: string, env: Record<string, string>): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(tmpdir(), 'secops-bench-'));
  const cliConfig = join(dir, '.terraformrc');
  writeFileSync(cliConfig, '');
  writeFileSync(join(dir, 'main.tf'), body);
  installProvider(join(dir, 'terraform.d', 'plugins'));
  return { dir, env: { PATH: process.env.PATH, HOME: dir, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_CLI_CONFIG_FILE: cliConfig, ...env } };
}

const ours = (n: number) => `terraform {
  required_providers {
    secops = { source = "terraform.local/secops/secops" }
  }
}
provider "secops" {}
resource "secops_nomad_acl_binding_rule" "r" {
  count       = ${n}
  description = "rule \${count.index}"
  auth_method = "okta"
  selector    = "\\"team-\${count.index}\\" in list.groups"
  bind_type   = "role"
  bind_name   = "role-\${count.index}"
}
`;

const baseline = (n: number) => `resource "terraform_data" "r" {
  count = ${n}
  input = { description = "rule \${count.index}", bind_name = "role-\${count.index}" }
}
`;

async function prepare(dir: string, env: NodeJS.ProcessEnv): Promise<void> {
  await run(dir, env, ['init', '-input=false']);
  await run(dir, env, ['apply', '-auto-approve', '-input=false']);
}

/**
 * Median plan times of both workspaces, their plans interleaved: the machine's pace drifts over
 * a run (other tenants, CPU frequency), and alternating keeps a slow spell from landing on one side.
 */
async function medianPlans(a: { dir: string; env: NodeJS.ProcessEnv }, b: { dir: string; env: NodeJS.ProcessEnv }): Promise<[number, number]> {
  const times: [number[], number[]] = [[], []];
  const plan = (w: { dir: string; env: NodeJS.ProcessEnv }) => run(w.dir, w.env, ['plan', '-input=false', '-detailed-exitcode']);
  for (let i = 0; i < runs; i++) {
    times[0].push(await plan(a));
    times[1].push(await plan(b));
  }
  const { median } = await import('./report.mjs');
  return [median(times[0]), median(times[1])];
}

async function main(): Promise<void> {
  const nomad = new NomadSimulator();
  await nomad.start();
  const rows: string[] = [];
  try {
    const settings = EXTRA_CA_CERTS ? [false, true] : [false];
    for (const n of counts) for (const withCa of settings) {
      const ca: Record<string, string> = withCa ? { NODE_EXTRA_CA_CERTS: EXTRA_CA_CERTS! } : {};
      const mine = workspace(ours(n), { NOMAD_ADDR: nomad.url, NOMAD_TOKEN: nomad.managementToken, ...ca });
      const theirs = workspace(baseline(n), ca);
      try {
        await prepare(theirs.dir, theirs.env);
        await prepare(mine.dir, mine.env);
        const [base, secops] = await medianPlans(theirs, mine);
        rows.push(`| ${n} | ${withCa ? 'set' : 'unset'} | ${(secops / 1000).toFixed(2)} s | ${(base / 1000).toFixed(2)} s | **${(secops / base).toFixed(2)}x** |`);
        process.stdout.write(`${n} resources${withCa ? ' with NODE_EXTRA_CA_CERTS' : ''}: secops ${secops.toFixed(0)} ms, terraform_data ${base.toFixed(0)} ms, ratio ${(secops / base).toFixed(2)}\n`);
      } finally {
        rmSync(mine.dir, { recursive: true, force: true });
        rmSync(theirs.dir, { recursive: true, force: true });
      }
    }
  } finally {
    await nomad.stop();
  }
  const { writeSection } = await import('./report.mjs');
  writeSection('plan', [
    '## `terraform plan` with N resources',
    '',
    `Median of ${runs} plans of N applied \`secops_nomad_acl_binding_rule\` resources (provider against the`,
    'in-process Nomad simulator), against N built-in `terraform_data` resources, the two kinds of plan',
    'alternating. Each N is measured without and with `NODE_EXTRA_CA_CERTS` set (both sides), as on many',
    `corporate machines${EXTRA_CA_CERTS ? ` (here \`${EXTRA_CA_CERTS}\`)` : ''}. Targets with it set: 6x or less for 1, 3x or less for 200.`,
    '',
    '| N | NODE_EXTRA_CA_CERTS | secops | terraform_data (baseline) | ratio |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n'));
}

main().catch(error => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
