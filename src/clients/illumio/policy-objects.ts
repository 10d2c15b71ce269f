/** Wire types of the PCE's draft policy objects (REST API v2, Illumio Core 20.1), as the resources and data sources read them. */

import { DraftObject, HrefRef } from './types';

/** One firewall settings scope: labels and label groups. */
export type PceScope = readonly { readonly label?: HrefRef; readonly label_group?: HrefRef }[];

/** The firewall settings as the PCE returns them (20.1 `sec_policy_firewall_settings_get`); absent fields are tolerated. */
export interface PceFirewallSettings extends DraftObject {
  readonly static_policy_scopes?: readonly PceScope[] | null;
  readonly containers_inherit_host_policy_scopes?: readonly PceScope[] | null;
  readonly blocked_connection_reject_scopes?: readonly PceScope[] | null;
  readonly firewall_coexistence?: readonly { scope?: readonly HrefRef[]; workload_mode?: string | null; illumio_primary?: boolean }[] | null;
  readonly created_at?: string;
  readonly updated_at?: string;
}

/** An IP list as the PCE returns it (20.1 `sec_policy_ip_lists_get`); absent fields are tolerated. */
export interface PceIpList extends DraftObject {
  readonly name?: string;
  readonly description?: string | null;
  readonly external_data_set?: string | null;
  readonly external_data_reference?: string | null;
  readonly ip_ranges?: readonly { from_ip?: string; to_ip?: string | null; description?: string | null; exclusion?: boolean | null }[] | null;
  readonly fqdns?: readonly { fqdn?: string; description?: string | null }[] | null;
  readonly created_at?: string;
  readonly updated_at?: string;
}

/** An iptables rule as the PCE sends it. */
export interface PceIpTablesRule {
  readonly enabled?: boolean;
  readonly description?: string | null;
  readonly ip_version?: string;
  readonly statements?: readonly { table_name?: string; chain_name?: string; parameters?: string }[];
  readonly actors?: readonly { actors?: string; label?: HrefRef; label_group?: HrefRef; workload?: HrefRef }[];
}

/** A label group as the PCE returns it. */
export interface LabelGroup extends DraftObject {
  readonly key: string;
  readonly name: string;
  readonly description?: string | null;
  readonly external_data_set?: string | null;
  readonly external_data_reference?: string | null;
  readonly labels?: readonly HrefRef[];
  readonly sub_groups?: readonly HrefRef[];
  readonly created_at?: string;
  readonly updated_at?: string;
}

/** One entry of a scope as the PCE sends it. */
export interface PceScopeEntry {
  readonly label?: HrefRef;
  readonly label_group?: HrefRef;
  readonly exclusion?: boolean;
}

/** A rule set as the PCE returns it (its rules are not read here). */
export interface RuleSet extends DraftObject {
  readonly name: string;
  readonly description?: string | null;
  readonly external_data_set?: string | null;
  readonly external_data_reference?: string | null;
  readonly enabled?: boolean;
  readonly scopes?: readonly (readonly PceScopeEntry[])[];
  readonly ip_tables_rules?: readonly PceIpTablesRule[] | null;
  readonly created_at?: string;
  readonly updated_at?: string;
}

/** An actor as the PCE sends it: `{"actors": "ams"}` or one `{"<kind>": {"href": ...}}`. */
export interface PceActor {
  readonly actors?: string;
  readonly label?: HrefRef;
  readonly label_group?: HrefRef;
  readonly ip_list?: HrefRef;
  readonly workload?: HrefRef;
  readonly virtual_service?: HrefRef;
  readonly virtual_server?: HrefRef;
}

export interface PceIngressService {
  readonly href?: string;
  readonly port?: number;
  readonly to_port?: number;
  readonly proto?: number;
}

/** A security rule as the PCE returns it. 20.1 sends no timestamps for rules; later PCEs do. */
export interface SecurityRule extends DraftObject {
  readonly enabled?: boolean;
  readonly description?: string | null;
  readonly external_data_set?: string | null;
  readonly external_data_reference?: string | null;
  readonly resolve_labels_as?: { readonly providers?: readonly string[]; readonly consumers?: readonly string[] };
  readonly providers?: readonly PceActor[];
  readonly consumers?: readonly PceActor[];
  readonly ingress_services?: readonly PceIngressService[];
  readonly consuming_security_principals?: readonly HrefRef[] | null;
  readonly unscoped_consumers?: boolean;
  readonly sec_connect?: boolean;
  readonly stateless?: boolean;
  readonly machine_auth?: boolean;
  readonly created_at?: string;
  readonly updated_at?: string;
}

/** The numeric fields of a service port or Windows service. */
export type PceNumbers = { readonly [K in 'proto' | 'port' | 'to_port' | 'icmp_type' | 'icmp_code']?: number | null };

/** A service as the PCE returns it (20.1 `sec_policy_services_get`); absent fields are tolerated. */
export interface PceService extends DraftObject {
  readonly name?: string;
  readonly description?: string | null;
  readonly process_name?: string | null;
  readonly external_data_set?: string | null;
  readonly external_data_reference?: string | null;
  readonly service_ports?: readonly PceNumbers[] | null;
  readonly windows_services?: readonly (PceNumbers & { readonly service_name?: string | null; readonly process_name?: string | null })[] | null;
  readonly created_at?: string;
  readonly updated_at?: string;
}

/** A virtual service as the PCE returns it; absent fields are tolerated. */
export interface PceVirtualService extends DraftObject {
  readonly name?: string;
  readonly description?: string | null;
  readonly external_data_set?: string | null;
  readonly external_data_reference?: string | null;
  readonly labels?: readonly HrefRef[] | null;
  readonly service?: HrefRef | null;
  readonly service_ports?: readonly { proto?: number; port?: number | null; to_port?: number | null }[] | null;
  readonly apply_to?: string | null;
  readonly ip_overrides?: readonly string[] | null;
  readonly service_addresses?: readonly {
    ip?: string; network?: HrefRef | null; fqdn?: string; description?: string | null; port?: number | null;
  }[] | null;
  readonly created_at?: string;
  readonly updated_at?: string;
}
