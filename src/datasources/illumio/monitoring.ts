import { IllumioClient } from '../../clients/illumio/client';
import { EventFilter, PceEvent, listEvents } from '../../clients/illumio/operations';
import { NUMBER, STRING, list, object } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';
import { Attribute, Block } from '../../provider/schema';
import { validators } from '../../provider/validate';

/**
 * Read-only operational data of the PCE: the org's audit events, the PCE's system events
 * (20.1 "Events", "System Events", with the API's filters), its product version and its health.
 */

export interface EventModel {
  href: string;
  event_type: string | null;
  status: string | null;
  severity: string | null;
  timestamp: string | null;
  pce_fqdn: string | null;
  created_by: string | null;
  resource_hrefs: string[];
}

export interface EventsData {
  event_type: string | null;
  severity: string | null;
  status: string | null;
  created_by: string | null;
  timestamp_gte: string | null;
  timestamp_lte: string | null;
  max_results: number | null;
  events: EventModel[] | null;
}

const EVENT = object({
  href: STRING,
  event_type: STRING,
  status: STRING,
  severity: STRING,
  timestamp: STRING,
  pce_fqdn: STRING,
  created_by: STRING,
  resource_hrefs: list(STRING),
});

const rfc3339 = validators.custom('an RFC 3339 time', (value) => Number.isNaN(Date.parse(value as string)) ? `must be an RFC 3339 time such as 2026-01-31T12:00:00Z, got "${String(value)}"` : undefined);

function eventFilters(what: string): Record<string, Attribute> {
  return {
    event_type: { type: STRING, optional: true, description: `Only ${what} of this type, e.g. \`user.sign_in\`.` },
    severity: {
      type: STRING,
      optional: true,
      description: 'Only events of this severity: `emerg`, `alert`, `crit`, `err`, `warning`, `notice`, `info`, `debug`.',
      validators: [validators.oneOf(['emerg', 'alert', 'crit', 'warning', 'err', 'notice', 'info', 'debug'])],
    },
    status: { type: STRING, optional: true, description: 'Only events with this status: `success`, `failure` or `nil`.', validators: [validators.oneOf(['success', 'failure', 'nil'])] },
    created_by: { type: STRING, optional: true, description: 'Only events created by this user, agent or system (an href or name).' },
    timestamp_gte: { type: STRING, optional: true, description: 'Only events at or after this time (RFC 3339; the PCE\'s `timestamp[gte]`).', validators: [rfc3339] },
    timestamp_lte: { type: STRING, optional: true, description: 'Only events at or before this time (RFC 3339; the PCE\'s `timestamp[lte]`).', validators: [rfc3339] },
    max_results: {
      type: NUMBER,
      optional: true,
      description: 'At most this many events. Unset: all of them (beyond 500 through an async query).',
      validators: [validators.custom('a positive whole number', (v) => Number.isInteger(v) && (v as number) > 0 ? undefined : `must be a positive whole number, got ${String(v)}`)],
    },
  };
}

function eventFromPce(pce: PceEvent): EventModel {
  return {
    href: pce.href,
    event_type: pce.event_type ?? null,
    status: pce.status ?? null,
    severity: pce.severity ?? null,
    timestamp: pce.timestamp ?? null,
    pce_fqdn: pce.pce_fqdn ?? null,
    created_by: pce.created_by === undefined || pce.created_by === null ? null : JSON.stringify(pce.created_by),
    resource_hrefs: (pce.resource_changes ?? []).map((change) => change.resource?.href).filter((href): href is string => typeof href === 'string'),
  };
}

function filterOf(config: EventsData): EventFilter {
  return {
    eventType: config.event_type ?? undefined,
    severity: config.severity ?? undefined,
    status: config.status ?? undefined,
    createdBy: config.created_by ?? undefined,
    since: config.timestamp_gte ?? undefined,
    until: config.timestamp_lte ?? undefined,
    maxResults: config.max_results ?? undefined,
  };
}

function eventsSchema(what: string): Block {
  return {
    description: `Lists ${what}, filtered by the PCE.`,
    attributes: {
      ...eventFilters(what),
      events: {
        type: list(EVENT),
        computed: true,
        description: 'The events: `href`, `event_type`, `status`, `severity`, `timestamp`, `pce_fqdn`, `created_by` (JSON of the actor), `resource_hrefs` (objects changed).',
      },
    },
  };
}

/** data "secops_illumio_events": the org's audit events (`/orgs/:org/events`). */
export const eventsData = defineDataSource<IllumioClient, EventsData>({
  typeName: 'secops_illumio_events',
  schema: eventsSchema('the Illumio org\'s audit events'),
  async read(ctx, config) {
    return { ...config, events: (await listEvents(ctx.client, false, filterOf(config), ctx.signal)).map(eventFromPce) };
  },
});

/** data "secops_illumio_system_events": the PCE's system events (`/system_events`). */
export const systemEventsData = defineDataSource<IllumioClient, EventsData>({
  typeName: 'secops_illumio_system_events',
  schema: eventsSchema('the Illumio PCE\'s system events'),
  async read(ctx, config) {
    return { ...config, events: (await listEvents(ctx.client, true, filterOf(config), ctx.signal)).map(eventFromPce) };
  },
});

