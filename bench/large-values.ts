/**
 * Large values (issue 15): the provider's share of the wall time of terraform commands whose values
 * are large. The share is the time Terraform waited on our RPCs (handlers and codec, from the
 * provider's own `rpc done` trace lines) over the command's wall time.
 * - `terraform apply` and a re-plan of an IP list with N ranges (default 20,000);
 * - `terraform plan` of the `secops_illumio_labels` data source over 50,000 labels.
 *
 *   npx ts-node --transpile-only -P test/tsconfig.json bench/large-values.ts [--ranges 20000,60000] [--labels 50000]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeSection } from './report.mjs';
import { IllumioSimulator } from '../src/simulators/illumio';
import { ipListWithRanges } from '../test/e2e/large-values-config';
import { TerraformWorkspace } from '../test/e2e/workspace';

const { values: options } = parseArgs({ options: { ranges: { type: 'string', default: '20000' }, labels: { type: 'string', default: '50000' } } });

interface Measure {
  readonly what: string; readonly wallMs: number; readonly providerMs: number; readonly cpuMs: number; readonly byRpc: Record<string, number>;
}

async function withPce<T>(run: (pce: IllumioSimulator, tf: TerraformWorkspace, log: string) => Promise<T>): Promise<T> {
  const pce = new IllumioSimulator({ env: {} });
  await pce.start();
  const tf = new TerraformWorkspace({
    ILLUMIO_PCE_HOST: pce.url, ILLUMIO_PCE_ORG_ID: String(pce.orgId), ILLUMIO_API_KEY_USERNAME: pce.apiKeyUsername,
    ILLUMIO_API_KEY_SECRET: pce.apiKeySecret, ILLUMIO_REQUESTS_PER_MINUTE: '0',
  });
  try {
    return await run(pce, tf, join(tf.dir, 'provider.log'));
  } finally {
    tf.dispose();
    await pce.stop();
  }
}

/** Runs one terraform command with the provider's trace log on, and sums the RPC times it logged. */
async function timed(tf: TerraformWorkspace, log: string, what: string, args: string[]): Promise<Measure> {
  writeFileSync(log, '');
  const started = performance.now();
  const result = await tf.runWithEnv({ TF_LOG_PROVIDER: 'trace', TF_LOG_PATH: log }, ...args);
  const wallMs = performance.now() - started;
  if (result.code !== 0) throw new Error(`terraform ${args.join(' ')} exited ${result.code}: ${result.stdout}\n${result.stderr}`);
  const byRpc: Record<string, number> = {};
  let cpuMs = 0;
  for (const line of readFileSync(log, 'utf8').split('\n')) {
    if (line.includes('plugin shutting down')) cpuMs += Number(/cpu_ms=(\d+)/.exec(line)?.[1] ?? NaN);
    if (!line.includes('rpc done')) continue;
    const rpc = /rpc=(\w+)/.exec(line)?.[1] ?? 'unknown';
    byRpc[rpc] = (byRpc[rpc] ?? 0) + Number(/ms=(\d+)/.exec(line)?.[1] ?? 0);
  }
  const providerMs = Object.values(byRpc).reduce((a, b) => a + b, 0);
  process.stderr.write(`${what}: ${(wallMs / 1000).toFixed(1)} s, provider RPCs ${(providerMs / 1000).toFixed(2)} s, `
    + `provider CPU ${(cpuMs / 1000).toFixed(2)} s ${JSON.stringify(byRpc)}\n`);
  return { what, wallMs, providerMs, cpuMs, byRpc };
}

async function ipList(ranges: number): Promise<Measure[]> {
  return withPce(async (pce, tf, log) => {
    tf.writeConfig(`provider "secops" {}\n${ipListWithRanges('big', ranges)}`);
    await tf.expect(0, 'init', '-input=false');
    const apply = await timed(tf, log, `apply, IP list of ${ranges} ranges`, ['apply', '-auto-approve', '-input=false']);
    const plan = await timed(tf, log, `re-plan, IP list of ${ranges} ranges`, ['plan', '-detailed-exitcode', '-input=false']);
    return [apply, plan];
  });
}

async function labels(count: number): Promise<Measure[]> {
  return withPce(async (pce, tf, log) => {
    for (let i = 0; i < count; i++) pce.state.createLabel({ key: 'app', value: `app-${i}` });
    tf.writeConfig(`provider "secops" {}
data "secops_illumio_labels" "all" { key = "app" }
output "count" { value = length(data.secops_illumio_labels.all.labels) }`);
    await tf.expect(0, 'init', '-input=false');
    return [await timed(tf, log, `plan, data source of ${count} labels`, ['plan', '-input=false'])];
  });
}

async function main(): Promise<void> {
  const measures: Measure[] = [];
  for (const ranges of options.ranges.split(',').map(Number).filter(n => n > 0)) measures.push(...await ipList(ranges));
  if (Number(options.labels) > 0) measures.push(...await labels(Number(options.labels)));
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const rows = measures.map(({ what, wallMs, providerMs, cpuMs }) =>
    `| ${what} | ${seconds(wallMs)} | ${seconds(providerMs)} (${(100 * providerMs / wallMs).toFixed(1)}%) | ${seconds(cpuMs)} | **${(100 * cpuMs / wallMs).toFixed(1)}%** |`);
  writeSection('large-values', `## Large values: the provider's share of terraform's time

Wall time of one terraform command against the Illumio simulator; the time Terraform waited on the
provider's RPCs (summed from the provider's \`rpc done\` trace lines: handlers, codec, and waiting on the
PCE, including the wait an async job's Retry-After asks for); and the CPU time of every provider process
of the command (\`cpu_ms\` of their \`plugin shutting down\` lines: start-up, handlers, codec), the
provider's own work, as a share of the wall time. Target: at most 10%.

| command | terraform wall time | provider RPCs (share) | provider CPU | CPU share |
|---|---|---|---|---|
${rows.join('\n')}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
