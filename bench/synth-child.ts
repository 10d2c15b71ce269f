/**
 * One measured synthesis, in a process of its own (bench/synth.ts bundles and starts it): a stack
 * of N resources of one kind, `app.synth()` timed, the process's peak RSS read at the end.
 * Prints one JSON line: { synthMs, maxRssKb }.
 *
 *   node bench/out/synth-child.js <secops|null> <count> <outdir>
 */
// eslint-disable-next-line import/no-extraneous-dependencies -- the baseline, a dev dependency; benchmarks run in a checkout
import { provider, resource } from '@cdktf/provider-null';
import { App, TerraformStack } from 'cdktf';
import { SecopsProvider, nomad } from '../src';

type Kind = 'secops' | 'null';

function addSecopsRules(stack: TerraformStack, count: number): void {
  new SecopsProvider(stack, 'secops', {});
  for (let index = 0; index < count; index++) {
    new nomad.AclBindingRule(stack, `rule-${index}`, {
      description: `rule ${index}`,
      authMethod: 'okta',
      selector: `"team-${index}" in list.groups`,
      bindType: 'role',
      bindName: `role-${index}`,
    });
  }
}

/** The baseline: as many string values per resource as a binding rule has. */
function addNullResources(stack: TerraformStack, count: number): void {
  new provider.NullProvider(stack, 'null', {});
  for (let index = 0; index < count; index++) {
    new resource.Resource(stack, `rule-${index}`, {
      triggers: {
        description: `rule ${index}`,
        auth_method: 'okta',
        selector: `"team-${index}" in list.groups`,
        bind_type: 'role',
        bind_name: `role-${index}`,
      },
    });
  }
}

function main([kind, count, outdir]: string[]): void {
  if ((kind !== 'secops' && kind !== 'null') || !Number.isInteger(Number(count)) || !outdir) {
    throw new Error('usage: synth-child <secops|null> <count> <outdir>');
  }
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'bench');
  const build: Record<Kind, (s: TerraformStack, n: number) => void> = { secops: addSecopsRules, null: addNullResources };
  build[kind](stack, Number(count));
  const started = performance.now();
  app.synth();
  const synthMs = performance.now() - started;
  process.stdout.write(`${JSON.stringify({ synthMs, maxRssKb: process.resourceUsage().maxRSS })}\n`);
}

main(process.argv.slice(2));
