import { illumioHref } from './import-id';
import { IllumioClient } from '../../clients/illumio/client';
import { AuditEventLogger, PceSyslogDestination, RemoteSyslog, TrafficEventLogger } from '../../clients/illumio/org-settings';
import { BOOL, NUMBER, STRING, object, set } from '../../provider/cty/types';
import { CtyValue } from '../../provider/cty/values';
import { defineResource } from '../../provider/definitions';
import { validators } from '../../provider/validate';

/**
 * secops_illumio_syslog_destination: where the PCE sends its events and traffic flows by syslog
 * (`/orgs/:org/settings/syslog/destinations/:uuid`, 20.1 "Syslog Destinations"): the PCE's
 * local syslog or a remote server, with what each logger includes. Every part is required at
 * create, as the document says; all change in place.
 */
export interface SyslogDestinationModel {
  href: string | null;
  type: string;
  description: string;
  pce_scope: string[];
  audit_event_logger: AuditEventLogger;
  traffic_event_logger: TrafficEventLogger;
  node_status_included: boolean;
  remote_syslog: RemoteSyslog | null;
}

export const SEVERITIES = ['error', 'warning', 'informational'];
export const AUDIT_EVENT_LOGGER_TYPE = object({ configuration_event_included: BOOL, system_event_included: BOOL, min_severity: STRING });
export const TRAFFIC_EVENT_LOGGER_TYPE = object({
  traffic_flow_allowed_event_included: BOOL, traffic_flow_potentially_blocked_event_included: BOOL, traffic_flow_blocked_event_included: BOOL,
});
/** The remote server as a list data source element type (blocks are attributes there). */
export const REMOTE_SYSLOG_TYPE = object({
  address: STRING,
  port: NUMBER,
  protocol: NUMBER,
  tls_enabled: BOOL,
  tls_ca_bundle: STRING,
  tls_verify_cert: BOOL,
});

const minSeverity = validators.custom('a known severity', (value: CtyValue) => {
  const severity = (value as { min_severity?: CtyValue }).min_severity;
  return typeof severity !== 'string' || SEVERITIES.includes(severity) ? undefined : `min_severity must be one of ${SEVERITIES.join(', ')}, got "${severity}"`;
});

const wholeNumber = (what: string, from: number, to: number) => validators.custom(`${what} from ${from} to ${to}`, (value: CtyValue) =>
  Number.isInteger(value) && (value as number) >= from && (value as number) <= to ? undefined : `must be ${what} from ${from} to ${to}, got ${String(value)}`);

