import { harness } from './harness';
import {
  eventSettingsData, syslogDestinationData, syslogDestinationsData, trafficCollectorSettingsData, workloadSettingsData,
} from '../../../src/datasources/illumio/settings';
import { UNKNOWN } from '../../../src/provider/cty/values';
import { validateBlock } from '../../../src/provider/validate';
import { EventSettingsModel, WorkloadSettingsModel, eventSettings, workloadSettings } from '../../../src/resources/illumio/org-settings';
import { SyslogDestinationModel, syslogDestination } from '../../../src/resources/illumio/syslog-destination';
import { TrafficCollectorSettingModel, trafficCollectorSetting } from '../../../src/resources/illumio/traffic-collector-setting';

const unknown = UNKNOWN as unknown as null;

const remote: SyslogDestinationModel = {
  href: unknown,
  type: 'remote_syslog',
  description: 'SIEM',
  pce_scope: ['pce.example.com'],
  audit_event_logger: { configuration_event_included: true, system_event_included: true, min_severity: 'warning' },
  traffic_event_logger: {
    traffic_flow_allowed_event_included: false,
    traffic_flow_potentially_blocked_event_included: true,
    traffic_flow_blocked_event_included: true,
  },
  node_status_included: false,
  remote_syslog: { address: 'siem.example.com', port: 6514, protocol: 6, tls_enabled: true, tls_ca_bundle: null, tls_verify_cert: true },
};

describe('secops_illumio_syslog_destination', () => {
  const h = harness();

  test('create, read, update in place, import, drift and delete', async () => {
    const created = await syslogDestination.create(h.ctx(), remote);
    expect(created).toEqual({ ...remote, href: expect.stringMatching(/^\/orgs\/1\/settings\/syslog\/destinations\/[0-9a-f-]{36}$/) });
    expect(await syslogDestination.read(h.ctx(), created)).toEqual(created);
    const change = { ...created, description: 'SIEM (UDP)', remote_syslog: { ...remote.remote_syslog!, port: 514, protocol: 17, tls_enabled: false, tls_verify_cert: false } };
    expect(await syslogDestination.update(h.ctx(), change, created)).toEqual(change);
    const imported = await syslogDestination.read(h.ctx(), await syslogDestination.importState!(h.ctx(), created.href!) as SyslogDestinationModel);
    expect(imported).toEqual(change);
    const local = { ...change, type: 'local_syslog', remote_syslog: null };
    expect(await syslogDestination.update(h.ctx(), local, change)).toEqual(local);
    await syslogDestination.delete(h.ctx(), change);
    expect(await syslogDestination.read(h.ctx(), change)).toBeUndefined();
  });

  test('a create whose answer was lost adopts the destination it made, found by content', async () => {
    const ctx = h.freshCtx();
    h.sim.faults.inject('lost,method=POST,path=/api/v2/orgs/1/settings/syslog/destinations');
    const created = await syslogDestination.create(ctx, remote);
    expect((await ctx.client.list<{ href: string }>('/orgs/1/settings/syslog/destinations')).map((d) => d.href)).toEqual([created.href]);
    expect(ctx.client.writeStats).toEqual({ lookups: 1, adopted: 1, resent: 0 });
  });

  test('a remote destination without a server fails at plan; the PCE refuses a bad severity with its token', async () => {
    expect(syslogDestination.validate!({ ...remote, remote_syslog: null }).map((p) => p.path.join('.'))).toEqual(['remote_syslog']);
    const bad = { ...remote, audit_event_logger: { ...remote.audit_event_logger, min_severity: 'loud' } };
    expect(validateBlock(syslogDestination.schema, bad as never).map((p) => p.detail ?? p.summary).join()).toMatch(/min_severity must be one of/);
    await expect(syslogDestination.create(h.ctx(), bad)).rejects.toThrow(/406.*input_validation_error.*min_severity/s);
  });

  test('data sources: by exact description, and every destination', async () => {
    const created = await syslogDestination.create(h.ctx(), remote);
    await syslogDestination.create(h.ctx(), { ...remote, type: 'local_syslog', description: 'local', remote_syslog: null });
    expect(await syslogDestinationData.read(h.ctx(), { href: null, description: 'SIEM' } as never)).toEqual(created);
    expect((await syslogDestinationsData.read(h.ctx(), { syslog_destinations: null })).syslog_destinations!.map((d) => d.description).sort()).toEqual(['SIEM', 'local']);
  });
});

