import { TerraformWorkspace } from './workspace';
import { IllumioSimulator } from '../../src/simulators/illumio';

/**
 * Issue 22: many workloads in one apply are created with `workloads/bulk_create`, their hrefs
 * learned from a read of the batch's hostnames, never with a GET of each; a bulk create whose
 * answer was lost creates nothing twice; a refused batch falls back to one POST each, so only the
 * bad workload fails. Counts come from the simulator's request log.
 */
describe('terraform creates 120 Illumio workloads in bulk', () => {
  const COUNT = 120;
  const API = '/api/v2/orgs/1';
  let pce: IllumioSimulator;
  let tf: TerraformWorkspace;

  const config = (extra = ''): string => `
provider "secops" {}

resource "secops_illumio_label" "role" {
  count = 4
  key   = "role"
  value = "role-\${count.index}"
}

resource "secops_illumio_workload" "host" {
  count            = ${COUNT}
  name             = format("host-%03d", count.index)
  hostname         = format("host-%03d.example.com", count.index)
  labels           = [secops_illumio_label.role[count.index % 4].href]
  enforcement_mode = "illuminated"
}
${extra}`;

  /** Requests to the workload endpoints since `from`, by endpoint (`GET workloads`, `GET workloads/:id`, ...). */
  const byEndpoint = (from: number): Record<string, number> => {
    const counts: Record<string, number> = {};
    for (const request of pce.requests.slice(from)) {
      if (!request.path.startsWith(`${API}/workloads`)) continue;
      const endpoint = `${request.method} ${request.path.slice(API.length + 1).replace(/^workloads\/[0-9a-f-]{36}/, 'workloads/:id')}`;
      counts[endpoint] = (counts[endpoint] ?? 0) + 1;
    }
    return counts;
  };
  const liveWorkloads = () => pce.inventory.workloads.list().filter((w) => !w.deleted);

  beforeAll(async () => {
    pce = new IllumioSimulator();
    await pce.start();
    tf = new TerraformWorkspace({
      ILLUMIO_PCE_HOST: pce.url,
      ILLUMIO_PCE_ORG_ID: String(pce.orgId),
      ILLUMIO_API_KEY_USERNAME: pce.apiKeyUsername,
      ILLUMIO_API_KEY_SECRET: pce.apiKeySecret,
      ILLUMIO_REQUESTS_PER_MINUTE: '0',
    });
    tf.writeConfig(config());
    await tf.expect(0, 'init', '-input=false');
  });

  afterAll(async () => {
    tf?.dispose();
    await pce?.stop();
  });

  afterEach(async () => {
    pce.faults.clear();
  });

  test('one apply: bulk creates, one read per batch before and after, no GET of any workload; a second plan is clean', async () => {
    const from = pce.requests.length;
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
    const counts = byEndpoint(from);
    expect(counts['GET workloads/:id']).toBeUndefined(); // no read after a create
    const bulks = counts['PUT workloads/bulk_create'] ?? 0;
    const posts = counts['POST workloads'] ?? 0;
    expect(bulks).toBeGreaterThan(0);
    expect(bulks).toBeLessThanOrEqual(COUNT / 2); // batches of several
    expect(counts['GET workloads']).toBe(2 * bulks + posts); // a read before and after each bulk create, one before each POST
    const requests = Object.values(counts).reduce((sum, n) => sum + n, 0);
    expect(requests).toBeLessThanOrEqual(COUNT * 1.1);
    expect(liveWorkloads()).toHaveLength(COUNT);
    expect(new Set(liveWorkloads().map((w) => w.body.hostname)).size).toBe(COUNT);
    const plan = await tf.run('plan', '-detailed-exitcode', '-input=false');
    expect(plan.stdout).toContain('No changes.');
  });

  test('a bulk create whose answer was lost creates nothing twice', async () => {
    await tf.expect(0, 'destroy', '-auto-approve', '-input=false');
    expect(liveWorkloads()).toHaveLength(0);
    pce.faults.inject(`lost,times=3,method=PUT,path=${API}/workloads/bulk_create`);
    await tf.expect(0, 'apply', '-auto-approve', '-input=false');
    expect(pce.requests.filter((r) => r.fault === 'lost')).toHaveLength(3);
    expect(liveWorkloads()).toHaveLength(COUNT);
    expect(new Set(liveWorkloads().map((w) => w.body.hostname)).size).toBe(COUNT);
    expect((await tf.run('plan', '-detailed-exitcode', '-input=false')).code).toBe(0);
  });

  test('a refused batch falls back to one create each: only the bad workload fails, with its own error', async () => {
    const bad = `
resource "secops_illumio_workload" "bad" {
  name     = "host-bad"
  hostname = "host-bad.example.com"
  labels   = ["/orgs/1/labels/999"]
}

resource "secops_illumio_workload" "more" {
  count    = 9
  name     = format("more-%d", count.index)
  hostname = format("more-%d.example.com", count.index)
}
`;
    tf.writeConfig(config(bad));
    const apply = await tf.run('apply', '-auto-approve', '-input=false', '-parallelism=20');
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('secops_illumio_workload.bad');
    expect(apply.stderr).toContain('/orgs/1/labels/999');
    expect(liveWorkloads().map((w) => w.body.name).filter((name) => String(name).startsWith('more-')).sort()).toHaveLength(9);
    expect(liveWorkloads().some((w) => w.body.name === 'host-bad')).toBe(false);
    const sent = (method: string, path: string) => pce.requests.filter((r) => r.method === method && r.path === `${API}/${path}` && r.body.includes('host-bad'));
    expect(sent('PUT', 'workloads/bulk_create').map((r) => r.status)).toEqual([406]); // the batch it was in, refused
    expect(sent('POST', 'workloads').map((r) => r.status)).toEqual([406]); // then on its own
  });
});
