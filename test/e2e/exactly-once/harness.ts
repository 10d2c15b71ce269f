import type { VendorSimulator } from '../../../src/simulators/core';
import { TerraformWorkspace } from '../workspace';

/**
 * The fault mix of issue 14: a quarter of the writes applied with their answer lost, 8% of all
 * requests answered 429 (Retry-After: 1), 4% answered 503. A seed is appended per run.
 */
export const FAULT_MIX = 'lost=0.25,429=0.08,503=0.04';

/** The objects a vendor holds, by content: a description of each object and how many there are. */
export type Census = Record<string, number>;

/**
 * One vendor's configuration for the exactly-once runs: simulators started fresh, the HCL, and a
 * census of what the simulators hold of the kinds the configuration manages (by content, never by
 * ID, so duplicates show; seeded and built-in objects left out).
 */
export interface FaultScenario {
  readonly name: string;
  start(): Promise<void>;
  simulators(): readonly VendorSimulator[];
  /** Variables pointing the provider at the simulators. */
  env(): Record<string, string>;
  /** The configuration, without the `terraform` block. */
  config(): string;
  /** What the configuration creates, as `census()` describes it. */
  expected(): Census;
  census(): Promise<Census>;
  stop(): Promise<void>;
}

export interface FaultedRun {
  /** `terraform apply` runs until one succeeded (at most `maxRuns`). */
  readonly applies: number;
  readonly destroys: number;
  readonly afterApply: Census;
  /** Exit code of a fault-free `plan -detailed-exitcode` after the apply: 0 means no changes. */
  readonly planExitCode: number;
  readonly afterDestroy: Census;
  /** Objects beyond the expected count of their content, after the apply. */
  readonly duplicates: number;
  /** Objects left after the destroy. */
  readonly orphans: number;
  /** Vendor requests of the applies and of the destroys. */
  readonly requests: { readonly apply: number; readonly destroy: number };
  /** Requests answered or lost by an injected fault, by kind. */
  readonly faults: Record<string, number>;
  /** Output of failed terraform runs, for the test's message. */
  readonly failures: readonly string[];
}

/**
 * Applies and destroys the scenario's configuration with the real terraform, each up to `maxRuns`
 * times, with `faults` injected into every simulator during those runs (not during init, the
 * census or the checking plan).
 */
export async function runThroughFaults(scenario: FaultScenario, faults: string | undefined, maxRuns = 3): Promise<FaultedRun> {
  await scenario.start();
  const tf = new TerraformWorkspace(scenario.env());
  try {
    tf.writeConfig(scenario.config());
    await tf.expect(0, 'init', '-input=false');
    const failures: string[] = [];
    const faultCounts: Record<string, number> = {};
    const runUntilDone = async (args: string[]): Promise<{ runs: number; requests: number }> => {
      const before = requestsServed(scenario);
      const faultsBefore = faultsServed(scenario);
      if (faults !== undefined) scenario.simulators().forEach((simulator) => simulator.faults.inject(faults));
      let runs = 0;
      try {
        for (runs = 1; runs <= maxRuns; runs++) {
          const result = await tf.run(...args);
          if (result.code === 0) break;
          failures.push(`terraform ${args[0]} #${runs} exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
        }
      } finally {
        scenario.simulators().forEach((simulator) => simulator.faults.clear());
      }
      for (const [kind, count] of Object.entries(faultsServed(scenario))) {
        faultCounts[kind] = (faultCounts[kind] ?? 0) + count - (faultsBefore[kind] ?? 0);
      }
      return { runs, requests: requestsServed(scenario) - before };
    };
    const apply = await runUntilDone(['apply', '-auto-approve', '-input=false']);
    const afterApply = await scenario.census();
    const plan = await tf.run('plan', '-detailed-exitcode', '-input=false');
    if (plan.code !== 0) failures.push(`checking plan exited ${plan.code}:\n${plan.stdout}\n${plan.stderr}`);
    const destroy = await runUntilDone(['destroy', '-auto-approve', '-input=false']);
    const afterDestroy = await scenario.census();
    const expected = scenario.expected();
    return {
      applies: apply.runs,
      destroys: destroy.runs,
      afterApply,
      planExitCode: plan.code,
      afterDestroy,
      duplicates: Object.entries(afterApply).reduce((sum, [content, count]) => sum + Math.max(0, count - (expected[content] ?? 0)), 0),
      orphans: Object.values(afterDestroy).reduce((sum, count) => sum + count, 0),
      requests: { apply: apply.requests, destroy: destroy.requests },
      faults: faultCounts,
      failures,
    };
  } finally {
    tf.dispose();
    await scenario.stop();
  }
}

/** Counts contents: each description and how many times it occurs. */
export function censusOf(descriptions: readonly string[]): Census {
  const census: Census = {};
  for (const description of descriptions) census[description] = (census[description] ?? 0) + 1;
  return census;
}

function requestsServed(scenario: FaultScenario): number {
  return scenario.simulators().reduce((sum, simulator) => sum + simulator.requestCounts.requests, 0);
}

function faultsServed(scenario: FaultScenario): Record<string, number> {
  const total: Record<string, number> = {};
  for (const simulator of scenario.simulators()) {
    for (const [kind, count] of Object.entries(simulator.requestCounts.faults)) total[kind] = (total[kind] ?? 0) + count;
  }
  return total;
}

/**
 * The assertions of issue 14 on a run through faults: one apply, every object exactly once, a
 * clean plan, one destroy, nothing left. Failing runs' output is in the message.
 */
export function expectExactlyOnce(run: FaultedRun, expected: Census): void {
  const context = run.failures.join('\n---\n');
  const { applies, afterApply, planExitCode, destroys, afterDestroy } = run;
  expect({ applies, afterApply, planExitCode, destroys, afterDestroy, context })
    .toEqual({ applies: 1, afterApply: expected, planExitCode: 0, destroys: 1, afterDestroy: {}, context: '' });
}
