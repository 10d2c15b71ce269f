import { computedAttributes, elementType, exactlyOneOf, onlyMatch } from './lookup';
import { IllumioClient } from '../../clients/illumio/client';
import { PceEventSettings, PceSyslogDestination, PceTrafficCollectorSetting, PceWorkloadSettings } from '../../clients/illumio/org-settings';
import { STRING, list } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';
import { EventSettingsModel, WorkloadSettingsModel, eventSettings, eventSettingsFrom, workloadSettings, workloadSettingsFrom } from '../../resources/illumio/org-settings';
import { REMOTE_SYSLOG_TYPE, SyslogDestinationModel, syslogDestination, syslogDestinationFromPce } from '../../resources/illumio/syslog-destination';
import { TARGET_TYPE, TrafficCollectorSettingModel, trafficCollectorSetting, trafficCollectorSettingFromPce } from '../../resources/illumio/traffic-collector-setting';

/** Data sources of the org's settings: syslog destinations, traffic collector settings, event and workload settings. */

const SYSLOG = {
  ...computedAttributes(syslogDestination.schema.attributes),
  remote_syslog: { type: REMOTE_SYSLOG_TYPE, computed: true, description: 'The remote server (`address`, `port`, `protocol`, `tls_enabled`, `tls_ca_bundle`, `tls_verify_cert`); null for local syslog.' },
};
const COLLECTOR = {
  ...computedAttributes(trafficCollectorSetting.schema.attributes),
  target: { type: TARGET_TYPE, computed: true, description: 'The traffic (`proto`, `dst_port`, `dst_ip`); null when the setting has none.' },
};

/** data "secops_illumio_syslog_destination": one destination by href or exact description (destinations have no name). */
export const syslogDestinationData = defineDataSource<IllumioClient, SyslogDestinationModel>({
  typeName: 'secops_illumio_syslog_destination',
  schema: {
    description: 'Reads one Illumio syslog destination by `href` or exact `description`.',
    attributes: {
      ...SYSLOG,
      href: { type: STRING, optional: true, computed: true, description: 'The destination\'s href; give this or `description`.' },
      description: { type: STRING, optional: true, computed: true, description: 'Description, matched exactly.' },
    },
  },
  validate: (config) => exactlyOneOf(config as unknown as Record<string, unknown>, ['href', 'description']),
  async read(ctx, config) {
    if (config.href !== null) {
      const found = await ctx.client.getObject<PceSyslogDestination>(config.href, ctx.signal);
      if (!found) throw new Error(`The PCE has no syslog destination ${config.href}`);
      return syslogDestinationFromPce(found);
    }
    const all = await ctx.client.list<PceSyslogDestination>(ctx.client.orgPath('settings/syslog/destinations'), {}, ctx.signal);
    return syslogDestinationFromPce(onlyMatch(all.filter((d) => d.description === config.description), 'syslog destination', `described "${config.description}"`));
  },
});

/** data "secops_illumio_syslog_destinations": every syslog destination (20.1 has no filters for them). */
export const syslogDestinationsData = defineDataSource<IllumioClient, { syslog_destinations: SyslogDestinationModel[] | null }>({
  typeName: 'secops_illumio_syslog_destinations',
  schema: {
    description: 'Lists the Illumio org\'s syslog destinations.',
    attributes: { syslog_destinations: { type: list(elementType(SYSLOG)), computed: true, description: 'The destinations, in the PCE\'s order.' } },
  },
  async read(ctx) {
    const all = await ctx.client.list<PceSyslogDestination>(ctx.client.orgPath('settings/syslog/destinations'), {}, ctx.signal);
    return { syslog_destinations: all.map(syslogDestinationFromPce) };
  },
});

/** data "secops_illumio_traffic_collector_setting": one traffic collector setting by href. */
export const trafficCollectorSettingData = defineDataSource<IllumioClient, TrafficCollectorSettingModel>({
  typeName: 'secops_illumio_traffic_collector_setting',
  schema: {
    description: 'Reads one Illumio traffic collector setting by `href` (they have no name).',
    attributes: { ...COLLECTOR, href: { type: STRING, required: true, description: 'The setting\'s href.' } },
  },
  async read(ctx, config) {
    const found = await ctx.client.getObject<PceTrafficCollectorSetting>(config.href!, ctx.signal);
    if (!found) throw new Error(`The PCE has no traffic collector setting ${config.href}`);
    return trafficCollectorSettingFromPce(found);
  },
});

/** data "secops_illumio_traffic_collector_settings": every traffic collector setting (20.1 has no filters for them). */
export const trafficCollectorSettingsData = defineDataSource<IllumioClient, { traffic_collector_settings: TrafficCollectorSettingModel[] | null }>({
  typeName: 'secops_illumio_traffic_collector_settings',
  schema: {
    description: 'Lists the Illumio org\'s traffic collector settings.',
    attributes: { traffic_collector_settings: { type: list(elementType(COLLECTOR)), computed: true, description: 'The settings, in the PCE\'s order.' } },
  },
  async read(ctx) {
    const all = await ctx.client.list<PceTrafficCollectorSetting>(ctx.client.orgPath('settings/traffic_collector'), {}, ctx.signal);
    return { traffic_collector_settings: all.map(trafficCollectorSettingFromPce) };
  },
});

/** data "secops_illumio_event_settings": the org's event settings. */
export const eventSettingsData = defineDataSource<IllumioClient, EventSettingsModel>({
  typeName: 'secops_illumio_event_settings',
  schema: { description: 'Reads the Illumio org\'s event settings.', attributes: computedAttributes(eventSettings.schema.attributes) },
  async read(ctx) {
    const href = ctx.client.orgPath('settings/events');
    const found = await ctx.client.getObject<PceEventSettings>(href, ctx.signal);
    if (!found) throw new Error(`The PCE returned no event settings at ${href}`);
    return eventSettingsFrom(href, found);
  },
});

/** data "secops_illumio_workload_settings": the org's workload settings. */
export const workloadSettingsData = defineDataSource<IllumioClient, WorkloadSettingsModel>({
  typeName: 'secops_illumio_workload_settings',
  schema: { description: 'Reads the Illumio org\'s workload settings (VEN timeouts).', attributes: computedAttributes(workloadSettings.schema.attributes) },
  async read(ctx) {
    const href = ctx.client.orgPath('settings/workloads');
    const found = await ctx.client.getObject<PceWorkloadSettings>(href, ctx.signal);
    if (!found) throw new Error(`The PCE returned no workload settings at ${href}`);
    return workloadSettingsFrom(href, found);
  },
});
