import { harness } from './harness';
import { containerClusterData, containerClustersData } from '../../../src/datasources/illumio/container-clusters';
import { containerWorkloadProfileData, containerWorkloadProfilesData } from '../../../src/datasources/illumio/container-workload-profiles';
import { UNKNOWN } from '../../../src/provider/cty/values';
import { validateBlock } from '../../../src/provider/validate';
import { ContainerClusterModel, containerCluster } from '../../../src/resources/illumio/container-cluster';
import { ContainerWorkloadProfileModel, containerWorkloadProfile } from '../../../src/resources/illumio/container-workload-profile';

const unknown = UNKNOWN as unknown as null;

const plannedCluster = (name: string, description: string | null = null): ContainerClusterModel => ({
  href: unknown,
  name,
  description,
  container_cluster_token: unknown,
  manager_type: unknown,
  network_type: unknown,
  online: unknown,
  last_connected: unknown,
  kubelink_version: unknown,
  pce_fqdn: unknown,
});

const plannedProfile = (cluster: string, fields: Partial<ContainerWorkloadProfileModel> = {}): ContainerWorkloadProfileModel => ({
  href: unknown,
  container_cluster_href: cluster,
  name: null,
  description: null,
  assign_labels: unknown,
  mode: unknown,
  log_traffic: unknown,
  namespace: unknown,
  linked: unknown,
  created_at: unknown,
  updated_at: unknown,
  ...fields,
});

describe('secops_illumio_container_cluster', () => {
  const h = harness();

  test('create returns the token once; read keeps it from state and the PCE never returns it again', async () => {
    const created = await containerCluster.create(h.ctx(), plannedCluster('prod-k8s', 'production'));
    expect(created).toMatchObject({ name: 'prod-k8s', description: 'production', online: false, href: expect.stringMatching(/^\/orgs\/1\/container_clusters\/[0-9a-f-]{36}$/) });
    expect(created.container_cluster_token).toMatch(/^1_[0-9a-f]{64}$/);
    const raw = await h.client().getObject<Record<string, unknown>>(created.href!);
    expect(raw).not.toHaveProperty('container_cluster_token');
    expect(JSON.stringify(raw)).not.toContain(created.container_cluster_token);
    expect(await containerCluster.read(h.ctx(), created)).toEqual(created);
  });

  test('update renames in place and keeps the token; delete removes the cluster and its profiles', async () => {
    const created = await containerCluster.create(h.ctx(), plannedCluster('a'));
    const profile = await containerWorkloadProfile.create(h.ctx(), plannedProfile(created.href!, { name: 'web' }));
    const updated = await containerCluster.update(h.ctx(), { ...created, name: 'b', description: 'renamed' }, created);
    expect(updated).toEqual({ ...created, name: 'b', description: 'renamed' });
    await containerCluster.delete(h.ctx(), updated);
    expect(await containerCluster.read(h.ctx(), updated)).toBeUndefined();
    expect(await containerWorkloadProfile.read(h.ctx(), profile)).toBeUndefined();
  });

  test('a duplicate name is refused with the PCE\'s status, token and message', async () => {
    await containerCluster.create(h.ctx(), plannedCluster('dup'));
    await expect(containerCluster.create(h.ctx(), plannedCluster('dup'))).rejects.toThrow(/406.*name_must_be_unique.*dup/s);
  });

  test('import by href reads everything but the token; drift: deleted out of band reads as gone', async () => {
    const created = await containerCluster.create(h.ctx(), plannedCluster('imp'));
    const imported = await containerCluster.read(h.ctx(), await containerCluster.importState!(h.ctx(), created.href!) as ContainerClusterModel);
    expect(imported).toEqual({ ...created, container_cluster_token: null });
    await h.client().deleteObject(created.href!);
    expect(await containerCluster.read(h.ctx(), created)).toBeUndefined();
  });

  test('data sources find one by exact name (never its token) and list by name', async () => {
    const a = await containerCluster.create(h.ctx(), plannedCluster('edge'));
    await containerCluster.create(h.ctx(), plannedCluster('edge-2'));
    const found = await containerClusterData.read(h.ctx(), { href: null, name: 'edge' } as never);
    expect(found).toEqual(expect.objectContaining({ href: a.href, name: 'edge' }));
    expect(found).not.toHaveProperty('container_cluster_token');
    const exact = await containerClustersData.read(h.ctx(), { name: 'edge', partial_name_match: null, container_clusters: null });
    expect(exact.container_clusters!.map((c) => c.name)).toEqual(['edge']);
    const partial = await containerClustersData.read(h.ctx(), { name: 'edge', partial_name_match: true, container_clusters: null });
    expect(partial.container_clusters!.map((c) => c.name).sort()).toEqual(['edge', 'edge-2']);
    await expect(containerClusterData.read(h.ctx(), { href: null, name: 'none' } as never)).rejects.toThrow('The PCE has no container cluster named "none"');
  });
});

