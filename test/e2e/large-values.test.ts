import { ipListWithRanges } from './large-values-config';
import { TerraformWorkspace } from './workspace';
import { IllumioSimulator } from '../../src/simulators/illumio';

/**
 * A large value end to end (issue 15): an IP list of 20,000 ranges (a state of several MB) applied
 * beside 20 labels created in parallel, re-planned clean, and destroyed.
 */
describe('an IP list of 20,000 ranges', () => {
  const RANGES = 20_000;
  let pce: IllumioSimulator;
  let tf: TerraformWorkspace;

  beforeAll(async () => {
    pce = new IllumioSimulator({ env: {} });
    await pce.start();
    tf = new TerraformWorkspace({
      ILLUMIO_PCE_HOST: pce.url,
      ILLUMIO_PCE_ORG_ID: String(pce.orgId),
      ILLUMIO_API_KEY_USERNAME: pce.apiKeyUsername,
      ILLUMIO_API_KEY_SECRET: pce.apiKeySecret,
      ILLUMIO_REQUESTS_PER_MINUTE: '0',
    });
    tf.writeConfig(`provider "secops" {}
${ipListWithRanges('big', RANGES)}
resource "secops_illumio_label" "env" {
  count = 20
  key   = "env"
  value = "env-\${count.index}"
}`);
    await tf.expect(0, 'init', '-input=false');
  });

  const bigLists = (): Array<Record<string, unknown>> =>
    pce.draft('ip_lists').map((list) => list.body as Record<string, unknown>).filter((body) => body.name === 'big');

  afterAll(async () => {
    tf?.dispose();
    await pce?.stop();
  });

  test('applies with 20 other resources, re-plans clean, and destroys', async () => {
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
    const lists = bigLists();
    expect(lists).toHaveLength(1);
    const stored = lists[0]!.ip_ranges as Array<{ from_ip: string }>;
    expect(stored).toHaveLength(RANGES);
    expect([stored[0]!.from_ip, stored[RANGES - 1]!.from_ip]).toEqual(['10.0.0.0', '10.1.56.124']);
    expect(pce.labels().filter((label) => label.key === 'env')).toHaveLength(20);
    await tf.expect(0, 'plan', '-detailed-exitcode', '-input=false');
    await tf.expect(0, 'destroy', '-auto-approve', '-input=false');
    expect(bigLists()).toEqual([]);
    expect(pce.labels().filter((label) => label.key === 'env' && !label.deleted)).toEqual([]);
  }, 900_000); // Terraform's own work on 20,000 blocks takes minutes (see BENCHMARKS.md, large values)
});
