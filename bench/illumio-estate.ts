/**
 * Issue 22, an Illumio estate: `terraform apply`, then a refresh (`terraform plan`, no changes), of
 * N workloads each labelled with one of M labels, against the same shape of built-in
 * `terraform_data` (M + N of them, the workloads depending on the labels). The simulator's rate limit
 * is off; the provider's own budget is at its default, 500 requests a minute (the PCE's). Requests
 * per phase come from the simulator's counts (GET /__secops/counts), the provider's peak RSS and
 * budget waits from its exit summary (the `plugin shutting down` DEBUG line).
 *
 *   npx ts-node --transpile-only -P test/tsconfig.json bench/illumio-estate.ts [--workloads 3000] [--labels 500]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { installProvider } from '../src/cli/install';
import { IllumioSimulator } from '../src/simulators/illumio';

const TERRAFORM = process.env.TERRAFORM_BINARY ?? '/usr/local/bin/terraform';
const { values: options } = parseArgs({ options: { workloads: { type: 'string', default: '3000' }, labels: { type: 'string', default: '500' } } });
const N = Number(options.workloads);
const M = Number(options.labels);

interface Phase {
  readonly ms: number;
  readonly requests: number;
  readonly byMethod: Record<string, number>;
  /** Peak RSS of the provider processes of the command (the largest), in KB; 0 for terraform_data. */
  readonly maxRssKb: number;
  readonly budgetWaits: number;
}

function run(dir: string, env: NodeJS.ProcessEnv, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(TERRAFORM, args, { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', chunk => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', code => (code === 0 || (code === 2 && args[0] === 'plan')
      ? resolve(performance.now() - started) : reject(new Error(`terraform ${args.join(' ')} exited ${code}: ${stderr}`))));
  });
}

function workspace(body: string, env: Record<string, string>): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(tmpdir(), 'secops-bench-estate-'));
  writeFileSync(join(dir, '.terraformrc'), '');
  writeFileSync(join(dir, 'main.tf'), body);
  installProvider(join(dir, 'terraform.d', 'plugins'));
  return { dir, env: { PATH: process.env.PATH, HOME: dir, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_CLI_CONFIG_FILE: join(dir, '.terraformrc'), ...env } };
}

const estate = `terraform {
  required_providers {
    secops = { source = "terraform.local/secops/secops" }
  }
}
provider "secops" {}
resource "secops_illumio_label" "l" {
  count = ${M}
  key   = "app"
  value = format("app-%04d", count.index)
}
resource "secops_illumio_workload" "w" {
  count    = ${N}
  name     = format("host-%05d", count.index)
  hostname = format("host-%05d.example.com", count.index)
  labels   = [secops_illumio_label.l[count.index % ${M}].href]
}
`;
const baseline = `resource "terraform_data" "l" {
  count = ${M}
  input = { key = "app", value = format("app-%04d", count.index) }
}
resource "terraform_data" "w" {
  count = ${N}
  input = { name = format("host-%05d", count.index), hostname = format("host-%05d.example.com", count.index), labels = [terraform_data.l[count.index % ${M}].id] }
}
`;

async function phase(pce: IllumioSimulator | undefined, ws: { dir: string; env: NodeJS.ProcessEnv }, args: string[]): Promise<Phase> {
  if (pce) await fetch(`${pce.url}/__secops/requests`, { method: 'DELETE' });
  const log = join(ws.dir, 'provider.log');
  writeFileSync(log, '');
  const ms = await run(ws.dir, { ...ws.env, TF_LOG_PROVIDER: 'debug', TF_LOG_PATH: log }, args);
  const counts = pce ? await (await fetch(`${pce.url}/__secops/counts`)).json() as { requests: number; byMethod: Record<string, number> } : undefined;
  let maxRssKb = 0;
  let budgetWaits = 0;
  for (const line of readFileSync(log, 'utf8').split('\n')) {
    if (!line.includes('plugin shutting down')) continue;
    maxRssKb = Math.max(maxRssKb, Number(/max_rss_kb=(\d+)/.exec(line)?.[1] ?? 0));
    budgetWaits += Number(/budget_waits=(\d+)/.exec(line)?.[1] ?? 0);
  }
  return { ms, requests: counts?.requests ?? 0, byMethod: counts?.byMethod ?? {}, maxRssKb, budgetWaits };
}

const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const methods = (p: Phase): string => Object.entries(p.byMethod).map(([method, n]) => `${n} ${method}`).join(', ');

async function main(): Promise<void> {
  const pce = new IllumioSimulator({ rateLimitPerMinute: 0 });
  await pce.start();
  const env = {
    ILLUMIO_PCE_HOST: pce.url,
    ILLUMIO_PCE_ORG_ID: String(pce.orgId),
    ILLUMIO_API_KEY_USERNAME: pce.apiKeyUsername,
    ILLUMIO_API_KEY_SECRET: pce.apiKeySecret,
  };
  const ours = workspace(estate, env);
  const theirs = workspace(baseline, {});
  try {
    await run(ours.dir, ours.env, ['init', '-input=false']);
    await run(theirs.dir, theirs.env, ['init', '-input=false']);
    const baseApply = await phase(undefined, theirs, ['apply', '-auto-approve', '-input=false']);
    const baseRefresh = await phase(undefined, theirs, ['plan', '-input=false', '-detailed-exitcode']);
    const apply = await phase(pce, ours, ['apply', '-auto-approve', '-input=false']);
    process.stdout.write(`apply: ${s(apply.ms)} vs ${s(baseApply.ms)}, ${apply.requests} requests (${methods(apply)}), rss ${apply.maxRssKb} KB, waits ${apply.budgetWaits}\n`);
    const refresh = await phase(pce, ours, ['plan', '-input=false', '-detailed-exitcode']);
    process.stdout.write(`refresh: ${s(refresh.ms)} vs ${s(baseRefresh.ms)}, ${refresh.requests} requests (${methods(refresh)}), rss ${refresh.maxRssKb} KB\n`);
    const { writeSection } = await import('./report.mjs');
    const row = (what: string, p: Phase, base: Phase): string => `| ${what} | ${s(p.ms)} | ${s(base.ms)} | **${(p.ms / base.ms).toFixed(2)}x** | `
      + `${p.requests} (${methods(p)}) | ${(p.requests / (N + M)).toFixed(2)} | ${(p.maxRssKb / 1024).toFixed(0)} MB | ${p.budgetWaits} |`;
    writeSection('illumio-estate', [
      '## Illumio estate',
      '',
      `\`terraform apply\`, then a refresh (\`terraform plan\`, no changes), of ${N} \`secops_illumio_workload\`s each labelled with one of`,
      `${M} \`secops_illumio_label\`s, against ${N + M} \`terraform_data\` of the same shape, default parallelism. The provider's budget at its`,
      'default 500 requests a minute (the PCE\'s), the simulator\'s limit off. Requests from the simulator\'s counts; peak RSS and budget',
      'waits from the provider\'s exit summary. Targets: apply 1.2x or less with 1.1 requests or fewer per object; refresh 1.0x or less.',
      '',
      '| phase | secops | terraform_data | ratio | requests | per object | provider peak RSS | budget waits |',
      '|---|---|---|---|---|---|---|---|',
      row('apply', apply, baseApply),
      row('refresh', refresh, baseRefresh),
    ].join('\n'));
  } finally {
    await pce.stop();
    for (const dir of [ours.dir, theirs.dir]) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch(error => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
