import { anchoreScenario } from './exactly-once/anchore';
import { expectExactlyOnce, FAULT_MIX, runThroughFaults } from './exactly-once/harness';

/**
 * Issue 14 for Anchore: 20 role members and two SAML IdPs (on 5.x with four user-group mappings) applied and destroyed with the real
 * terraform while a quarter of the writes lose their answer after being applied and some
 * requests are answered 429 or 503. One apply and one destroy must do, each object existing
 * exactly once in between and nothing left after.
 */
describe('Anchore RBAC through lost answers, 429 and 503', () => {
  test.each([['4.x', 7], ['5.x', 7]] as const)('%s layout: one apply, every membership, IdP and mapping once, a clean plan, one destroy, nothing left', async (layout, seed) => {
    const scenario = anchoreScenario(layout);
    const run = await runThroughFaults(scenario, `${FAULT_MIX},seed=${seed}`);
    expectExactlyOnce(run, scenario.expected());
    expect(Object.keys(scenario.expected()).length).toBeGreaterThanOrEqual(22);
    expect(run.faults.lost).toBeGreaterThan(0);
    expect(run.faults['429']).toBeGreaterThan(0);
    expect(run.faults['503']).toBeGreaterThan(0);
  }, 300_000);
});
