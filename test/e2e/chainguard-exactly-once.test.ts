import { chainguardScenario } from './exactly-once/chainguard';
import { expectExactlyOnce, FAULT_MIX, runThroughFaults } from './exactly-once/harness';

/**
 * Issue 14 for Chainguard: 22 event subscriptions in two groups (two of them identical, and one
 * identical subscription already there before) applied and destroyed once each by the real
 * terraform while the simulator loses a quarter of the write answers after applying them and
 * answers 429 and 503 at random (fixed seed). Seed 14 loses the answer to a twin's create, so its
 * lookup meets the pre-existing identical subscription and must leave it alone.
 */
describe('Chainguard subscriptions through lost answers, 429 and 503', () => {
  test('one apply, each subscription exactly once, a clean plan, one destroy, nothing left', async () => {
    const scenario = chainguardScenario();
    const run = await runThroughFaults(scenario, `${FAULT_MIX},seed=14`);
    expectExactlyOnce(run, scenario.expected());
    expect(run.faults.lost).toBeGreaterThan(0);
    expect(run.faults['429']).toBeGreaterThan(0);
    expect(run.faults['503']).toBeGreaterThan(0);
  });
});
