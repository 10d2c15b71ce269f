import { harness } from './harness';
import { EventsData, eventsData, healthData, productVersionData, systemEventsData } from '../../../src/datasources/illumio/monitoring';
import { validateBlock } from '../../../src/provider/validate';
import { containerCluster } from '../../../src/resources/illumio/container-cluster';

const noFilters: EventsData = {
  event_type: null, severity: null, status: null, created_by: null, timestamp_gte: null, timestamp_lte: null, max_results: null, events: null,
};

describe('Illumio operational data sources', () => {
  const h = harness();
  const cluster = (name: string) => containerCluster.create(h.ctx(), {
    href: null,
    name,
    description: null,
    container_cluster_token: null,
    manager_type: null,
    network_type: null,
    online: null,
    last_connected: null,
    kubelink_version: null,
    pce_fqdn: null,
  });

  test('secops_illumio_events lists the org\'s audit events with the PCE\'s filters', async () => {
    const before = new Date().toISOString();
    const created = await cluster('audited');
    await h.client().updateObject(created.href!, { description: 'changed' });
    const all = await eventsData.read(h.ctx(), noFilters);
    expect(all.events!.map((e) => e.event_type)).toEqual(['container_cluster.create', 'container_cluster.update']);
    expect(all.events![0]).toMatchObject({ status: 'success', severity: 'info', resource_hrefs: [created.href], timestamp: expect.any(String) });
    const creates = await eventsData.read(h.ctx(), { ...noFilters, event_type: 'container_cluster.create', timestamp_gte: before });
    expect(creates.events!.map((e) => e.event_type)).toEqual(['container_cluster.create']);
    expect((await eventsData.read(h.ctx(), { ...noFilters, timestamp_lte: '2000-01-01T00:00:00Z' })).events).toEqual([]);
    expect((await eventsData.read(h.ctx(), { ...noFilters, max_results: 1 })).events).toHaveLength(1);
    expect((await eventsData.read(h.ctx(), { ...noFilters, severity: 'err' })).events).toEqual([]);
  });

  test('secops_illumio_system_events lists the PCE\'s system events by severity and status', async () => {
    h.sim.operations.events.system('database.temp_table_autocleanup_started', { severity: 'info' });
    h.sim.operations.events.system('system_task.agent_missed_heartbeats_check', { severity: 'warning', status: 'failure' });
    const warnings = await systemEventsData.read(h.ctx(), { ...noFilters, severity: 'warning' });
    expect(warnings.events!.map((e) => [e.event_type, e.status])).toEqual([['system_task.agent_missed_heartbeats_check', 'failure']]);
    expect(warnings.events![0]!.href).toMatch(/^\/system_events\//);
    expect((await systemEventsData.read(h.ctx(), noFilters)).events).toHaveLength(2);
  });

  test('event filters are validated at plan, naming the attribute', () => {
    const problems = validateBlock(eventsData.schema, { ...noFilters, severity: 'loud', timestamp_gte: 'yesterday' } as never);
    expect(problems.map((p) => p.path.join('.')).sort()).toEqual(['severity', 'timestamp_gte']);
  });

  test('secops_illumio_product_version and secops_illumio_health', async () => {
    expect(await productVersionData.read(h.ctx(), {} as never)).toMatchObject({ version: '20.1.0', short_display: '20.1.0' });
    const health = await healthData.read(h.ctx(), {} as never);
    expect(health.status).toBe('normal');
    expect(health.clusters).toEqual([expect.objectContaining({ status: 'normal', nodes: [expect.objectContaining({ cpu_status: 'normal', services_not_running: [] })] })]);
  });
});
