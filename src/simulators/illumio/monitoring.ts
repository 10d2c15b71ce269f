import { Collection, json, SimRequest, SimResponse, Store } from '../core';
import { notFound, validationError } from './errors';
import { Json } from './objects';
import { newUuid, now, OperationsContext, throwError, USER } from './operations';

/** The FQDN the simulated PCE reports in events and health (a real one reports its own). */
export const PCE_FQDN = 'pce.simulator.local';
/** The release the simulated PCE says it is: the seed document's. */
export const PRODUCT_VERSION = { version: '20.1.0', build: 0, release_info: 'simulator', engineering_info: 'secops-simulator', long_display: '20.1.0-0 (simulator)', short_display: '20.1.0' };

const SEVERITIES = ['emerg', 'alert', 'crit', 'warning', 'err', 'notice', 'info', 'debug'];
const STATUSES = ['success', 'failure', 'nil'];

/** How an event differs from a successful, informational one by the API user. */
export interface EventFields {
  readonly severity?: string;
  readonly status?: string;
  readonly createdBy?: Json;
}

interface StoredEvent {
  readonly id: string;
  readonly seq: number;
  readonly body: Json;
}

/**
 * The org's audit events (`/orgs/:org/events`, every write of the operations routes records one)
 * and the PCE's system events (`/system_events`; nothing in the document says which the PCE
 * raises, so tests and sandbox users add them with {@link EventLog.system}).
 */
export class EventLog {
  private readonly orgEvents: Collection<StoredEvent>;
  private readonly systemEvents: Collection<StoredEvent>;
  private seq = 0;

  constructor(private readonly store: Store, private readonly orgId: number) {
    this.orgEvents = store.collection('events');
    this.systemEvents = store.collection('system_events');
  }

  /** Records an audit event of the org, e.g. `container_cluster.create` for the object at `href`. */
  public audit(eventType: string, href: string, fields: EventFields = {}): Json {
    return this.add(this.orgEvents, `/orgs/${this.orgId}/events`, eventType, href, fields);
  }

  /** Records a system event (`/system_events/:uuid`). */
  public system(eventType: string, fields: EventFields = {}): Json {
    return this.add(this.systemEvents, '/system_events', eventType, undefined, { createdBy: { system: {} }, ...fields });
  }

  public listOrg(): Json[] {
    return this.orgEvents.list().sort((a, b) => a.seq - b.seq).map((event) => event.body);
  }

  public listSystem(): Json[] {
    return this.systemEvents.list().sort((a, b) => a.seq - b.seq).map((event) => event.body);
  }

  public org(id: string): Json | undefined {
    return this.orgEvents.get(id)?.body;
  }

  public systemEvent(id: string): Json | undefined {
    return this.systemEvents.get(id)?.body;
  }

  private add(table: Collection<StoredEvent>, base: string, eventType: string, href: string | undefined, fields: EventFields): Json {
    const id = newUuid();
    const body: Json = {
      href: `${base}/${id}`,
      event_type: eventType,
      status: fields.status ?? 'success',
      severity: fields.severity ?? 'info',
      timestamp: now(),
      pce_fqdn: PCE_FQDN,
      created_by: fields.createdBy ?? { user: { ...USER, username: 'api' } },
      action: null,
      resource_changes: href === undefined ? [] : [{ resource: { href }, change_type: eventType.split('.').pop() }],
      notifications: [],
    };
    this.store.write(() => table.create(id, { id, seq: ++this.seq, body }));
    return body;
  }
}

/** Events, system events, product version and health (20.1 "Events", "System Events", "Root Level Methods", "Health"). */
export function registerMonitoringRoutes(ctx: OperationsContext): void {
  ctx.host.route('GET', `${ctx.org}/events`, (req) => ctx.host.collection(req, filterEvents(req, ctx.events.listOrg())));
  ctx.host.route('GET', `${ctx.org}/events/:id`, (req) => json(200, ctx.events.org(req.params.id!) ?? throwError(notFound())));
  ctx.host.route('GET', '/api/v2/system_events', (req) => ctx.host.collection(req, filterEvents(req, ctx.events.listSystem())));
  ctx.host.route('GET', '/api/v2/system_events/:id', (req) => json(200, ctx.events.systemEvent(req.params.id!) ?? throwError(notFound())));
  ctx.host.route('GET', '/api/v2/product_version', () => json(200, { product_version: PRODUCT_VERSION }));
  ctx.host.route('GET', '/api/v2/health', () => health());
}

/** The 20.1 filters: event_type, severity, status and created_by exact; timestamp[gte] / [lte] bounds (RFC 3339). */
function filterEvents(req: SimRequest, events: readonly Json[]): Json[] {
  const severity = req.query.get('severity');
  const status = req.query.get('status');
  if (severity !== null && !SEVERITIES.includes(severity)) throw validationError(`severity must be one of ${SEVERITIES.join(', ')}`);
  if (status !== null && !STATUSES.includes(status)) throw validationError(`status must be one of ${STATUSES.join(', ')}`);
  const bound = (name: string): number | undefined => {
    const raw = req.query.get(name);
    if (raw === null) return undefined;
    const time = Date.parse(raw);
    if (Number.isNaN(time)) throw validationError(`${name} must be an RFC 3339 time`);
    return time;
  };
  const from = bound('timestamp[gte]');
  const to = bound('timestamp[lte]');
  const eventType = req.query.get('event_type');
  const createdBy = req.query.get('created_by');
  return events.filter((event) => {
    const time = Date.parse(event.timestamp as string);
    return (eventType === null || event.event_type === eventType)
      && (severity === null || event.severity === severity)
      && (status === null || event.status === status)
      && (createdBy === null || createdByMatches(event.created_by as Json, createdBy))
      && (from === undefined || time >= from) && (to === undefined || time <= to);
  });
}

/** created_by names a user, agent or system: matched on the actor's href, username or kind. */
function createdByMatches(actor: Json, wanted: string): boolean {
  return Object.entries(actor).some(([kind, who]) => {
    const identity = who as Json | null;
    return kind === wanted || identity?.href === wanted || identity?.username === wanted;
  });
}

/** One healthy single-node cluster in the shape of 20.1 health_get; the document shows one element, the PCE answers a list (one per cluster of a supercluster). */
function health(): SimResponse {
  const ok = { status: 'normal', percent: 5 };
  return json(200, [{
    status: 'normal',
    type: 'standalone',
    fqdn: PCE_FQDN,
    available_seconds: Math.floor(process.uptime()),
    notifications: [],
    listen_only_mode_enabled_at: null,
    nodes: [{
      hostname: PCE_FQDN,
      ip_address: '127.0.0.1',
      runlevel: 5,
      uptime_seconds: Math.floor(process.uptime()),
      cpu: ok,
      disk: [{ location: '/', value: ok }],
      memory: ok,
      services: { status: 'running', running: ['agent_service', 'collector_service', 'ev_service', 'fileserver_service'], not_running: [], partial: [], optional: [], unknown: [] },
      generated_at: now(),
    }],
    network: { replication: [] },
    generated_at: now(),
  }]);
}
