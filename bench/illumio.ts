/**
 * Illumio figures for BENCHMARKS.md:
 * - `terraform plan` (refresh) of N labels with the simulator's rate limit on (500 requests per
 *   minute per key, the PCE's): our request count and wall time, against the request count of a
 *   one-GET-per-object refresh and the time that would take at that limit.
 * - `terraform apply` of M labels, rate limit off, as a ratio to M built-in `terraform_data`.
 *
 *   npx ts-node --transpile-only -P test/tsconfig.json bench/illumio.ts [--labels 2000] [--apply 500]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { installProvider } from '../src/cli/install';
import { IllumioSimulator } from '../src/simulators/illumio';

const TERRAFORM = process.env.TERRAFORM_BINARY ?? '/usr/local/bin/terraform';
const { values: options } = parseArgs({ options: { labels: { type: 'string', default: '2000' }, apply: { type: 'string', default: '500' } } });
const RATE_LIMIT = 500;

function run(dir: string, env: NodeJS.ProcessEnv, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(TERRAFORM, args, { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', chunk => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', code => code === 0 ? resolve(performance.now() - started) : reject(new Error(`terraform ${args.join(' ')} exited ${code}: ${stderr}`)));
  });
}

function workspace(body: string, env: Record<string, string>): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(tmpdir(), 'secops-bench-illumio-'));
  writeFileSync(join(dir, '.terraformrc'), '');
  writeFileSync(join(dir, 'main.tf'), body);
  installProvider(join(dir, 'terraform.d', 'plugins'));
  return { dir, env: { PATH: process.env.PATH, HOME: dir, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_CLI_CONFIG_FILE: join(dir, '.terraformrc'), ...env } };
}

const labels = (n: number) => `terraform {
  required_providers {
    secops = { source = "terraform.local/secops/secops" }
  }
}
provider "secops" {}
resource "secops_illumio_label" "l" {
  count = ${n}
  key   = "app"
  value = "app-\${count.index}"
}
`;
const baseline = (n: number) => `resource "terraform_data" "l" {
  count = ${n}
  input = { key = "app", value = "app-\${count.index}" }
}
`;

async function main(): Promise<void> {
  const pce = new IllumioSimulator();
  await pce.start();
  const env = {
    ILLUMIO_PCE_HOST: pce.url,
    ILLUMIO_PCE_ORG_ID: String(pce.orgId),
    ILLUMIO_API_KEY_USERNAME: pce.apiKeyUsername,
    ILLUMIO_API_KEY_SECRET: pce.apiKeySecret,
  };
  const dirs: string[] = [];
  try {
    // Refresh of N labels, rate limit on.
    const n = Number(options.labels);
    const refresh = workspace(labels(n), { ...env, ILLUMIO_REQUESTS_PER_MINUTE: '0' });
    dirs.push(refresh.dir);
    await run(refresh.dir, refresh.env, ['init', '-input=false']);
    await run(refresh.dir, refresh.env, ['apply', '-auto-approve', '-input=false', '-parallelism=20']);
    pce.rateLimitPerMinute = RATE_LIMIT;
    await fetch(`${pce.url}/__secops/requests`, { method: 'DELETE' });
    const planMs = await run(refresh.dir, { ...refresh.env, ILLUMIO_REQUESTS_PER_MINUTE: String(RATE_LIMIT) }, ['plan', '-input=false', '-detailed-exitcode']);
    const requests = pce.requests.filter(entry => entry.path.startsWith('/api/v2')).length;
    pce.rateLimitPerMinute = undefined;
    process.stdout.write(`refresh of ${n} labels: ${requests} requests, ${(planMs / 1000).toFixed(2)} s\n`);

    // Apply of M labels vs terraform_data, rate limit off.
    const m = Number(options.apply);
    const ours = workspace(labels(m).replace(/app-/g, 'bench-'), { ...env, ILLUMIO_REQUESTS_PER_MINUTE: '0' });
    const theirs = workspace(baseline(m), {});
    dirs.push(ours.dir, theirs.dir);
    await run(ours.dir, ours.env, ['init', '-input=false']);
    await run(theirs.dir, theirs.env, ['init', '-input=false']);
    const baseMs = await run(theirs.dir, theirs.env, ['apply', '-auto-approve', '-input=false']);
    const applyMs = await run(ours.dir, ours.env, ['apply', '-auto-approve', '-input=false']);
    process.stdout.write(`apply of ${m} labels: ${applyMs.toFixed(0)} ms vs terraform_data ${baseMs.toFixed(0)} ms\n`);

    const { writeSection } = await import('./report.mjs');
    const perObjectMinutes = n / RATE_LIMIT;
    writeSection('illumio', [
      '## Illumio',
      '',
      `\`terraform plan\` (refresh) of ${n} applied \`secops_illumio_label\`s with the simulator's rate limit on at ${RATE_LIMIT} requests`,
      'per minute per API key (the PCE\'s), and the provider\'s own budget at the same figure. Target: 10 requests or fewer.',
      '',
      '| refresh of labels | requests | wall time |',
      '|---|---|---|',
      `| secops (shared collection reads) | **${requests}** | ${(planMs / 1000).toFixed(2)} s |`,
      `| one GET per object (computed, not run) | ${n} | at least ${perObjectMinutes.toFixed(1)} min at ${RATE_LIMIT}/min |`,
      `| floor (one list, one async job poll, one datafile) | 3 | |`,
      '',
      `\`terraform apply\` of ${m} labels (rate limit off) against ${m} built-in \`terraform_data\`, same run. Target: 3x or less.`,
      '',
      '| apply | secops | terraform_data (baseline) | ratio |',
      '|---|---|---|---|',
      `| ${m} labels | ${(applyMs / 1000).toFixed(2)} s | ${(baseMs / 1000).toFixed(2)} s | **${(applyMs / baseMs).toFixed(2)}x** |`,
    ].join('\n'));
  } finally {
    await pce.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch(error => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
