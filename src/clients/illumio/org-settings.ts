/** Wire types of the PCE's org-wide settings: event and workload settings, syslog destinations, traffic collector settings. */

/** The org's event settings as the PCE returns them (`settings/events`). */
export interface PceEventSettings {
  readonly audit_event_retention_seconds?: number;
  readonly audit_event_min_severity?: string;
  readonly format?: string;
}

/** The org's workload settings as the PCE returns them (`settings/workloads`). */
export interface PceWorkloadSettings {
  readonly workload_disconnected_timeout_seconds?: readonly { readonly scope?: readonly { readonly href: string }[]; readonly value?: number }[];
  readonly workload_goodbye_timeout_seconds?: readonly { readonly scope?: readonly { readonly href: string }[]; readonly value?: number }[];
}

/** The syslog destination's audit event logger (20.1 settings_syslog_destinations_put); the resource's model uses the same shape. */
export interface AuditEventLogger {
  configuration_event_included: boolean;
  system_event_included: boolean;
  min_severity: string;
}

export interface TrafficEventLogger {
  traffic_flow_allowed_event_included: boolean;
  traffic_flow_potentially_blocked_event_included: boolean;
  traffic_flow_blocked_event_included: boolean;
}

export interface RemoteSyslog {
  address: string;
  port: number;
  protocol: number;
  tls_enabled: boolean;
  tls_ca_bundle: string | null;
  tls_verify_cert: boolean;
}

/** What the PCE returns (20.1 settings_syslog_destinations_get). */
export interface PceSyslogDestination {
  readonly href: string;
  readonly type?: string;
  readonly description?: string;
  readonly pce_scope?: readonly string[];
  readonly audit_event_logger?: Partial<AuditEventLogger>;
  readonly traffic_event_logger?: Partial<TrafficEventLogger>;
  readonly node_status_logger?: { readonly node_status_included?: boolean };
  readonly remote_syslog?: Partial<RemoteSyslog> | null;
}

export interface PceTrafficCollectorSetting {
  readonly href: string;
  readonly transmission?: string;
  readonly action?: string;
  readonly target?: { readonly proto?: number; readonly dst_port?: number | null; readonly dst_ip?: string | null } | null;
}