describe('secops_illumio_traffic_collector_setting', () => {
  const h = harness();
  const planned: TrafficCollectorSettingModel = { href: unknown, transmission: 'broadcast', action: 'drop', target: { proto: 17, dst_port: 137, dst_ip: null } };

  test('a create whose answer was lost adopts the setting it made, found by content', async () => {
    const ctx = h.freshCtx();
    h.sim.faults.inject('lost,method=POST,path=/api/v2/orgs/1/settings/traffic_collector');
    const created = await trafficCollectorSetting.create(ctx, planned);
    expect((await ctx.client.list<{ href: string }>('/orgs/1/settings/traffic_collector')).map((d) => d.href)).toEqual([created.href]);
    expect(ctx.client.writeStats).toEqual({ lookups: 1, adopted: 1, resent: 0 });
  });

  test('create, update in place, action replaces, import, drift, delete, list', async () => {
    const created = await trafficCollectorSetting.create(h.ctx(), planned);
    expect(created).toEqual({ ...planned, href: expect.stringMatching(/^\/orgs\/1\/settings\/traffic_collector\/[0-9a-f-]{36}$/) });
    const change = { ...created, transmission: 'multicast', target: { proto: 17, dst_port: null, dst_ip: '224.0.0.0/4' } };
    expect(await trafficCollectorSetting.update(h.ctx(), change, created)).toEqual(change);
    expect(trafficCollectorSetting.schema.attributes.action!.requiresReplace).toBe(true);
    expect(await trafficCollectorSetting.checkPlan!(h.ctx(), { ...change, target: null }, change)).toEqual([expect.objectContaining({ path: ['target'] })]);
    expect(await trafficCollectorSetting.checkPlan!(h.ctx(), change, created)).toEqual([]);
    const imported = await trafficCollectorSetting.importState!(h.ctx(), created.href!) as TrafficCollectorSettingModel;
    expect(await trafficCollectorSetting.read(h.ctx(), imported)).toEqual(change);
    expect((await trafficCollectorSettingsData.read(h.ctx(), { traffic_collector_settings: null })).traffic_collector_settings).toEqual([change]);
    await h.client().deleteObject(created.href!);
    expect(await trafficCollectorSetting.read(h.ctx(), created)).toBeUndefined();
  });
});

describe('singleton settings: secops_illumio_event_settings and secops_illumio_workload_settings', () => {
  const h = harness();

  test('event settings: create adopts and applies what is configured, unset attributes keep the PCE\'s values', async () => {
    const created = await eventSettings.create(h.ctx(), { href: unknown, audit_event_retention_seconds: 86400, audit_event_min_severity: unknown, format: 'CEF' });
    expect(created).toEqual({ href: '/orgs/1/settings/events', audit_event_retention_seconds: 86400, audit_event_min_severity: 'informational', format: 'CEF' });
    const updated = await eventSettings.update(h.ctx(), { ...created, audit_event_min_severity: 'error' }, created);
    expect(await eventSettings.read(h.ctx(), created)).toEqual(updated);
    expect(await eventSettingsData.read(h.ctx(), {} as EventSettingsModel)).toEqual({ ...created, audit_event_min_severity: 'error' });
  });

  test('delete leaves the settings and warns; the PCE refuses to delete them (405)', async () => {
    const created = await eventSettings.create(h.ctx(), { href: unknown, audit_event_retention_seconds: unknown, audit_event_min_severity: unknown, format: 'LEEF' });
    await eventSettings.delete(h.ctx(), created);
    expect(h.warnings).toEqual([expect.stringContaining('event settings were left as they are')]);
    expect(await eventSettings.read(h.ctx(), created)).toMatchObject({ format: 'LEEF' });
    await expect(h.client().deleteObject(created.href!)).rejects.toThrow(/405/);
    const imported = await eventSettings.read(h.ctx(), await eventSettings.importState!(h.ctx(), created.href!) as EventSettingsModel);
    expect(imported).toEqual(created);
  });

  test('workload settings: scoped timeouts with labels; an unknown label is refused; delete leaves them', async () => {
    const prod = await h.label('env', 'prod');
    const planned: WorkloadSettingsModel = {
      href: unknown,
      workload_disconnected_timeout_seconds: [{ scope: [], value: 3600 }, { scope: [prod], value: -1 }],
      workload_goodbye_timeout_seconds: unknown,
    };
    const created = await workloadSettings.create(h.ctx(), planned);
    expect(created).toEqual({ ...planned, href: '/orgs/1/settings/workloads', workload_goodbye_timeout_seconds: [{ scope: [], value: -1 }] });
    expect(await workloadSettingsData.read(h.ctx(), {} as WorkloadSettingsModel)).toEqual(created);
    await expect(workloadSettings.update(h.ctx(), { ...created, workload_goodbye_timeout_seconds: [{ scope: ['/orgs/1/labels/404'], value: 60 }] }, created))
      .rejects.toThrow(/406.*invalid_uri/s);
    await workloadSettings.delete(h.ctx(), created);
    expect(h.warnings[0]).toContain('workload settings were left as they are');
    expect(await workloadSettings.read(h.ctx(), created)).toEqual(created);
  });
});
