import { empty, json, SimRequest, SimResponse } from '../core';
import { notFound, validationError } from './errors';
import { Json, parseObject } from './objects';
import {
  allowOnly, newUuid, objectOf, oneOf, OperationsContext, optionalString, requireBoolean, requireInteger, throwError,
} from './operations';

const SEVERITIES = ['error', 'warning', 'informational'];
const SYSLOG_TYPES = ['local_syslog', 'remote_syslog'];
const SYSLOG_WRITABLE = ['href', 'pce_scope', 'type', 'description', 'audit_event_logger', 'traffic_event_logger', 'node_status_logger', 'remote_syslog'];
const LOGGERS: Readonly<Record<string, readonly string[]>> = {
  audit_event_logger: ['configuration_event_included', 'system_event_included', 'min_severity'],
  traffic_event_logger: ['traffic_flow_allowed_event_included', 'traffic_flow_potentially_blocked_event_included', 'traffic_flow_blocked_event_included'],
  node_status_logger: ['node_status_included'],
};
const REMOTE_SYSLOG = ['address', 'port', 'protocol', 'tls_enabled', 'tls_ca_bundle', 'tls_verify_cert'];
const EVENT_FORMATS = ['JSON', 'CEF', 'LEEF'];
const TIMEOUT_SETTINGS = ['workload_disconnected_timeout_seconds', 'workload_goodbye_timeout_seconds'];

interface Stored {
  readonly id: string;
  body: Json;
}

/**
 * 20.1 "Syslog Destinations", "Settings" (traffic collector) and "Organization Settings"/"Workload
 * Settings": the event and workload settings are singletons (GET and PUT only, 204); syslog
 * destinations and traffic collector settings are collections of UUID-keyed objects.
 */
export function registerSettingsRoutes(ctx: OperationsContext): void {
  registerSyslog(ctx);
  registerTrafficCollector(ctx);
  registerSingletons(ctx);
}

function registerSyslog(ctx: OperationsContext): void {
  const destinations = ctx.host.store.collection<Stored>('syslog_destinations');
  const path = `${ctx.org}/settings/syslog/destinations`;
  const href = (id: string): string => ctx.href(`settings/syslog/destinations/${id}`);
  const render = (d: Stored): Json => ({ href: href(d.id), ...d.body });
  ctx.host.route(['GET', 'POST'], path, (req): SimResponse => {
    if (req.method === 'GET') return ctx.host.collection(req, destinations.list().map(render));
    const body = syslogBody(parseObject(req.body), true, {});
    const id = newUuid();
    const stored = ctx.host.store.write(() => destinations.create(id, { id, body }));
    ctx.events.audit('syslog_destination.create', href(id));
    return json(201, render(stored));
  });
  ctx.host.route(['GET', 'PUT', 'DELETE'], `${path}/:id`, (req): SimResponse => {
    const found = destinations.get(req.params.id!) ?? throwError(notFound());
    if (req.method === 'GET') return json(200, render(found));
    if (req.method === 'PUT') {
      const body = syslogBody(parseObject(req.body), false, found.body);
      ctx.host.store.write(() => destinations.update(found.id, { ...found, body }));
      ctx.events.audit('syslog_destination.update', href(found.id));
    } else {
      ctx.host.store.write(() => destinations.delete(found.id));
      ctx.events.audit('syslog_destination.delete', href(found.id));
    }
    return empty(204);
  });
}

