import { harness } from './harness';
import { deleteWorkload, getWorkload, updateWorkload } from '../../../src/clients/illumio/workloads';
import { workloadData } from '../../../src/datasources/illumio/workload';
import { workloadInterfaceData } from '../../../src/datasources/illumio/workload-interface';
import { workloadsData } from '../../../src/datasources/illumio/workloads';
import { label as labelResource } from '../../../src/resources/illumio/label';
import { WorkloadModel, workload } from '../../../src/resources/illumio/workload';
import { WorkloadInterfaceModel, workloadInterface } from '../../../src/resources/illumio/workload-interface';

const TIME = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);
const HREF = expect.stringMatching(/^\/orgs\/1\/workloads\/[0-9a-f-]{36}$/);

describe('secops_illumio_workload', () => {
  const h = harness();
  const planned = (fields: Partial<WorkloadModel> = {}): WorkloadModel => ({
    href: null,
    name: 'db1',
    description: null,
    hostname: 'db1.example.com',
    public_ip: null,
    service_principal_name: null,
    distinguished_name: null,
    service_provider: null,
    data_center: null,
    data_center_zone: null,
    os_id: null,
    os_detail: null,
    external_data_set: null,
    external_data_reference: null,
    labels: null,
    enforcement_mode: null,
    log_traffic: null,
    online: null,
    interfaces: [],
    created_at: null,
    updated_at: null,
    ...fields,
  });
  const eth0 = { name: 'eth0', address: '10.0.0.5', cidr_block: 24, default_gateway_address: '10.0.0.1', link_state: 'up', friendly_name: null };

  test('create posts an unmanaged workload with labels and interfaces; read returns the same', async () => {
    const db = await h.label('role', 'db');
    const prod = await h.label('env', 'prod');
    const created = await workload.create(h.ctx(), planned({ labels: [db, prod], interfaces: [eth0], enforcement_mode: 'illuminated', log_traffic: true }));
    expect(created).toEqual(planned({
      href: HREF, labels: [db, prod], interfaces: [eth0], enforcement_mode: 'illuminated', log_traffic: true, online: false, created_at: TIME, updated_at: TIME,
    }));
    const pce = await getWorkload(h.client(), created.href!);
    expect(pce).toMatchObject({ hostname: 'db1.example.com', labels: [{ href: db }, { href: prod }], agent: { config: { mode: 'illuminated', log_traffic: true } } });
    expect(pce?.ven).toBeNull();
    expect(await workload.read(h.ctx(), created)).toEqual(created);
  });

  test('a create whose answer was lost adopts the workload it made, found by content', async () => {
    const ctx = h.freshCtx();
    const db = await h.label('role', 'db');
    h.sim.faults.inject('lost,method=POST,path=/api/v2/orgs/1/workloads');
    const created = await workload.create(ctx, planned({ labels: [db], interfaces: [eth0], enforcement_mode: 'illuminated', log_traffic: true }));
    expect((await ctx.client.list<{ href: string }>('/orgs/1/workloads')).map((w) => w.href)).toEqual([created.href]);
    expect(ctx.client.writeStats).toEqual({ lookups: 1, adopted: 1, resent: 0 });
  });

  test('unset enforcement mode and logging are read from the PCE, so a second plan is clean', async () => {
    const created = await workload.create(h.ctx(), planned());
    expect([created.enforcement_mode, created.log_traffic, created.labels, created.interfaces]).toEqual(['idle', false, null, []]);
  });

  test('update changes labels, mode and interfaces in place and clears a removed attribute', async () => {
    const db = await h.label('role', 'db');
    const web = await h.label('role', 'web');
    const created = await workload.create(h.ctx(), planned({ labels: [db], description: 'old', interfaces: [eth0] }));
    const eth1 = { ...eth0, name: 'eth1', address: '192.168.1.9', cidr_block: null, default_gateway_address: null };
    const updated = await workload.update(h.ctx(), planned({ ...created, labels: [web], description: null, enforcement_mode: 'enforced', interfaces: [eth1] }), created);
    expect(updated).toMatchObject({ href: created.href, labels: [web], description: null, enforcement_mode: 'enforced', interfaces: [eth1] });
    expect(await workload.read(h.ctx(), updated)).toEqual(updated);
  });

  test('two labels of one key are refused with the PCE\'s 406', async () => {
    const db = await h.label('role', 'db');
    const web = await h.label('role', 'web');
    await expect(workload.create(h.ctx(), planned({ labels: [db, web] }))).rejects.toThrow(/406.*input_validation_error.*only one label of key role/s);
  });

  test('an unknown label href is refused with invalid_uri', async () => {
    await expect(workload.create(h.ctx(), planned({ labels: ['/orgs/1/labels/999'] }))).rejects.toThrow(/invalid_uri/);
  });

  test('drift: a workload deleted out of band reads as gone; a label on a workload cannot be deleted', async () => {
    const db = await h.label('role', 'db');
    const created = await workload.create(h.ctx(), planned({ labels: [db] }));
    await expect(labelResource.delete(h.ctx(), { href: db } as never)).rejects.toThrow(/label_in_use.*workloads/s);
    expect(await deleteWorkload(h.client(), created.href!)).toBe(true);
    expect((await getWorkload(h.client(), created.href!))?.deleted).toBe(true);
    expect(await workload.read(h.ctx(), created)).toBeUndefined();
  });

  test('drift: a label changed out of band shows in the next read', async () => {
    const db = await h.label('role', 'db');
    const web = await h.label('role', 'web');
    const created = await workload.create(h.ctx(), planned({ labels: [db] }));
    await updateWorkload(h.client(), created.href!, { labels: [{ href: web }] });
    expect((await workload.read(h.ctx(), created))?.labels).toEqual([web]);
  });

  test('delete removes it; deleting what is already gone succeeds', async () => {
    const created = await workload.create(h.ctx(), planned());
    await workload.delete(h.ctx(), created);
    expect(await workload.read(h.ctx(), created)).toBeUndefined();
    await workload.delete(h.ctx(), created);
  });

  test('deletes arriving together go out as one bulk_delete', async () => {
    const made = await Promise.all(['a', 'b', 'c'].map((name) => workload.create(h.ctx(), planned({ name, hostname: name }))));
    const before = h.sim.requests.length;
    await Promise.all(made.map((one) => workload.delete(h.ctx(), one)));
    const sent = h.sim.requests.slice(before).map((entry) => `${entry.method} ${entry.path}`);
    expect(sent).toEqual(['PUT /api/v2/orgs/1/workloads/bulk_delete']);
    for (const one of made) expect(await workload.read(h.ctx(), one)).toBeUndefined();
  });

  test('a refused batch falls back to one delete each, so each resource gets its own answer', async () => {
    const made = await Promise.all(['a', 'b'].map((name) => workload.create(h.ctx(), planned({ name, hostname: name }))));
    await deleteWorkload(h.client(), made[0]!.href!); // gone already: the bulk call refuses the whole batch
    const before = h.sim.requests.length;
    await Promise.all(made.map((one) => workload.delete(h.ctx(), one)));
    const sent = h.sim.requests.slice(before).map((entry) => entry.method).sort();
    expect(sent).toEqual(['DELETE', 'DELETE', 'PUT']);
    expect(await workload.read(h.ctx(), made[1]!)).toBeUndefined();
  });

  test('updates arriving together go out as one bulk_update; a refused batch falls back to one PUT each', async () => {
    const db = await h.label('role', 'db');
    const made = await Promise.all(['a', 'b', 'c'].map((name) => workload.create(h.ctx(), planned({ name, hostname: name }))));
    let before = h.sim.requests.length;
    const updated = await Promise.all(made.map((one) => workload.update(h.ctx(), { ...one, labels: [db], enforcement_mode: 'enforced' }, one)));
    const writes = (): string[] => h.sim.requests.slice(before).filter((entry) => entry.method !== 'GET').map((entry) => `${entry.method} ${entry.path}`);
    expect(writes()).toEqual(['PUT /api/v2/orgs/1/workloads/bulk_update']);
    expect(updated.map((one) => [one.name, one.labels, one.enforcement_mode])).toEqual([['a', [db], 'enforced'], ['b', [db], 'enforced'], ['c', [db], 'enforced']]);
    await deleteWorkload(h.client(), made[0]!.href!);
    before = h.sim.requests.length;
    const results = await Promise.allSettled(made.map((one) => workload.update(h.ctx(), { ...one, description: 'x' }, one)));
    expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/404/);
    expect(writes().sort()).toEqual(['PUT /api/v2/orgs/1/workloads/bulk_update', ...made.map((one) => `PUT /api/v2${one.href}`)].sort());
  });

  test('import by href reads every attribute, interfaces included', async () => {
    const created = await workload.create(h.ctx(), planned({ interfaces: [eth0], os_id: 'ubuntu' }));
    const imported = await workload.read(h.ctx(), { ...planned(), ...(await workload.importState!(h.ctx(), created.href!)) } as WorkloadModel);
    expect(imported).toEqual(created);
  });

  test('a refresh of many workloads shares one collection read', async () => {
    const made = await Promise.all(['a', 'b', 'c', 'd'].map((name) => workload.create(h.ctx(), planned({ name, hostname: name }))));
    const before = h.sim.requests.length;
    const read = await Promise.all(made.map((one) => workload.read(h.ctx(), one)));
    expect(read.map((one) => one?.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(h.sim.requests.length - before).toBeLessThanOrEqual(2);
  });

  test('data sources: by href, by exact hostname (ambiguity fails), and the list with filters', async () => {
    const db = await h.label('role', 'db');
    const one = await workload.create(h.ctx(), planned({ labels: [db] }));
    await workload.create(h.ctx(), planned({ name: 'db10', hostname: 'db10.example.com' }));
    const byHostname = await workloadData.read(h.ctx(), { href: null, name: null, hostname: 'db1.example.com' } as never);
    expect(byHostname).toMatchObject({ href: one.href, managed: false, ven_href: null, labels: [db] });
    expect((await workloadData.read(h.ctx(), { href: one.href, name: null, hostname: null } as never)).hostname).toBe('db1.example.com');
    await workload.create(h.ctx(), planned({ name: 'twin' }));
    await expect(workloadData.read(h.ctx(), { href: null, name: null, hostname: 'db1.example.com' } as never)).rejects.toThrow(/2 workloads have hostname/);
    expect(workloadData.validate!({ href: null, name: null, hostname: null } as never)).toEqual([expect.objectContaining({ summary: 'Missing arguments' })]);
    const filters = {
      name: null,
      hostname: null,
      description: null,
      ip_address: null,
      os_id: null,
      labels: null,
      managed: null,
      enforcement_mode: null,
      log_traffic: null,
      external_data_set: null,
      external_data_reference: null,
      workloads: null,
    };
    expect((await workloadsData.read(h.ctx(), { ...filters, hostname: 'db1' })).workloads!.map((w) => w.hostname).sort())
      .toEqual(['db1.example.com', 'db1.example.com', 'db10.example.com']);
    expect((await workloadsData.read(h.ctx(), { ...filters, labels: [[db]] })).workloads!.map((w) => w.href)).toEqual([one.href]);
    expect((await workloadsData.read(h.ctx(), { ...filters, managed: true })).workloads).toEqual([]);
  });
});

describe('secops_illumio_workload_interface', () => {
  const h = harness();
  const host = async (): Promise<string> => (await workload.create(h.ctx(), {
    href: null,
    name: 'h',
    description: null,
    hostname: 'h',
    public_ip: null,
    service_principal_name: null,
    distinguished_name: null,
    service_provider: null,
    data_center: null,
    data_center_zone: null,
    os_id: null,
    os_detail: null,
    external_data_set: null,
    external_data_reference: null,
    labels: null,
    enforcement_mode: null,
    log_traffic: null,
    online: null,
    interfaces: [],
    created_at: null,
    updated_at: null,
  })).href!;
  const planned = (workloadHref: string, fields: Partial<WorkloadInterfaceModel> = {}): WorkloadInterfaceModel => ({
    href: null, workload_href: workloadHref, name: 'eth0', address: '10.1.0.4', cidr_block: 16, default_gateway_address: null, link_state: 'up', friendly_name: 'lan', ...fields,
  });

  test('create, read, import, drift and delete', async () => {
    const href = await host();
    const created = await workloadInterface.create(h.ctx(), planned(href));
    expect(created).toEqual(planned(href, { href: `${href}/interfaces/eth0` }));
    expect(await workloadInterface.read(h.ctx(), created)).toEqual(created);
    const imported = await workloadInterface.importState!(h.ctx(), created.href!);
    expect(await workloadInterface.read(h.ctx(), { ...planned(href), ...imported } as WorkloadInterfaceModel)).toEqual(created);
    await expect(workloadInterface.create(h.ctx(), planned(href))).rejects.toThrow(/406.*already exists/s);
    expect((await workloadData.read(h.ctx(), { href, name: null, hostname: null } as never)).interfaces.map((i) => i.address)).toEqual(['10.1.0.4']);
    expect(await workloadInterfaceData.read(h.ctx(), { workload_href: href, name: 'eth0' } as never)).toEqual(created);
    await workloadInterface.delete(h.ctx(), created);
    expect(await workloadInterface.read(h.ctx(), created)).toBeUndefined();
    await expect(workloadInterface.importState!(h.ctx(), href)).rejects.toThrow(/interfaces/);
  });

  test('a workload without interface blocks leaves interfaces managed one by one alone', async () => {
    const href = await host();
    await workloadInterface.create(h.ctx(), planned(href));
    const state = (await workload.read(h.ctx(), { href, interfaces: [], labels: null } as unknown as WorkloadModel))!;
    expect(state.interfaces).toEqual([]);
    expect((await getWorkload(h.client(), href))?.interfaces).toHaveLength(1);
  });
});