export const syslogDestination = defineResource<IllumioClient, SyslogDestinationModel>({
  typeName: 'secops_illumio_syslog_destination',
  importId: illumioHref('settings/syslog/destinations/:id'),
  schema: {
    description: 'An Illumio syslog destination: the PCE\'s local syslog or a remote server, and which audit, traffic and node status events it receives.',
    attributes: {
      href: { type: STRING, computed: true, description: 'The destination\'s href. Import with `terraform import <address> <href>`.' },
      type: { type: STRING, required: true, description: '`local_syslog` or `remote_syslog`.', validators: [validators.oneOf(['local_syslog', 'remote_syslog'])] },
      description: { type: STRING, required: true, description: 'Description of the destination.', validators: [validators.notEmpty()] },
      pce_scope: { type: set(STRING), required: true, description: 'FQDNs of the PCE nodes (a supercluster\'s members) whose events go here.' },
      audit_event_logger: {
        type: AUDIT_EVENT_LOGGER_TYPE,
        required: true,
        validators: [minSeverity],
        description: 'Audit events: `configuration_event_included` (northbound changes), `system_event_included` (PCE events), `min_severity` (`error`, `warning`, `informational`).',
      },
      traffic_event_logger: {
        type: TRAFFIC_EVENT_LOGGER_TYPE,
        required: true,
        description: 'Traffic flow events: `traffic_flow_allowed_event_included`, `traffic_flow_potentially_blocked_event_included`, `traffic_flow_blocked_event_included`.',
      },
      node_status_included: { type: BOOL, required: true, description: 'Whether the PCE nodes\' status messages are sent (the PCE\'s `node_status_logger`).' },
    },
    blocks: {
      remote_syslog: {
        nesting: 'single',
        block: {
          description: 'The remote server, required for `remote_syslog`.',
          attributes: {
            address: { type: STRING, required: true, description: 'IP address or DNS name of the syslog server.', validators: [validators.notEmpty()] },
            port: { type: NUMBER, required: true, description: 'Its port, e.g. 514 or 6514 (TLS).', validators: [wholeNumber('a port', 1, 65535)] },
            protocol: {
              type: NUMBER,
              required: true,
              description: 'IP protocol of the stream: 6 (TCP) or 17 (UDP).',
              validators: [validators.custom('6 or 17', (value: CtyValue) => value === 6 || value === 17 ? undefined : `must be 6 (TCP) or 17 (UDP), got ${String(value)}`)],
            },
            tls_enabled: { type: BOOL, required: true, description: 'Send over TLS.' },
            tls_verify_cert: { type: BOOL, required: true, description: 'Verify the server\'s certificate.' },
            tls_ca_bundle: { type: STRING, optional: true, description: 'PEM of the CAs to trust for the server\'s certificate.' },
          },
        },
      },
    },
  },

  validate(config) {
    const remote = config.remote_syslog as unknown;
    if (config.type === 'remote_syslog' && remote === null) {
      return [{ path: ['remote_syslog'], summary: 'Missing remote server', detail: 'a `remote_syslog` destination needs a `remote_syslog { address = ..., port = ..., protocol = ..., tls_enabled = ..., tls_verify_cert = ... }` block' }];
    }
    return [];
  },

  async create(ctx, planned) {
    // No unique key: a lost create is found by content among the destinations.
    const path = ctx.client.orgPath('settings/syslog/destinations');
    const created = await ctx.client.createObject<PceSyslogDestination>(path, toPce(planned), {
      byContent: () => ctx.client.list<PceSyslogDestination>(path, {}, ctx.signal),
    }, ctx.signal);
    return syslogDestinationFromPce(created);
  },

  async read(ctx, current) {
    const found = await ctx.client.getObject<PceSyslogDestination>(current.href!, ctx.signal);
    return found ? syslogDestinationFromPce(found) : undefined;
  },

  async update(ctx, planned, prior) {
    // A PUT leaves out what it does not name: a removed remote server is cleared explicitly.
    const clear = planned.remote_syslog === null && prior.remote_syslog !== null ? { remote_syslog: null } : {};
    const found = await ctx.client.updateObjectAndRead<PceSyslogDestination>(prior.href!, { ...toPce(planned), ...clear }, 'syslog destination', ctx.signal);
    return syslogDestinationFromPce(found);
  },

  async delete(ctx, current) {
    await ctx.client.deleteObject(current.href!, ctx.signal);
  },

  async importState(_ctx, href) {
    return { href };
  },
});

function toPce(model: SyslogDestinationModel): Record<string, unknown> {
  const remote = model.remote_syslog;
  return {
    type: model.type,
    description: model.description,
    pce_scope: model.pce_scope,
    audit_event_logger: model.audit_event_logger,
    traffic_event_logger: model.traffic_event_logger,
    node_status_logger: { node_status_included: model.node_status_included },
    ...(remote ? { remote_syslog: { ...remote, tls_ca_bundle: remote.tls_ca_bundle ?? undefined } } : {}),
  };
}

export function syslogDestinationFromPce(pce: PceSyslogDestination): SyslogDestinationModel {
  const audit = pce.audit_event_logger ?? {};
  const traffic = pce.traffic_event_logger ?? {};
  const remote = pce.remote_syslog;
  return {
    href: pce.href,
    type: pce.type ?? '',
    description: pce.description ?? '',
    pce_scope: [...(pce.pce_scope ?? [])],
    audit_event_logger: {
      configuration_event_included: audit.configuration_event_included ?? false,
      system_event_included: audit.system_event_included ?? false,
      min_severity: audit.min_severity ?? 'informational',
    },
    traffic_event_logger: {
      traffic_flow_allowed_event_included: traffic.traffic_flow_allowed_event_included ?? false,
      traffic_flow_potentially_blocked_event_included: traffic.traffic_flow_potentially_blocked_event_included ?? false,
      traffic_flow_blocked_event_included: traffic.traffic_flow_blocked_event_included ?? false,
    },
    node_status_included: pce.node_status_logger?.node_status_included ?? false,
    remote_syslog: remote ? {
      address: remote.address ?? '',
      port: remote.port ?? 0,
      protocol: remote.protocol ?? 0,
      tls_enabled: remote.tls_enabled ?? false,
      tls_ca_bundle: remote.tls_ca_bundle ?? null,
      tls_verify_cert: remote.tls_verify_cert ?? false,
    } : null,
  };
}