export interface ProductVersionData {
  version: string | null;
  build: number | null;
  release_info: string | null;
  engineering_info: string | null;
  long_display: string | null;
  short_display: string | null;
}

interface PceProductVersion {
  readonly product_version?: {
    readonly version?: string;
    readonly build?: number;
    readonly release_info?: string;
    readonly engineering_info?: string;
    readonly long_display?: string;
    readonly short_display?: string;
  };
}

/** data "secops_illumio_product_version": the PCE's release (`/product_version`). */
export const productVersionData = defineDataSource<IllumioClient, ProductVersionData>({
  typeName: 'secops_illumio_product_version',
  schema: {
    description: 'Reads the Illumio PCE\'s product version.',
    attributes: {
      version: { type: STRING, computed: true, description: 'Release, e.g. `20.1.0`.' },
      build: { type: NUMBER, computed: true, description: 'Build number.' },
      release_info: { type: STRING, computed: true, description: 'Release information.' },
      engineering_info: { type: STRING, computed: true, description: 'Engineering information.' },
      long_display: { type: STRING, computed: true, description: 'The version as the console shows it in full.' },
      short_display: { type: STRING, computed: true, description: 'The version as the console shows it briefly.' },
    },
  },
  async read(ctx) {
    const found = (await ctx.client.getObject<PceProductVersion>('/product_version', ctx.signal))?.product_version ?? {};
    return {
      version: found.version ?? null,
      build: found.build ?? null,
      release_info: found.release_info ?? null,
      engineering_info: found.engineering_info ?? null,
      long_display: found.long_display ?? null,
      short_display: found.short_display ?? null,
    };
  },
});

interface PceHealth {
  readonly status?: string;
  readonly type?: string;
  readonly fqdn?: string;
  readonly available_seconds?: number | null;
  readonly notifications?: readonly { readonly status?: string; readonly token?: string; readonly message?: string }[];
  readonly nodes?: readonly {
    readonly hostname?: string | null;
    readonly ip_address?: string | null;
    readonly uptime_seconds?: number | null;
    readonly cpu?: { readonly status?: string; readonly percent?: number } | null;
    readonly memory?: { readonly status?: string; readonly percent?: number } | null;
    readonly services?: { readonly status?: string; readonly not_running?: readonly string[] } | null;
  }[];
}

export interface HealthNode {
  hostname: string | null;
  ip_address: string | null;
  uptime_seconds: number | null;
  cpu_status: string | null;
  memory_status: string | null;
  services_status: string | null;
  services_not_running: string[];
}

export interface HealthCluster {
  fqdn: string | null;
  type: string | null;
  status: string | null;
  available_seconds: number | null;
  notifications: { status: string | null; token: string | null; message: string | null }[];
  nodes: HealthNode[];
}

const HEALTH_NODE = object({
  hostname: STRING,
  ip_address: STRING,
  uptime_seconds: NUMBER,
  cpu_status: STRING,
  memory_status: STRING,
  services_status: STRING,
  services_not_running: list(STRING),
});
const HEALTH_CLUSTER = object({
  fqdn: STRING,
  type: STRING,
  status: STRING,
  available_seconds: NUMBER,
  notifications: list(object({ status: STRING, token: STRING, message: STRING })),
  nodes: list(HEALTH_NODE),
});

/** data "secops_illumio_health": the PCE's health (`/health`), one entry per cluster of a supercluster. */
export const healthData = defineDataSource<IllumioClient, { status: string | null; clusters: HealthCluster[] | null }>({
  typeName: 'secops_illumio_health',
  schema: {
    description: 'Reads the Illumio PCE\'s health: each cluster\'s status, notifications and nodes.',
    attributes: {
      status: { type: STRING, computed: true, description: 'The worst status of any cluster: `normal`, `warning` or `error` (the PCE\'s words).' },
      clusters: { type: list(HEALTH_CLUSTER), computed: true, description: 'Each cluster: `fqdn`, `type`, `status`, `available_seconds`, `notifications`, `nodes`.' },
    },
  },
  async read(ctx) {
    const found = await ctx.client.getObject<PceHealth | PceHealth[]>('/health', ctx.signal);
    const clusters = (Array.isArray(found) ? found : found ? [found] : []).map(healthFromPce);
    const rank = ['normal', 'warning', 'error'];
    const worst = clusters.map((c) => c.status ?? 'normal').sort((a, b) => rank.indexOf(b) - rank.indexOf(a))[0] ?? null;
    return { status: worst, clusters };
  },
});

function healthFromPce(pce: PceHealth): HealthCluster {
  return {
    fqdn: pce.fqdn ?? null,
    type: pce.type ?? null,
    status: pce.status ?? null,
    available_seconds: pce.available_seconds ?? null,
    notifications: (pce.notifications ?? []).map((n) => ({ status: n.status ?? null, token: n.token ?? null, message: n.message ?? null })),
    nodes: (pce.nodes ?? []).map((node) => ({
      hostname: node.hostname ?? null,
      ip_address: node.ip_address ?? null,
      uptime_seconds: node.uptime_seconds ?? null,
      cpu_status: node.cpu?.status ?? null,
      memory_status: node.memory?.status ?? null,
      services_status: node.services?.status ?? null,
      services_not_running: [...(node.services?.not_running ?? [])],
    })),
  };
}
