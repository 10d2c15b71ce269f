/**
 * Wire types of the PCE objects outside the draft policy that issue 8 manages (Illumio Core 20.1:
 * "Containers", "Syslog Destinations", "Settings", "Organization Settings", "Workload Settings",
 * "Auth Security Principals", "Permissions", "Security Principals", "Events", "System Events",
 * "Health", "Root Level Methods"). Absent fields are tolerated everywhere: every field is optional.
 */
import { IllumioClient } from './client';
import { HrefRef } from './types';
import { registerSecret } from '../../util/log';
import { QueryParams } from '../core';

export interface ContainerCluster {
  readonly href: string;
  readonly name?: string | null;
  readonly description?: string | null;
  readonly nodes?: readonly { readonly pod_subnet?: string }[] | null;
  readonly manager_type?: string | null;
  readonly network_type?: string | null;
  readonly last_connected?: string | null;
  readonly online?: boolean | null;
  readonly kubelink_version?: string | null;
  readonly pce_fqdn?: string | null;
  /** Only in the answer to the create: the secret Kubelink pairs with. */
  readonly container_cluster_token?: string;
}

export interface ContainerWorkloadProfile {
  readonly href: string;
  readonly name?: string | null;
  readonly namespace?: string | null;
  readonly description?: string | null;
  readonly assign_labels?: readonly HrefRef[] | null;
  readonly mode?: string | null;
  readonly log_traffic?: boolean | null;
  readonly linked?: boolean | null;
  readonly created_at?: string;
  readonly updated_at?: string;
}

export interface AuthSecurityPrincipal {
  readonly href: string;
  readonly type?: string;
  readonly name?: string;
  readonly display_name?: string | null;
}

export interface Permission {
  readonly href: string;
  readonly role?: HrefRef;
  readonly scope?: readonly { readonly href: string; readonly key?: string; readonly value?: string }[] | null;
  readonly auth_security_principal?: HrefRef;
}

export interface SecurityPrincipal {
  readonly href: string;
  readonly sid?: string;
  readonly name?: string;
  readonly description?: string | null;
}

export interface PceEvent {
  readonly href: string;
  readonly event_type?: string;
  readonly status?: string | null;
  readonly severity?: string | null;
  readonly timestamp?: string;
  readonly pce_fqdn?: string | null;
  readonly created_by?: unknown;
  readonly resource_changes?: readonly { readonly resource?: { readonly href?: string } | null }[] | null;
  readonly [field: string]: unknown;
}

/** Filters of `GET /orgs/:org/events` and `GET /system_events` (20.1). */
export interface EventFilter {
  readonly eventType?: string;
  readonly severity?: string;
  readonly status?: string;
  readonly createdBy?: string;
  /** RFC 3339 bounds, inclusive. */
  readonly since?: string;
  readonly until?: string;
  /** At most this many (newest filtering is the PCE's); all when absent. */
  readonly maxResults?: number;
}

/** Creates a container cluster; its token, returned once, is registered as a secret before anything can log it. */
export async function createContainerCluster(
  client: IllumioClient, body: { name: string; description?: string | null }, signal?: AbortSignal,
): Promise<ContainerCluster> {
  // Only the create's answer carries the token: a cluster whose create answer was lost is of no
  // use, so it is deleted and created again.
  const path = client.orgPath('container_clusters');
  const created = await client.createObject<ContainerCluster>(path, body, {
    byContent: async () => (await client.list<ContainerCluster>(path, { name: body.name }, signal)).filter((cluster) => cluster.name === body.name),
    discard: async (landed) => void await client.deleteObject(landed.href, signal),
  }, signal);
  registerSecret(created.container_cluster_token);
  return created;
}

/** Events of the org (`system` false) or of the PCE (`system` true), filtered by the PCE. */
export async function listEvents(client: IllumioClient, system: boolean, filter: EventFilter, signal?: AbortSignal): Promise<PceEvent[]> {
  const query: QueryParams = {
    'event_type': filter.eventType,
    'severity': filter.severity,
    'status': filter.status,
    'created_by': filter.createdBy,
    'timestamp[gte]': filter.since,
    'timestamp[lte]': filter.until,
  };
  const path = system ? '/system_events' : client.orgPath('events');
  const events = await client.list<PceEvent>(path, query, signal);
  return filter.maxResults === undefined ? events : events.slice(0, filter.maxResults);
}
