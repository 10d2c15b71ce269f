import { randomUUID } from 'node:crypto';
import { Handler, SimRequest, SimResponse, Store } from '../core';
import { registerContainerRoutes } from './containers';
import { invalidUri, validationError } from './errors';
import { registerMonitoringRoutes, EventLog } from './monitoring';
import { Json } from './objects';
import { registerRbacRoutes } from './rbac';
import { registerSettingsRoutes } from './settings';
import { IllumioState } from './state';
import { registerVulnerabilityRoutes } from './vulnerabilities';

/**
 * The second half of the simulated PCE (issue 8, operations): container clusters and their
 * workload profiles, syslog destinations, traffic collector settings, the org's event and workload
 * settings, RBAC (auth security principals, permissions, security principal updates), events,
 * system events, product version and health, vulnerabilities and vulnerability reports. Registered on the simulator's own route guard (basic
 * auth, rate limit, org check, PCE error lists) through {@link OperationsHost}.
 */
export interface OperationsHost {
  readonly store: Store;
  readonly state: IllumioState;
  readonly orgId: number;
  /** Registers a route behind the simulator's guard. */
  route(methods: string | readonly string[], pattern: string, handler: Handler): void;
  /** A collection answer: max_results (default 500), X-Total-Count, async jobs. */
  collection(req: SimRequest, items: readonly Json[]): SimResponse;
}

/** What every part shares: the host, audit events, and checks of references. */
export class OperationsContext {
  public readonly events: EventLog;

  constructor(public readonly host: OperationsHost) {
    this.events = new EventLog(host.store, host.orgId);
  }

  public get org(): string {
    return '/api/v2/orgs/:org';
  }

  public href(path: string): string {
    return `/orgs/${this.host.orgId}/${path}`;
  }

  /** A label href that names a label of this org that is not deleted, or the PCE's 406 invalid_uri. */
  public requireLabel(href: unknown): string {
    const match = typeof href === 'string' ? /^\/orgs\/(\d+)\/labels\/(\d+)$/.exec(href) : null;
    const label = match && match[1] === String(this.host.orgId) ? this.host.state.labels.get(match[2]!) : undefined;
    if (label === undefined || label.deleted) {
      throw invalidUri(String(href));
    }
    return href as string;
  }

  /** `[{href}]` of labels, each checked. */
  public labelRefs(value: unknown, where: string): Json[] {
    if (!Array.isArray(value)) {
      throw validationError(`${where} must be an array of label references`);
    }
    return value.map((entry) => ({ href: this.requireLabel((entry as Json | null)?.href) }));
  }
}

/** Registers every operations route on the host. */
export function registerOperationRoutes(host: OperationsHost): OperationsContext {
  const ctx = new OperationsContext(host);
  registerContainerRoutes(ctx);
  registerSettingsRoutes(ctx);
  registerRbacRoutes(ctx);
  registerMonitoringRoutes(ctx);
  registerVulnerabilityRoutes(ctx);
  return ctx;
}

/** Refuses properties the schema does not allow (the PCE's JSON schemas have additionalProperties: false). */
export function allowOnly(body: Json, allowed: readonly string[], where: string): void {
  const unknown = Object.keys(body).filter((name) => !allowed.includes(name));
  if (unknown.length > 0) {
    throw validationError(`Properties [${unknown.join(', ')}] are not allowed in ${where}`);
  }
}

export function requireBoolean(body: Json, name: string, where: string): boolean {
  if (typeof body[name] !== 'boolean') {
    throw validationError(`${where}: ${name} is required and must be a boolean`);
  }
  return body[name] as boolean;
}

export function optionalString(body: Json, name: string, where: string): string | null | undefined {
  const value = body[name];
  if (value !== undefined && value !== null && typeof value !== 'string') {
    throw validationError(`${where}: ${name} must be a string`);
  }
  return value as string | null | undefined;
}

export function requireInteger(value: unknown, name: string, where: string, min = -Infinity, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw validationError(`${where}: ${name} must be an integer${Number.isFinite(min) ? ` from ${min}` : ''}${Number.isFinite(max) ? ` to ${max}` : ''}`);
  }
  return value;
}

export function oneOf(value: unknown, allowed: readonly string[], name: string, where: string): string {
  if (typeof value !== 'string' || !allowed.includes(value)) {
    throw validationError(`${where}: ${name} must be one of ${allowed.join(', ')}`);
  }
  return value;
}

/** A body that must be a JSON object (or the 406 the PCE answers). */
export function objectOf(value: unknown, where: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw validationError(`${where} must be an object`);
  }
  return value as Json;
}

export function newUuid(): string {
  return randomUUID();
}

export function now(): string {
  return new Date().toISOString();
}

export const USER = { href: '/users/1' };

/** Partial, case-insensitive match of a query parameter (the document's "Supports partial matches"). */
export function partial(req: SimRequest, name: string, value: unknown): boolean {
  const wanted = req.query.get(name);
  return wanted === null || String(value ?? '').toLowerCase().includes(wanted.toLowerCase());
}

export function exact(req: SimRequest, name: string, value: unknown): boolean {
  const wanted = req.query.get(name);
  return wanted === null || String(value) === wanted;
}

export function throwError(error: Error): never {
  throw error;
}
