import { expectExactlyOnce, FAULT_MIX, runThroughFaults } from './exactly-once/harness';
import { illumioScenario } from './exactly-once/illumio';

/**
 * Issue 14 for Illumio with the real terraform: 25 labels, 3 IP lists, a service, 24 rule sets
 * with a rule each, provisioned in the same apply, through lost answers (a quarter of the writes),
 * 429s and 503s. One apply and one destroy succeed; every object exists once in draft and in
 * active policy; nothing is left.
 */
describe('Illumio exactly-once through lost answers, 429 and 503', () => {
  test('one apply, every object once in draft and active, a clean plan, one destroy, nothing left', async () => {
    const scenario = illumioScenario();
    const run = await runThroughFaults(scenario, `${FAULT_MIX},seed=${Number(process.env.SECOPS_FAULT_SEED ?? 3)}`);
    expectExactlyOnce(run, scenario.expected());
    expect(run.faults.lost).toBeGreaterThan(0);
    expect(run.faults['429']).toBeGreaterThan(0);
    expect(run.faults['503']).toBeGreaterThan(0);
    if (process.env.SECOPS_FAULT_SEED !== undefined) {
      console.log(JSON.stringify({ requests: run.requests, faults: run.faults, duplicates: run.duplicates, orphans: run.orphans }));
    }
  }, 600_000);
});
