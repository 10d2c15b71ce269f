#!/usr/bin/env node
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { PROVIDER_SOURCE, defaultPluginDir, installProvider } from './install';
import { startSandbox } from './sandbox';
import { FindingSeverity } from '../checks/model';
import { AddressSuppression, reviewPlan, stackSuppressionsFile } from '../checks/plan-review';

const USAGE = `Usage: secops <command> [options]

Commands:
  install [--dir D]    Put the Terraform provider where Terraform's implied local mirror finds it
                       (default ${defaultPluginDir()}), for source "${PROVIDER_SOURCE}".
  sandbox [--port P] [--faults SPEC]
                       Run the vendor simulators on 127.0.0.1 until interrupted, and print the
                       export lines that point the provider at them. --faults injects faults into
                       every simulator, e.g. lost=0.25,429=0.08,503=0.04,seed=7: a quarter of the
                       writes applied with their answer lost, 8% of requests answered 429 and 4%
                       503 (see the README's "Testing your pipeline against faults").
  review PLAN.json [--sarif FILE] [--packs all|LIST] [--level baseline|strict] [--suppressions FILE] [--fail-on-error]
                       Print a Markdown review of a plan (\`terraform show -json PLANFILE > PLAN.json\`):
                       per vendor what is created, changed, replaced and destroyed, and every
                       finding of the security checks; --sarif also writes them as SARIF 2.1.0.
                       --packs: all (default), or some of nomad,illumio,carbonblack,anchore,chainguard.
                       --level: baseline (default), or strict: selected warnings are errors.
                       --suppressions: a JSON list of {"ruleId", "address", "reason"}. The
                       construct suppressions cdktf synth wrote beside the stack
                       (secops-suppressions.json, in the plan's directory or here) apply too.
                       --fail-on-error: exit 1 when an error finding is not suppressed.
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'install': {
      const { values } = parseArgs({ args: rest, options: { dir: { type: 'string' } } });
      const installed = installProvider(values.dir ?? defaultPluginDir());
      process.stdout.write(`Installed ${PROVIDER_SOURCE} at ${installed}\n`);
      return 0;
    }
    case 'sandbox': {
      const { values } = parseArgs({ args: rest, options: { port: { type: 'string' }, faults: { type: 'string' } } });
      const port = values.port === undefined ? 0 : Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        process.stderr.write(`secops sandbox: --port must be a port number, got "${values.port}"\n`);
        return 2;
      }
      let sandbox;
      try {
        sandbox = await startSandbox({ port, faults: values.faults });
      } catch (error) {
        process.stderr.write(`secops sandbox: ${(error as Error).message}\n`);
        return 2;
      }
      process.stdout.write(sandbox.exports.map(line => `${line}\n`).join(''));
      process.stderr.write('# Simulators running; Ctrl-C stops them.\n');
      await new Promise<void>(resolve => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await sandbox.stop();
      return 0;
    }
    case 'review':
      return review(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`secops: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

const REVIEW_OPTIONS = {
  'sarif': { type: 'string' },
  'packs': { type: 'string' },
  'suppressions': { type: 'string' },
  'level': { type: 'string' },
  'fail-on-error': { type: 'boolean' },
} as const;

/** `secops review PLAN.json ...`: the Markdown review on stdout; exit 1 on errors with --fail-on-error. */
function review(args: string[]): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: REVIEW_OPTIONS });
  if (positionals.length !== 1) {
    process.stderr.write('secops review: give one plan file, the output of `terraform show -json PLANFILE`\n');
    return 2;
  }
  const planFile = positionals[0]!;
  const suppressions = [...suppressionList(values.suppressions), ...suppressionList(stackSuppressionsFile(planFile))];
  const packs = values.packs?.split(',').map(name => name.trim()).filter(Boolean);
  const result = reviewPlan(readJson(planFile), { planUri: planFile, suppressions, level: values.level, ...(packs ? { packs } : {}) });
  if (values.sarif !== undefined) writeFileSync(values.sarif, `${JSON.stringify(result.sarif, null, 2)}\n`);
  process.stdout.write(result.markdown);
  const failing = result.findings.some(finding => finding.severity === FindingSeverity.ERROR && !finding.suppression);
  return values['fail-on-error'] && failing ? 1 : 0;
}

/** The suppressions a JSON file lists (reviewPlan checks each); none without a file. */
function suppressionList(file: string | undefined): AddressSuppression[] {
  if (file === undefined) return [];
  const entries = readJson(file);
  if (!Array.isArray(entries)) throw new Error(`${file} must hold a JSON list of {"ruleId", "address", "reason"}`);
  return entries as AddressSuppression[]; // each entry is checked by reviewPlan, with its position
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read ${file} as JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

main(process.argv.slice(2)).then(code => { process.exitCode = code; }, error => {
  process.stderr.write(`secops: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
