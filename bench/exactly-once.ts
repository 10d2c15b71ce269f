/**
 * Exactly-once figures for BENCHMARKS.md (issue 14): each vendor's configuration of the
 * `*-exactly-once` e2e tests applied and destroyed by the real terraform, once without faults (the
 * baseline) and once per seed through the fault mix (a quarter of the write answers lost after the
 * write applied, 8% 429, 4% 503), each command run up to three times until it succeeds.
 *
 *   npx ts-node --transpile-only -P test/tsconfig.json bench/exactly-once.ts [--seeds 1,2,3] [--vendors nomad,illumio]
 */
import { parseArgs } from 'node:util';
import { writeSection } from './report.mjs';
import { anchoreScenario } from '../test/e2e/exactly-once/anchore';
import { carbonBlackScenario } from '../test/e2e/exactly-once/carbonblack';
import { chainguardScenario } from '../test/e2e/exactly-once/chainguard';
import { FAULT_MIX, FaultedRun, FaultScenario, runThroughFaults } from '../test/e2e/exactly-once/harness';
import { illumioScenario } from '../test/e2e/exactly-once/illumio';
import { nomadScenario } from '../test/e2e/exactly-once/nomad';

const SCENARIOS: Record<string, () => FaultScenario> = {
  'illumio': illumioScenario,
  'nomad': nomadScenario,
  'carbonblack': carbonBlackScenario,
  'anchore': () => anchoreScenario('4.x'),
  'anchore-5.x': () => anchoreScenario('5.x'),
  'chainguard': chainguardScenario,
};

const { values: options } = parseArgs({ options: { seeds: { type: 'string', default: '1,2,3' }, vendors: { type: 'string', default: Object.keys(SCENARIOS).join(',') } } });
const seeds = options.seeds.split(',').map(Number);

interface Row {
  readonly vendor: string;
  readonly objects: number;
  readonly baseline: FaultedRun;
  readonly faulted: readonly FaultedRun[];
}

const total = (run: FaultedRun): number => run.requests.apply + run.requests.destroy;
const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

async function measure(vendor: string): Promise<Row> {
  const scenario = SCENARIOS[vendor]!();
  const objects = sum(Object.values(scenario.expected()));
  const baseline = await runThroughFaults(scenario, undefined);
  const faulted: FaultedRun[] = [];
  for (const seed of seeds) {
    const run = await runThroughFaults(SCENARIOS[vendor]!(), `${FAULT_MIX},seed=${seed}`);
    process.stderr.write(`${vendor} seed ${seed}: ${run.applies} apply, ${run.destroys} destroy, ${run.duplicates} duplicates, ${run.orphans} orphans, `
      + `${total(run)} requests (${total(baseline)} without faults), faults ${JSON.stringify(run.faults)}\n`);
    faulted.push(run);
  }
  return { vendor, objects, baseline, faulted };
}

function row({ vendor, objects, baseline, faulted }: Row): string {
  const requests = sum(faulted.map(total)) / faulted.length;
  const faults = sum(faulted.map((run) => sum(Object.values(run.faults)))) / faulted.length;
  const lost = sum(faulted.map((run) => run.faults.lost ?? 0)) / faulted.length;
  // Requests beyond the baseline and beyond one repeat of each faulted request: the lookups.
  const lookups = (requests - total(baseline) - faults) / total(baseline);
  return `| ${vendor} | ${objects} | ${Math.max(...faulted.map((run) => run.applies))} | ${Math.max(...faulted.map((run) => run.destroys))} `
    + `| ${sum(faulted.map((run) => run.duplicates))} | ${sum(faulted.map((run) => run.orphans))} | ${total(baseline)} | ${requests.toFixed(0)} `
    + `| ${faults.toFixed(0)} (${lost.toFixed(0)} lost) | **${(requests / total(baseline)).toFixed(2)}x** | ${lookups.toFixed(2)}x |`;
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const vendor of options.vendors.split(',')) rows.push(await measure(vendor));
  writeSection('exactly-once', `## Exactly-once writes through lost answers, 429 and 503

Each vendor's configuration of the \`test/e2e/*-exactly-once.test.ts\` tests, applied and destroyed with the real
terraform against its simulator: once without faults (the baseline), then once per seed (${seeds.join(', ')})
through \`${FAULT_MIX}\` (a quarter of the writes applied with their answer lost, 8% of requests 429
with Retry-After 1, 4% 503), each command run up to three times until it succeeds. Applies and destroys
are the most any seed needed (target 1 and 1); duplicates (after the apply) and orphans (after the
destroy) are summed over the seeds (target 0 and 0). Requests are per run, apply plus destroy, averaged
over the seeds; the ratio is against the baseline. "Lookups" is what is left beyond the baseline and one
request more per faulted request, as a share of the baseline: near 0 means finding out whether a write
landed costs about what a blind repeat would (a lost create costs a lookup instead of a second create).

| vendor | objects | applies | destroys | duplicates | orphans | requests, no faults (baseline) | requests, faults | faulted requests | ratio | lookups |
|---|---|---|---|---|---|---|---|---|---|---|
${rows.map(row).join('\n')}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