/** Checks a destination body (every part required at create, 20.1 settings_syslog_destinations_post) and merges it into the current one. */
function syslogBody(body: Json, creating: boolean, current: Json): Json {
  const where = creating ? 'settings_syslog_destinations_post' : 'settings_syslog_destinations_put';
  allowOnly(body, SYSLOG_WRITABLE, where);
  const { href: _ignored, ...change } = body; // 20.1 lets a PUT carry the href; it changes nothing
  const next: Json = { ...current, ...change };
  if (creating || body.pce_scope !== undefined) {
    if (!Array.isArray(next.pce_scope) || next.pce_scope.some((fqdn) => typeof fqdn !== 'string')) throw validationError(`${where}: pce_scope must be an array of strings`);
  }
  if (creating || body.type !== undefined) oneOf(next.type, SYSLOG_TYPES, 'type', where);
  if (creating || body.description !== undefined) {
    if (typeof next.description !== 'string') throw validationError(`${where}: description is required and must be a string`);
  }
  for (const [logger, fields] of Object.entries(LOGGERS)) {
    if (!creating && body[logger] === undefined) continue;
    const given = objectOf(body[logger], `${where}: ${logger}`);
    allowOnly(given, fields, `${where}.${logger}`);
    const merged = { ...(creating ? {} : (current[logger] as Json)), ...given };
    fields.forEach((field) => (field === 'min_severity' ? oneOf(merged[field], SEVERITIES, field, `${where}.${logger}`) : requireBoolean(merged, field, `${where}.${logger}`)));
    next[logger] = merged;
  }
  // The document is silent on removing the remote server; a PUT with `remote_syslog: null` clears it here.
  if (body.remote_syslog !== undefined && body.remote_syslog !== null) {
    next.remote_syslog = remoteSyslog(objectOf(body.remote_syslog, `${where}: remote_syslog`), creating ? {} : ((current.remote_syslog ?? {}) as Json), where);
  }
  // Silent in the document: a remote destination without an address cannot deliver, so the simulator asks for one.
  if (next.type === 'remote_syslog' && (next.remote_syslog === undefined || next.remote_syslog === null)) {
    throw validationError(`${where}: remote_syslog is required when type is remote_syslog`);
  }
  return next;
}

function remoteSyslog(given: Json, current: Json, where: string): Json {
  allowOnly(given, REMOTE_SYSLOG, `${where}.remote_syslog`);
  const merged: Json = { ...current, ...given };
  const at = `${where}.remote_syslog`;
  if (typeof merged.address !== 'string' || merged.address === '') throw validationError(`${at}: address is required and must be a string`);
  requireInteger(merged.port, 'port', at, 1, 65535);
  requireInteger(merged.protocol, 'protocol', at, 0, 255);
  requireBoolean(merged, 'tls_enabled', at);
  requireBoolean(merged, 'tls_verify_cert', at);
  optionalString(merged, 'tls_ca_bundle', at);
  return merged;
}

/** 20.1 settings_traffic_collector_post: transmission and action required; PUT cannot change action. */
function registerTrafficCollector(ctx: OperationsContext): void {
  const settings = ctx.host.store.collection<Stored>('traffic_collector_settings');
  const path = `${ctx.org}/settings/traffic_collector`;
  const href = (id: string): string => ctx.href(`settings/traffic_collector/${id}`);
  const render = (s: Stored): Json => ({ href: href(s.id), ...s.body });
  ctx.host.route(['GET', 'POST'], path, (req): SimResponse => {
    if (req.method === 'GET') return ctx.host.collection(req, settings.list().map(render));
    const body = trafficCollectorBody(parseObject(req.body), true, {});
    const id = newUuid();
    const stored = ctx.host.store.write(() => settings.create(id, { id, body }));
    ctx.events.audit('traffic_collector_setting.create', href(id));
    return json(201, render(stored));
  });
  ctx.host.route(['GET', 'PUT', 'DELETE'], `${path}/:id`, (req): SimResponse => {
    const found = settings.get(req.params.id!) ?? throwError(notFound());
    if (req.method === 'GET') return json(200, render(found));
    if (req.method === 'PUT') {
      const body = trafficCollectorBody(parseObject(req.body), false, found.body);
      ctx.host.store.write(() => settings.update(found.id, { ...found, body }));
      ctx.events.audit('traffic_collector_setting.update', href(found.id));
    } else {
      ctx.host.store.write(() => settings.delete(found.id));
      ctx.events.audit('traffic_collector_setting.delete', href(found.id));
    }
    return empty(204);
  });
}

