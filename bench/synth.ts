/**
 * `app.synth()` wall time and peak memory for a stack of N Nomad ACL binding rules of ours
 * (nomad.AclBindingRule, with SecopsProvider's synth-time validation and provider install),
 * against N `null_resource`s of the prebuilt @cdktf/provider-null in the same run. Each
 * synthesis runs in a fresh process, alternating kinds; figures are medians.
 *
 *   npx ts-node --transpile-only -P test/tsconfig.json bench/synth.ts [--runs 5] [--count 10000]
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
// eslint-disable-next-line import/no-extraneous-dependencies -- benchmarks run in a checkout, with dev dependencies
import { build } from 'esbuild';

const { values: options } = parseArgs({ options: { runs: { type: 'string', default: '5' }, count: { type: 'string', default: '10000' } } });
const runs = Number(options.runs);
const count = Number(options.count);
const KINDS = ['null', 'secops'] as const;
type Kind = typeof KINDS[number];

interface Sample {
  readonly synthMs: number;
  readonly maxRssKb: number;
}

/**
 * The child as plain JavaScript, as users' apps load a compiled library: our sources bundled,
 * every package (cdktf, constructs, provider-null) loaded from node_modules as usual.
 */
async function bundleChild(): Promise<string> {
  const outDir = join(__dirname, 'out');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, 'synth-child.js');
  await build({
    entryPoints: [join(__dirname, 'synth-child.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}

function measure(child: string, kind: Kind): Promise<Sample> {
  const outdir = mkdtempSync(join(tmpdir(), `secops-bench-synth-${kind}-`));
  return new Promise<Sample>((resolve, reject) => {
    const process_ = spawn(process.execPath, [child, kind, String(count), outdir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    process_.stdout.on('data', chunk => { stdout += chunk; });
    process_.stderr.on('data', chunk => { stderr += chunk; });
    process_.on('error', reject);
    process_.on('close', code => code === 0
      ? resolve(JSON.parse(stdout.trim().split('\n').pop()!) as Sample)
      : reject(new Error(`synth of ${count} ${kind} resources exited ${code}: ${stderr}`)));
  }).finally(() => rmSync(outdir, { recursive: true, force: true }));
}

const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const { median, writeSection } = await import('./report.mjs');
  const child = await bundleChild();
  const samples: Record<Kind, Sample[]> = { null: [], secops: [] };
  for (let run = 0; run < runs; run++) {
    for (const kind of KINDS) {
      const sample = await measure(child, kind);
      samples[kind].push(sample);
      process.stdout.write(`run ${run + 1} ${kind.padEnd(6)} synth ${sample.synthMs.toFixed(0)} ms, peak RSS ${mb(sample.maxRssKb)}\n`);
    }
  }
  const medianOf = (kind: Kind, key: keyof Sample): number => median(samples[kind].map(sample => sample[key]));
  const time = { secops: medianOf('secops', 'synthMs'), null: medianOf('null', 'synthMs') };
  const rss = { secops: medianOf('secops', 'maxRssKb'), null: medianOf('null', 'maxRssKb') };
  const timeRatio = time.secops / time.null;
  const rssRatio = rss.secops / rss.null;
  process.stdout.write(`median synth: secops ${seconds(time.secops)}, null ${seconds(time.null)}, ratio ${timeRatio.toFixed(2)}\n`);
  process.stdout.write(`median peak RSS: secops ${mb(rss.secops)}, null ${mb(rss.null)}, ratio ${rssRatio.toFixed(2)}\n`);
  writeSection('synth', [
    `## \`app.synth()\` with ${count.toLocaleString('en')} resources`,
    '',
    `A stack of ${count.toLocaleString('en')} \`nomad.AclBindingRule\` (with \`SecopsProvider\`: synth-time validation and the`,
    `provider install beside the stack included) against ${count.toLocaleString('en')} \`null_resource\` of the prebuilt`,
    '`@cdktf/provider-null` with as many string values each. Each synthesis runs in a fresh Node process;',
    `median of ${runs} runs per kind. Time is \`app.synth()\` alone; memory is the process's peak RSS. Target: 1.1x or less.`,
    '',
    '| measure | secops | null_resource (baseline) | ratio |',
    '|---|---|---|---|',
    `| synth time | ${seconds(time.secops)} | ${seconds(time.null)} | **${timeRatio.toFixed(2)}x** |`,
    `| peak RSS | ${mb(rss.secops)} | ${mb(rss.null)} | **${rssRatio.toFixed(2)}x** |`,
  ].join('\n'));
}

main().catch(error => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
