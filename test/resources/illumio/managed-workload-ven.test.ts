import { harness } from './harness';
import { createPairingKey, createPairingProfile, createWorkload, deleteWorkload, getVen, getWorkload, updateVen, updateWorkload } from '../../../src/clients/illumio/workloads';
import { venData } from '../../../src/datasources/illumio/ven';
import { vensData } from '../../../src/datasources/illumio/vens';
import { workloadsData } from '../../../src/datasources/illumio/workloads';
import { ManagedWorkloadModel, managedWorkload } from '../../../src/resources/illumio/managed-workload';
import { VenModel, ven } from '../../../src/resources/illumio/ven';

describe('adopt-only resources: secops_illumio_managed_workload and secops_illumio_ven', () => {
  const h = harness();
  /** A host runs the pairing script with a key of a profile carrying `labels`. */
  const pairHost = async (hostname: string, labels: string[] = []): Promise<{ workload: string; ven: string }> => {
    const profile = await createPairingProfile(h.client(), { name: `p-${hostname}`, enabled: true, labels: labels.map((href) => ({ href })) });
    return h.sim.inventory.pair(await createPairingKey(h.client(), profile.href), { hostname });
  };
  const managed = (fields: Partial<ManagedWorkloadModel> = {}): ManagedWorkloadModel => ({
    href: null, hostname: null, name: null, labels: null, enforcement_mode: null, log_traffic: null, ven_href: null, online: null, ...fields,
  });

  test('create adopts by hostname, applies labels and mode, keeps what is unset; delete leaves it with a warning', async () => {
    const web = await h.label('role', 'web');
    const prod = await h.label('env', 'prod');
    const host = await pairHost('web1.example.com', [prod]);
    const adopted = await managedWorkload.create(h.ctx(), managed({ hostname: 'web1.example.com', labels: [web, prod], enforcement_mode: 'enforced' }));
    expect(adopted).toEqual({
      href: host.workload,
      hostname: 'web1.example.com',
      name: 'web1.example.com',
      labels: [web, prod],
      enforcement_mode: 'enforced',
      log_traffic: false,
      ven_href: host.ven,
      online: true,
    });
    expect(await managedWorkload.read(h.ctx(), adopted)).toEqual(adopted);
    await managedWorkload.delete(h.ctx(), adopted);
    expect(h.warnings).toEqual([expect.stringMatching(/^The managed workload was left as it is: /)]);
    expect((await getWorkload(h.client(), host.workload))?.labels).toEqual([{ href: web }, { href: prod }]);
  });

  test('adoption by href; unmanaged, missing and ambiguous workloads are refused with the reason', async () => {
    const host = await pairHost('db1');
    expect((await managedWorkload.create(h.ctx(), managed({ href: host.workload }))).ven_href).toBe(host.ven);
    const unmanaged = await createWorkload(h.client(), { hostname: 'plain' });
    await expect(managedWorkload.create(h.ctx(), managed({ href: unmanaged.href }))).rejects.toThrow(/unmanaged workload/);
    await expect(managedWorkload.create(h.ctx(), managed({ hostname: 'nope' }))).rejects.toThrow(/No managed workload has hostname "nope"/);
    await pairHost('db1');
    await expect(managedWorkload.create(h.ctx(), managed({ hostname: 'db1' }))).rejects.toThrow(/2 managed workloads have hostname "db1"/);
    expect(managedWorkload.validate!(managed())).toEqual([expect.objectContaining({ summary: 'Give href or hostname' })]);
  });

  test('update and drift; the PCE refuses to delete a managed workload; import by href', async () => {
    const web = await h.label('role', 'web');
    const host = await pairHost('app1');
    const adopted = await managedWorkload.create(h.ctx(), managed({ href: host.workload }));
    const updated = await managedWorkload.update(h.ctx(), { ...adopted, labels: [web], log_traffic: true }, adopted);
    expect(updated).toMatchObject({ labels: [web], log_traffic: true });
    await updateWorkload(h.client(), host.workload, { agent: { config: { mode: 'illuminated' } } });
    expect((await managedWorkload.read(h.ctx(), updated))?.enforcement_mode).toBe('illuminated');
    await expect(deleteWorkload(h.client(), host.workload)).rejects.toThrow(/406.*managed by a VEN/s);
    const imported = await managedWorkload.importState!(h.ctx(), host.workload);
    const read = await managedWorkload.read(h.ctx(), { ...managed(), ...imported } as ManagedWorkloadModel);
    expect(read).toMatchObject({ href: host.workload, labels: [web] });
    expect(await managedWorkload.read(h.ctx(), managed({ href: '/orgs/1/workloads/0ff' }))).toBeUndefined();
  });

  const unset = {
    name: null, description: null, target_pce_fqdn: null, status: null, hostname: null, version: null, active_pce_fqdn: null, workloads: null,
  };
  const venModel = (href: string, fields: Partial<VenModel> = {}): VenModel => ({ href, ...unset, ...fields });

  test('VEN: adopt, suspend, rename, drift, import, leave on delete', async () => {
    const host = await pairHost('cache1');
    const adopted = await ven.create(h.ctx(), venModel(host.ven, { status: 'suspended', description: 'maintenance' }));
    expect(adopted).toMatchObject({ href: host.ven, status: 'suspended', description: 'maintenance', name: 'cache1', hostname: 'cache1', workloads: [host.workload] });
    expect(await ven.read(h.ctx(), adopted)).toEqual(adopted);
    const renamed = await ven.update(h.ctx(), { ...adopted, name: 'cache-1', status: 'active', target_pce_fqdn: 'pce2.example.com' }, adopted);
    expect(renamed).toMatchObject({ name: 'cache-1', status: 'active', target_pce_fqdn: 'pce2.example.com' });
    await updateVen(h.client(), host.ven, { status: 'suspended' });
    expect((await ven.read(h.ctx(), renamed))?.status).toBe('suspended');
    expect(await ven.read(h.ctx(), { ...renamed, ...(await ven.importState!(h.ctx(), host.ven)) })).toMatchObject({ href: host.ven });
    await ven.delete(h.ctx(), renamed);
    expect(h.warnings).toEqual([expect.stringMatching(/^The VEN was left as it is/)]);
    expect(await getVen(h.client(), host.ven)).toBeDefined();
    await expect(ven.create(h.ctx(), venModel('/orgs/1/vens/none'))).rejects.toThrow(/no VEN/);
    await expect(updateVen(h.client(), host.ven, { status: 'uninstalled' })).rejects.toThrow(/406.*status must be one of active, suspended/s);
  });

  test('VEN and workload data sources find paired hosts by exact hostname and filters', async () => {
    const prod = await h.label('env', 'prod');
    const one = await pairHost('node1', [prod]);
    await pairHost('node10');
    expect((await venData.read(h.ctx(), venModel(null as never, { hostname: 'node1' }))).href).toBe(one.ven);
    const all = { name: null, hostname: 'node', description: null, status: null, version: null, labels: null, vens: null };
    expect((await vensData.read(h.ctx(), all)).vens!.map((v) => v.hostname).sort()).toEqual(['node1', 'node10']);
    expect((await vensData.read(h.ctx(), { ...all, labels: [[prod]] })).vens!.map((v) => v.href)).toEqual([one.ven]);
    expect((await vensData.read(h.ctx(), { ...all, version: '20.1' })).vens).toHaveLength(2);
    expect((await vensData.read(h.ctx(), { ...all, version: '21.' })).vens).toEqual([]);
    const managedOnly = await workloadsData.read(h.ctx(), {
      name: null,
      hostname: null,
      description: null,
      ip_address: null,
      os_id: null,
      labels: null,
      managed: true,
      enforcement_mode: null,
      log_traffic: null,
      external_data_set: null,
      external_data_reference: null,
      workloads: null,
    });
    expect(managedOnly.workloads!.map((w) => [w.hostname, w.managed])).toEqual([['node1', true], ['node10', true]]);
  });
});