function trafficCollectorBody(body: Json, creating: boolean, current: Json): Json {
  const where = creating ? 'settings_traffic_collector_post' : 'settings_traffic_collector_put';
  allowOnly(body, creating ? ['transmission', 'target', 'action'] : ['transmission', 'target'], where);
  const next: Json = { ...current, ...body };
  if (creating || body.transmission !== undefined) oneOf(next.transmission, ['broadcast', 'multicast'], 'transmission', where);
  if (creating) oneOf(next.action, ['drop', 'aggregate'], 'action', where);
  if (body.target !== undefined) {
    const target = objectOf(body.target, `${where}: target`);
    allowOnly(target, ['dst_port', 'proto', 'dst_ip'], `${where}.target`);
    const merged: Json = { ...(creating ? {} : (current.target as Json | undefined) ?? {}), ...target };
    requireInteger(merged.proto, 'proto', `${where}.target`, 0, 255);
    if (merged.dst_port !== undefined && merged.dst_port !== null) requireInteger(merged.dst_port, 'dst_port', `${where}.target`, 0, 65535);
    optionalString(merged, 'dst_ip', `${where}.target`);
    next.target = merged;
  }
  return next;
}

/**
 * The org's event settings and workload settings: every org has them, they are read and updated,
 * never created or deleted (no POST or DELETE in 20.1: 405). Initial values are not in the
 * document; the workload timeouts start as the document's example (-1, never), the event
 * settings as a fresh PCE's (JSON, informational, 30 days).
 */
function registerSingletons(ctx: OperationsContext): void {
  const singletons = ctx.host.store.collection<Json>('org_settings');
  const defaults: Readonly<Record<string, () => Json>> = {
    events: () => ({ audit_event_retention_seconds: 2592000, audit_event_min_severity: 'informational', format: 'JSON' }),
    workloads: () => ({
      workload_disconnected_timeout_seconds: [{ scope: [], value: -1 }],
      workload_goodbye_timeout_seconds: [{ scope: [], value: -1 }],
    }),
  };
  const current = (name: string): Json => singletons.get(name) ?? defaults[name]!();
  ctx.host.state.referrerSources.push((href) => {
    const scopes = TIMEOUT_SETTINGS.flatMap((setting) => (current('workloads')[setting] ?? []) as Json[]).flatMap((entry) => (entry.scope ?? []) as Json[]);
    return scopes.some((label) => label.href === href) ? [ctx.href('settings/workloads')] : [];
  });
  const check: Readonly<Record<string, (body: Json) => Json>> = {
    events: (body) => eventSettings(body),
    workloads: (body) => workloadSettings(ctx, body),
  };
  for (const name of Object.keys(defaults)) {
    ctx.host.route(['GET', 'PUT'], `${ctx.org}/settings/${name}`, (req: SimRequest): SimResponse => {
      if (req.method === 'GET') return json(200, current(name)); // the document's example carries no href
      const change = check[name]!(parseObject(req.body));
      ctx.host.store.write(() => singletons.put(name, { ...current(name), ...change }));
      ctx.events.audit(`${name === 'events' ? 'event' : 'workload'}_settings.update`, ctx.href(`settings/${name}`));
      return empty(204);
    });
  }
}

function eventSettings(body: Json): Json {
  const where = 'settings_events_put';
  allowOnly(body, ['audit_event_retention_seconds', 'audit_event_min_severity', 'format'], where);
  if (body.audit_event_retention_seconds !== undefined) requireInteger(body.audit_event_retention_seconds, 'audit_event_retention_seconds', where, 1);
  if (body.audit_event_min_severity !== undefined) oneOf(body.audit_event_min_severity, SEVERITIES, 'audit_event_min_severity', where);
  if (body.format !== undefined) oneOf(body.format, EVENT_FORMATS, 'format', where);
  return body;
}

function workloadSettings(ctx: OperationsContext, body: Json): Json {
  const where = 'settings_workloads_put';
  allowOnly(body, TIMEOUT_SETTINGS, where);
  const result: Json = {};
  for (const name of TIMEOUT_SETTINGS) {
    if (body[name] === undefined) continue;
    if (!Array.isArray(body[name])) throw validationError(`${where}: ${name} must be an array`);
    result[name] = (body[name] as unknown[]).map((entry) => {
      const item = objectOf(entry, `${where}: ${name}[]`);
      allowOnly(item, ['scope', 'value'], `${where}.${name}`);
      return { scope: ctx.labelRefs(item.scope, `${where}.${name}.scope`), value: requireInteger(item.value, 'value', `${where}.${name}`, -1) };
    });
  }
  return result;
}
