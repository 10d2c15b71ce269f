import { DraftObject, IllumioClient, illumioSettingsFromEnv, matchesWritten } from '../../../src/clients/illumio';
import { createContainerCluster } from '../../../src/clients/illumio/operations';
import { createPairingProfile, createWorkload, deleteWorkload, listPairingProfiles, listWorkloads, updateWorkload } from '../../../src/clients/illumio/workloads';
import { IllumioSimulator } from '../../../src/simulators/illumio';

/**
 * The Illumio client's "did it land" lookups (issue 14) against the simulator with fixed faults:
 * `lost` applies a write and closes the socket before the answer; `503` refuses it unapplied.
 */
describe('IllumioClient: writes whose answer was lost', () => {
  const sim = new IllumioSimulator({ env: {} });
  const clients: IllumioClient[] = [];
  const API = '/api/v2/orgs/1';

  /** A fresh client: its ledger, claims and known rules start empty. Backoff is instant. */
  const connect = (): IllumioClient => {
    const client = new IllumioClient(illumioSettingsFromEnv({
      host: sim.url, orgId: String(sim.orgId), apiKeyUsername: sim.apiKeyUsername, apiKeySecret: sim.apiKeySecret, requestsPerMinute: 0,
    }, {}), { retry: { sleep: async () => undefined } });
    clients.push(client);
    return client;
  };
  const seen = (): string[] => sim.requests.map((r) => `${r.method} ${r.path}${r.fault ? ` (${r.fault})` : ''}`);
  const ruleSetBody = (name: string, label: string): Record<string, unknown> => ({ name, scopes: [[{ label: { href: label } }]] });
  const ruleBody = (label: string): Record<string, unknown> => ({
    providers: [{ label: { href: label } }],
    consumers: [{ actors: 'ams' }],
    ingress_services: [{ proto: 6, port: 443 }],
    resolve_labels_as: { providers: ['workloads'], consumers: ['workloads'] },
    enabled: true,
  });

  beforeAll(() => sim.start());
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await sim.stop();
  });
  beforeEach(() => sim.reset());

  describe('by unique key', () => {
    test('a label whose create answer was lost is found by key and exact value, not created again', async () => {
      const pce = connect();
      await pce.createLabel({ key: 'role', value: 'db-old' }); // matched by the PCE's partial value filter, left out
      sim.faults.inject(`lost,method=POST,path=${API}/labels`);
      const label = await pce.createLabel({ key: 'role', value: 'db' });
      expect(label).toMatchObject({ key: 'role', value: 'db' });
      expect(sim.labels().map((l) => l.value)).toEqual(['db-old', 'db']);
      expect(seen().slice(-2)).toEqual([`POST ${API}/labels (lost)`, `GET ${API}/labels`]);
      expect(pce.writeStats).toEqual({ lookups: 1, adopted: 1, resent: 0 });
    });

    test('a claimed object is never adopted: a second create of an existing label, answer lost, ends in the PCE\'s conflict', async () => {
      const pce = connect();
      await pce.createLabel({ key: 'app', value: 'shop' });
      sim.faults.inject(`lost,method=POST,path=${API}/labels`);
      await expect(pce.createLabel({ key: 'app', value: 'shop' })).rejects.toMatchObject({ status: 406, tokens: ['label_key_value_conflict'] });
      expect(sim.labels()).toHaveLength(1);
      expect(pce.writeStats).toMatchObject({ lookups: 1, adopted: 0, resent: 1 });
    });

    test('a create refused with 503 (not applied) is found missing and sent again: one object', async () => {
      const pce = connect();
      sim.faults.inject(`503,method=POST,path=${API}/sec_policy/draft/ip_lists`);
      const list = await pce.createDraft('ip_lists', { name: 'office', ip_ranges: [{ from_ip: '10.0.0.0/8' }] });
      expect(sim.draft('ip_lists').map((item) => item.body.name)).toEqual(['office']);
      expect(list.href).toBe(`/orgs/1/sec_policy/draft/ip_lists/${sim.draft('ip_lists')[0]!.id}`);
      expect(pce.writeStats).toEqual({ lookups: 1, adopted: 0, resent: 1 });
    });

    test.each(['ip_lists', 'rule_sets', 'label_groups'] as const)('%s are found by their unique name (label groups: by content)', async (type) => {
      const pce = connect();
      const label = await pce.createLabel({ key: 'role', value: 'web' });
      const body = type === 'rule_sets' ? ruleSetBody('web', label.href) : type === 'ip_lists' ? { name: 'web' } : { name: 'web', key: 'role', labels: [{ href: label.href }] };
      sim.faults.inject(`lost,method=POST,path=${API}/sec_policy/draft/${type}`);
      const created = await pce.createDraft(type, body);
      expect(sim.draft(type).map((item) => [`/orgs/1/sec_policy/draft/${type}/${item.id}`, item.body.name])).toEqual([[created.href, 'web']]);
      expect(pce.writeStats.adopted).toBe(1);
    });
  });

  describe('by content, where names may repeat', () => {
    test('a lost service create adopts the service that appeared since, not an identical one that was there before', async () => {
      const body = { name: 'https', service_ports: [{ proto: 6, port: 443 }] };
      const before = await connect().createDraft('services', body);
      const pce = connect();
      sim.faults.inject(`lost,method=POST,path=${API}/sec_policy/draft/services`);
      const created = await pce.createDraft('services', body);
      expect(created.href).not.toBe(before.href);
      expect(sim.draft('services')).toHaveLength(2);
      expect(pce.writeStats).toEqual({ lookups: 1, adopted: 1, resent: 0 });
    });

    test('two identical services of one process, both answers lost, become two services, each adopted once', async () => {
      const pce = connect();
      const body = { name: 'https', service_ports: [{ proto: 6, port: 443 }] };
      sim.faults.inject(`lost,method=POST,path=${API}/sec_policy/draft/services,times=2`);
      const [a, b] = await Promise.all([pce.createDraft('services', body), pce.createDraft('services', body)]);
      expect(new Set([a!.href, b!.href]).size).toBe(2);
      expect(sim.draft('services')).toHaveLength(2);
      expect(pce.writeStats).toEqual({ lookups: 2, adopted: 2, resent: 0 });
    });

    test('a service of the same name but other content is not taken for the lost one', async () => {
      const pce = connect();
      sim.faults.inject(`lost,method=POST,path=${API}/sec_policy/draft/services`);
      const [lost, other] = await Promise.all([
        pce.createDraft('services', { name: 'web', service_ports: [{ proto: 6, port: 80 }] }),
        pce.createDraft('services', { name: 'web', service_ports: [{ proto: 6, port: 8080 }] }),
      ]);
      expect([lost!.service_ports, other!.service_ports]).toEqual([[{ proto: 6, port: 80 }], [{ proto: 6, port: 8080 }]]);
      expect(sim.draft('services')).toHaveLength(2);
    });

    test('pairing profiles, workloads and container clusters', async () => {
      const pce = connect();
      sim.faults.inject(`lost,method=POST,path=${API}/pairing_profiles;lost,method=POST,path=${API}/workloads`);
      const profile = await createPairingProfile(pce, { name: 'linux', enabled: true });
      const workload = await createWorkload(pce, { name: 'db1', hostname: 'db1.example.com' });
      expect((await listPairingProfiles(pce)).map((p) => p.href)).toEqual([profile.href]);
      expect((await listWorkloads(pce)).map((w) => w.href)).toEqual([workload.href]);
      // Only a create's answer carries a cluster's token: a cluster whose answer was lost is replaced.
      sim.faults.inject(`lost,method=POST,path=${API}/container_clusters`);
      const cluster = await createContainerCluster(pce, { name: 'k8s' });
      expect(cluster.container_cluster_token).toEqual(expect.any(String));
      expect((await pce.list<{ href: string }>(pce.orgPath('container_clusters'))).map((c) => c.href)).toEqual([cluster.href]);
      expect(pce.writeStats).toEqual({ lookups: 3, adopted: 2, resent: 1 });
    });
  });

  describe('security rules: the rule of the body sent that appeared after the request started', () => {
    test('the rules known from the rule set\'s create serve as "before": no extra read; the lost rule is adopted', async () => {
      const pce = connect();
      const label = await pce.createLabel({ key: 'role', value: 'web' });
      const ruleSet = await pce.createDraft('rule_sets', ruleSetBody('web', label.href));
      sim.faults.inject(`lost,method=POST,path=${API}/sec_policy/draft/rule_sets/*`);
      const rule = await pce.createRule(ruleSet.href, ruleBody(label.href));
      expect(sim.draft('rule_sets')[0]!.rules!.map((r) => `${ruleSet.href}/sec_rules/${r.id}`)).toEqual([rule.href]);
      const rulesPath = `${API}${ruleSet.href.replace('/orgs/1', '')}/sec_rules`;
      expect(seen().slice(-2)).toEqual([`POST ${rulesPath} (lost)`, `GET ${rulesPath}`]);
    });

    test('two identical rules in one rule set, both answers lost, map to two distinct rules', async () => {
      const pce = connect();
      const label = await pce.createLabel({ key: 'role', value: 'web' });
      const ruleSet = await pce.createDraft('rule_sets', ruleSetBody('web', label.href));
      sim.faults.inject(`lost,method=POST,path=${API}/sec_policy/draft/rule_sets/*,times=2`);
      const [a, b] = await Promise.all([pce.createRule(ruleSet.href, ruleBody(label.href)), pce.createRule(ruleSet.href, ruleBody(label.href))]);
      expect(new Set([a!.href, b!.href]).size).toBe(2);
      expect(sim.draft('rule_sets')[0]!.rules).toHaveLength(2);
      expect(pce.writeStats).toEqual({ lookups: 2, adopted: 2, resent: 0 });
    });

    test('an identical rule that was there before is not adopted: a rule set never read is read first', async () => {
      const label = await connect().createLabel({ key: 'role', value: 'web' });
      const other = connect();
      const ruleSet = await other.createDraft<DraftObject>('rule_sets', ruleSetBody('web', label.href));
      const existing = await other.createRule(ruleSet.href, ruleBody(label.href));
      const pce = connect();
      sim.faults.inject(`lost,method=POST,path=${API}/sec_policy/draft/rule_sets/*`);
      const rule = await pce.createRule(ruleSet.href, ruleBody(label.href));
      expect(rule.href).not.toBe(existing.href);
      expect(sim.draft('rule_sets')[0]!.rules).toHaveLength(2);
      const rulesPath = `${API}${ruleSet.href.replace('/orgs/1', '')}/sec_rules`;
      expect(seen().slice(-3)).toEqual([`GET ${rulesPath}`, `POST ${rulesPath} (lost)`, `GET ${rulesPath}`]);
    });
  });

  describe('provisioning exactly once', () => {
    const subsetOf = (href: string): { ip_lists: { href: string }[] } => ({ ip_lists: [{ href }] });

    test('a provisioning whose answer was lost is found among the newer versions by its message, not provisioned twice', async () => {
      const pce = connect();
      const first = await pce.createDraft('ip_lists', { name: 'a', ip_ranges: [{ from_ip: '10.0.0.1' }] });
      await pce.provision({ description: 'first', changeSubset: subsetOf(first.href) });
      const list = await pce.createDraft('ip_lists', { name: 'b', ip_ranges: [{ from_ip: '10.0.0.2' }] });
      sim.faults.inject(`lost,method=POST,path=${API}/sec_policy`);
      expect(await pce.provision({ description: 'second', changeSubset: subsetOf(list.href) })).toBe('/orgs/1/sec_policy/2');
      expect(sim.versions().map((v) => v.commit_message)).toEqual(['first', 'second']);
      expect(seen().slice(-2)).toEqual([`POST ${API}/sec_policy (lost)`, `GET ${API}/sec_policy/active`]);
    });

    test('a provisioning refused with 503 is found missing (no newer version) and posted again', async () => {
      const pce = connect();
      const list = await pce.createDraft('ip_lists', { name: 'a', ip_ranges: [{ from_ip: '10.0.0.1' }] });
      sim.faults.inject(`503,method=POST,path=${API}/sec_policy`);
      expect(await pce.provision({ description: 'one', changeSubset: subsetOf(list.href) })).toBe('/orgs/1/sec_policy/1');
      expect(sim.versions()).toHaveLength(1);
      expect(pce.writeStats).toEqual({ lookups: 1, adopted: 0, resent: 1 });
    });

    test('another version provisioned meanwhile with another message is passed over for the lost one', async () => {
      const pce = connect();
      const a = await pce.createDraft('ip_lists', { name: 'a', ip_ranges: [{ from_ip: '10.0.0.1' }] });
      await pce.provision({ description: 'mine', changeSubset: subsetOf(a.href) });
      const b = await pce.createDraft('ip_lists', { name: 'b', ip_ranges: [{ from_ip: '10.0.0.2' }] });
      const c = await pce.createDraft('ip_lists', { name: 'c', ip_ranges: [{ from_ip: '10.0.0.3' }] });
      sim.faults.inject(`lost,method=POST,path=${API}/sec_policy`);
      const mine = pce.provision({ description: 'mine', changeSubset: subsetOf(b.href) });
      expect(await mine).toBe('/orgs/1/sec_policy/2');
      await connect().provision({ description: 'theirs', changeSubset: subsetOf(c.href) });
      expect(sim.versions().map((v) => v.commit_message)).toEqual(['mine', 'mine', 'theirs']);
    });
  });

  describe('deletes are idempotent', () => {
    test('a label DELETE whose answer was lost is repeated by the core and its label_already_deleted means done', async () => {
      const pce = connect();
      const label = await pce.createLabel({ key: 'loc', value: 'eu' });
      sim.faults.inject(`lost,method=DELETE,path=${API}/labels/*`);
      expect(await pce.deleteLabel(label.href)).toBe(false);
      expect(sim.requests.slice(-2).map((r) => r.status)).toEqual([204, 406]);
      expect(sim.labels()[0]!.deleted).toBe(true);
    });

    test('a rule set DELETE whose answer was lost ends as already gone (404)', async () => {
      const pce = connect();
      const label = await pce.createLabel({ key: 'role', value: 'web' });
      const ruleSet = await pce.createDraft('rule_sets', ruleSetBody('web', label.href));
      sim.faults.inject(`lost,method=DELETE,path=${API}/sec_policy/draft/rule_sets/*`);
      expect(await pce.deleteDraft(ruleSet.href)).toBe(false);
      expect(sim.draft('rule_sets')).toEqual([]);
    });

    test('workload bulk writes whose answer was lost: bulk_update is repeated as is; a repeated bulk_delete, refused, ends in single deletes', async () => {
      const pce = connect();
      const [a, b] = await Promise.all([createWorkload(pce, { name: 'a' }), createWorkload(pce, { name: 'b' })]);
      sim.faults.inject(`lost,method=PUT,path=${API}/workloads/bulk_update`);
      await Promise.all([updateWorkload(pce, a!.href, { description: 'x' }), updateWorkload(pce, b!.href, { description: 'x' })]);
      expect((await listWorkloads(pce)).map((w) => w.description)).toEqual(['x', 'x']);
      sim.faults.inject(`lost,method=PUT,path=${API}/workloads/bulk_delete`);
      expect(await Promise.all([deleteWorkload(pce, a!.href), deleteWorkload(pce, b!.href)])).toEqual([false, false]); // already gone
      expect(await listWorkloads(pce)).toEqual([]);
      expect(seen().filter((line) => line.startsWith('PUT') || line.startsWith('DELETE')).map((line) => line.replace(/[0-9a-f-]{36}/, 'ID'))).toEqual([
        `PUT ${API}/workloads/bulk_create`, // the two creates went out together
        `PUT ${API}/workloads/bulk_update (lost)`, `PUT ${API}/workloads/bulk_update`,
        `PUT ${API}/workloads/bulk_delete (lost)`, `PUT ${API}/workloads/bulk_delete`, `DELETE ${API}/workloads/ID`, `DELETE ${API}/workloads/ID`,
      ]);
    });

    test('a 429 on a DELETE is waited out and retried', async () => {
      const pce = connect();
      const label = await pce.createLabel({ key: 'loc', value: 'us' });
      sim.faults.inject('429,method=DELETE,retry-after=0');
      expect(await pce.deleteLabel(label.href)).toBe(true);
    });
  });

  describe('workload creates that arrive together go out as one bulk_create (issue 22)', () => {
    const hosts = (count: number): Record<string, unknown>[] => Array.from({ length: count }, (_, i) => ({
      name: `web${String(i).padStart(2, '0')}`, hostname: `web${String(i).padStart(2, '0')}.example.com`, description: `host ${i}`,
    }));
    const writesAndReads = (): string[] => seen().map((line) => line.replace(/[0-9a-f-]{36}/, 'ID'));

    test('one bulk_create and a read before and after it; each create gets its own workload, no GET of each', async () => {
      const pce = connect();
      await createWorkload(pce, { name: 'web-old', hostname: 'web01.example.com' }); // the same hostname, not adopted
      const from = sim.requests.length;
      const bodies = hosts(12);
      const created = await Promise.all(bodies.map((body) => createWorkload(pce, body)));
      expect(created.map((w) => [w.name, w.hostname, w.description])).toEqual(bodies.map((b) => [b.name, b.hostname, b.description]));
      expect(new Set(created.map((w) => w.href)).size).toBe(12);
      expect(writesAndReads().slice(from)).toEqual([`GET ${API}/workloads`, `PUT ${API}/workloads/bulk_create`, `GET ${API}/workloads`]);
      expect(sim.requests[from]!.query).toContain('hostname=web');
      expect((await listWorkloads(pce)).map((w) => w.name)).toEqual(['web-old', ...bodies.map((b) => b.name)]);
    });

    test('a create alone is one POST, its answer the state: no GET of the workload after it', async () => {
      const pce = connect();
      const created = await createWorkload(pce, { name: 'solo', hostname: 'solo.example.com' });
      expect(created).toMatchObject({ name: 'solo', hostname: 'solo.example.com' });
      // The read of the workloads of its name before it is what finds a create whose answer was lost.
      expect(writesAndReads()).toEqual([`GET ${API}/workloads`, `POST ${API}/workloads`]);
      expect(sim.requests[0]!.query).toContain('name=solo');
    });

    test('a bulk_create whose answer was lost is not sent again: the read after it finds every workload, no duplicates', async () => {
      const pce = connect();
      sim.faults.inject(`lost,method=PUT,path=${API}/workloads/bulk_create`);
      const bodies = hosts(5);
      const created = await Promise.all(bodies.map((body) => createWorkload(pce, body)));
      expect(created.map((w) => w.name)).toEqual(bodies.map((b) => b.name));
      expect((await listWorkloads(pce)).map((w) => w.name)).toEqual(bodies.map((b) => b.name));
      expect(writesAndReads().filter((line) => !line.startsWith('GET'))).toEqual([`PUT ${API}/workloads/bulk_create (lost)`]);
    });

    test('a refused batch falls back to one POST each: the good ones are created, the bad one gets its own error', async () => {
      const pce = connect();
      const bodies = hosts(3);
      const results = await Promise.allSettled([
        ...bodies.map((body) => createWorkload(pce, body)),
        createWorkload(pce, { name: 'bad', hostname: 'bad.example.com', labels: [{ href: '/orgs/1/labels/999' }] }),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected']);
      expect(String((results[3] as PromiseRejectedResult).reason)).toMatch(/labels\/999/);
      expect((await listWorkloads(pce)).map((w) => w.name)).toEqual(bodies.map((b) => b.name));
      expect(writesAndReads().filter((line) => !line.startsWith('GET'))).toEqual([
        `PUT ${API}/workloads/bulk_create`, ...Array.from({ length: 4 }, () => `POST ${API}/workloads`),
      ]);
    });

    test('identical bodies each get a workload of their own', async () => {
      const pce = connect();
      const created = await Promise.all([0, 1, 2].map(() => createWorkload(pce, { name: 'twin', hostname: 'twin.example.com' })));
      expect(new Set(created.map((w) => w.href)).size).toBe(3);
      expect(sim.inventory.workloads.list()).toHaveLength(3);
    });
  });
});

describe('matchesWritten', () => {
  test.each([
    [{ name: 'a', ports: [{ proto: 6, port: 443 }] }, { href: 'x', name: 'a', ports: [{ port: 443, proto: 6, to_port: null }], created_at: 't' }, true],
    [{ name: 'a', ports: [{ proto: 6, port: 443 }] }, { name: 'a', ports: [{ proto: 6, port: 80 }] }, false],
    [{ description: '', enabled: false, labels: [] }, { description: null }, true],
    [{ items: [{ a: 1 }, { a: 2 }] }, { items: [{ a: 2 }, { a: 1 }] }, true],
    [{ items: [{ a: 1 }] }, { items: [{ a: 1 }, { a: 2 }] }, false],
    [{ key_lifespan: 3600 }, { key_lifespan: '3600' }, true],
    [{ name: 'a' }, {}, false],
  ])('matchesWritten(%j, %j) is %p', (sent, found, expected) => {
    expect(matchesWritten(sent, found)).toBe(expected);
  });
});