describe('secops_illumio_container_workload_profile', () => {
  const h = harness();
  const cluster = async (): Promise<string> => (await containerCluster.create(h.ctx(), plannedCluster('k8s'))).href!;

  test('a create whose answer was lost adopts the profile it made, found by content', async () => {
    const ctx = h.freshCtx();
    const href = await cluster();
    const web = await h.label('role', 'web');
    h.sim.faults.inject(`lost,method=POST,path=/api/v2${href}/container_workload_profiles`);
    const created = await containerWorkloadProfile.create(ctx, plannedProfile(href, { name: 'web', assign_labels: [web] }));
    expect((await ctx.client.list<{ href: string }>(`${href}/container_workload_profiles`)).map((p) => p.href)).toEqual([created.href]);
    expect(ctx.client.writeStats).toEqual({ lookups: 1, adopted: 1, resent: 0 });
  });

  test('create with unset mode and logging takes the PCE\'s defaults; assigned labels round-trip', async () => {
    const href = await cluster();
    const web = await h.label('role', 'web');
    const created = await containerWorkloadProfile.create(h.ctx(), plannedProfile(href, { name: 'web', assign_labels: [web] }));
    expect(created).toMatchObject({ container_cluster_href: href, name: 'web', assign_labels: [web], mode: 'unmanaged', log_traffic: false, linked: false });
    expect(await containerWorkloadProfile.read(h.ctx(), created)).toEqual(created);
  });

  test('update changes mode, labels and logging in place', async () => {
    const href = await cluster();
    const prod = await h.label('env', 'prod');
    const created = await containerWorkloadProfile.create(h.ctx(), plannedProfile(href, { name: 'p' }));
    const updated = await containerWorkloadProfile.update(h.ctx(), { ...created, mode: 'enforced', log_traffic: true, assign_labels: [prod], updated_at: unknown }, created);
    expect(updated).toMatchObject({ href: created.href, mode: 'enforced', log_traffic: true, assign_labels: [prod] });
  });

  test('an unknown label is refused with invalid_uri; a bad mode fails validation naming the attribute', async () => {
    const href = await cluster();
    await expect(containerWorkloadProfile.create(h.ctx(), plannedProfile(href, { name: 'x', assign_labels: ['/orgs/1/labels/999'] })))
      .rejects.toThrow(/406.*invalid_uri/s);
    const problems = validateBlock(containerWorkloadProfile.schema, { ...plannedProfile(href), mode: 'strict', assign_labels: ['web'] });
    const messages = problems.map((p) => `${p.path.join('.')}: ${p.detail ?? p.summary}`);
    expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(/^mode: must be one of .*got "strict"/), expect.stringMatching(/^assign_labels: must hold label hrefs/)]));
  });

  test('import by href, drift, delete, and the data sources with the PCE\'s filters', async () => {
    const href = await cluster();
    const a = await containerWorkloadProfile.create(h.ctx(), plannedProfile(href, { name: 'alpha', mode: 'illuminated' }));
    await containerWorkloadProfile.create(h.ctx(), plannedProfile(href, { name: 'beta', mode: 'enforced' }));
    const importedState = await containerWorkloadProfile.importState!(h.ctx(), a.href!) as ContainerWorkloadProfileModel;
    const imported = await containerWorkloadProfile.read(h.ctx(), importedState);
    expect(imported).toEqual(a);
    expect(await containerWorkloadProfileData.read(h.ctx(), { href: null, container_cluster_href: href, name: 'alpha' } as never)).toEqual(a);
    const enforced = await containerWorkloadProfilesData.read(h.ctx(), {
      container_cluster_href: href, name: null, namespace: null, mode: 'enforced', linked: null, log_traffic: null, assign_labels: null, container_workload_profiles: null,
    });
    expect(enforced.container_workload_profiles!.map((p) => p.name)).toEqual(['beta']);
    await h.client().deleteObject(a.href!);
    expect(await containerWorkloadProfile.read(h.ctx(), a)).toBeUndefined();
    await containerWorkloadProfile.delete(h.ctx(), a); // already gone: no error
  });
});
