import { expectExactlyOnce, FAULT_MIX, runThroughFaults } from './exactly-once/harness';
import { nomadScenario } from './exactly-once/nomad';

/**
 * Issue 14 for Nomad: 22 binding rules (two of them identical) applied and destroyed once each by
 * the real terraform while the simulator loses a quarter of the write answers after applying them
 * and answers 429 and 503 at random (fixed seed).
 */
describe('Nomad binding rules through lost answers, 429 and 503', () => {
  test('one apply, each rule exactly once, a clean plan, one destroy, nothing left', async () => {
    const scenario = nomadScenario();
    const run = await runThroughFaults(scenario, `${FAULT_MIX},seed=14`);
    expectExactlyOnce(run, scenario.expected());
    expect(run.faults.lost).toBeGreaterThan(0);
    expect(run.faults['429']).toBeGreaterThan(0);
    expect(run.faults['503']).toBeGreaterThan(0);
  });
});
