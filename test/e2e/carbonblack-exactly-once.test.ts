import { carbonBlackScenario } from './exactly-once/carbonblack';
import { expectExactlyOnce, FAULT_MIX, runThroughFaults } from './exactly-once/harness';

// SECOPS_EO_SEED tries another seed by hand; CI runs the fixed one.
const SEED = Number(process.env.SECOPS_EO_SEED ?? 7);

/**
 * Issue 14 for Carbon Black Cloud: ten scopes, ten policies on them, a template and added rules,
 * applied and destroyed by the real terraform while a quarter of the writes lose their answer
 * after landing and some requests meet 429 or 503. One apply, each object once, a clean plan,
 * one destroy, nothing left.
 */
describe('Carbon Black Cloud guardrails through lost answers, 429 and 503', () => {
  test(`one apply and one destroy, no duplicate and no orphan (seed ${SEED})`, async () => {
    const scenario = carbonBlackScenario();
    expect(Object.values(scenario.expected()).reduce((sum, count) => sum + count, 0)).toBeGreaterThanOrEqual(21);
    const run = await runThroughFaults(scenario, `${FAULT_MIX},seed=${SEED}`);
    expectExactlyOnce(run, scenario.expected());
    expect(run.faults.lost).toBeGreaterThan(0);
    expect(run.faults['429']).toBeGreaterThan(0);
    expect(run.faults['503']).toBeGreaterThan(0);
  });
});
