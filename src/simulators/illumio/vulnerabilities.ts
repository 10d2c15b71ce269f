import { empty, json, SimRequest, SimResponse } from '../core';
import { invalidUri, notFound, PceError, TOKENS, validationError } from './errors';
import { Json, parseObject } from './objects';
import { allowOnly, now, objectOf, OperationsContext, requireInteger, throwError, USER } from './operations';

interface Stored {
  readonly id: string;
  body: Json;
  readonly created_at: string;
  updated_at: string;
}

const WORKLOAD = /^\/orgs\/\d+\/workloads\/[^/]+$/;

/**
 * 20.1 "Vulnerabilities" and "Vulnerability Reports": both are keyed by the caller's reference id
 * and written with PUT, which creates or replaces (204); there is no POST in 20.1. A report's
 * detected vulnerabilities must name known vulnerabilities; their workloads are checked for the
 * shape of a workload href only (workloads are served by the part of the simulator that owns
 * them). A GET of a report does not return its detected vulnerabilities, only their count, as
 * the document shows. The document is silent on deleting a vulnerability a report still names:
 * the simulator refuses it, as it refuses every delete of a referenced object.
 */
export function registerVulnerabilityRoutes(ctx: OperationsContext): void {
  const vulnerabilities = ctx.host.store.collection<Stored>('vulnerabilities');
  const reports = ctx.host.store.collection<Stored>('vulnerability_reports');
  const vulnerabilityHref = (id: string): string => ctx.href(`vulnerabilities/${id}`);
  const reportHref = (id: string): string => ctx.href(`vulnerability_reports/${id}`);
  const stamp = (s: Stored): Json => ({ created_at: s.created_at, updated_at: s.updated_at, created_by: USER, updated_by: USER });
  const renderVulnerability = (v: Stored): Json => ({
    href: vulnerabilityHref(v.id),
    score: v.body.score,
    cve_ids: v.body.cve_ids ?? [],
    description: v.body.description ?? null,
    name: v.body.name,
    ...stamp(v),
  });
  const renderReport = (r: Stored): Json => {
    const { detected_vulnerabilities: detected, ...fields } = r.body;
    return { href: reportHref(r.id), ...fields, num_vulnerabilities: ((detected ?? []) as unknown[]).length, ...stamp(r) };
  };

  const upsert = (table: typeof vulnerabilities, id: string, body: Json, event: string, href: string): SimResponse => {
    const existing = table.get(id);
    const time = now();
    ctx.host.store.write(() => table.put(id, { id, body, created_at: existing?.created_at ?? time, updated_at: time }));
    ctx.events.audit(`${event}.${existing ? 'update' : 'create'}`, href);
    return empty(204);
  };

  ctx.host.route('GET', `${ctx.org}/vulnerabilities`, (req) => ctx.host.collection(req, vulnerabilities.list().map(renderVulnerability)));
  ctx.host.route(['GET', 'PUT', 'DELETE'], `${ctx.org}/vulnerabilities/:id`, (req): SimResponse => {
    const id = req.params.id!;
    if (req.method === 'PUT') return upsert(vulnerabilities, id, vulnerabilityBody(req), 'vulnerability', vulnerabilityHref(id));
    const found = vulnerabilities.get(id) ?? throwError(notFound());
    if (req.method === 'GET') return json(200, renderVulnerability(found));
    const users = reports.list().filter((r) => ((r.body.detected_vulnerabilities ?? []) as Json[])
      .some((d) => (d.vulnerability as Json).href === vulnerabilityHref(id))).map((r) => reportHref(r.id));
    if (users.length > 0) throw new PceError(406, TOKENS.objectInUse, `${vulnerabilityHref(id)} is referenced by ${users.join(', ')}`);
    ctx.host.store.write(() => vulnerabilities.delete(id));
    ctx.events.audit('vulnerability.delete', vulnerabilityHref(id));
    return empty(204);
  });

  ctx.host.route('GET', `${ctx.org}/vulnerability_reports`, (req) => ctx.host.collection(req, reports.list().map(renderReport)));
  ctx.host.route(['GET', 'PUT', 'DELETE'], `${ctx.org}/vulnerability_reports/:id`, (req): SimResponse => {
    const id = req.params.id!;
    if (req.method === 'PUT') {
      const body = reportBody(req, (href) => href.startsWith(ctx.href('vulnerabilities/')) && vulnerabilities.has(href.slice(ctx.href('vulnerabilities/').length)));
      return upsert(reports, id, body, 'vulnerability_report', reportHref(id));
    }
    const found = reports.get(id) ?? throwError(notFound());
    if (req.method === 'GET') return json(200, renderReport(found));
    ctx.host.store.write(() => reports.delete(id));
    ctx.events.audit('vulnerability_report.delete', reportHref(id));
    return empty(204);
  });
}

/** 20.1 vulnerabilities_put: score (0-100) and name required. */
function vulnerabilityBody(req: SimRequest): Json {
  const body = parseObject(req.body);
  const where = 'vulnerabilities_put';
  allowOnly(body, ['score', 'cve_ids', 'description', 'name'], where);
  requireInteger(body.score, 'score', where, 0, 100);
  if (typeof body.name !== 'string' || body.name === '') throw validationError(`${where}: name is required and must be a non-empty string`);
  if (body.cve_ids !== undefined && (!Array.isArray(body.cve_ids) || body.cve_ids.some((id) => typeof id !== 'string'))) {
    throw validationError(`${where}: cve_ids must be an array of strings`);
  }
  if (body.description !== undefined && body.description !== null && typeof body.description !== 'string') throw validationError(`${where}: description must be a string`);
  return body;
}

/** 20.1 vulnerability_reports_put: name and report_type required; detected vulnerabilities name a workload and a known vulnerability. */
function reportBody(req: SimRequest, knownVulnerability: (href: string) => boolean): Json {
  const body = parseObject(req.body);
  const where = 'vulnerability_reports_put';
  allowOnly(body, ['name', 'report_type', 'authoritative', 'scanned_ips', 'detected_vulnerabilities'], where);
  for (const name of ['name', 'report_type']) {
    if (typeof body[name] !== 'string' || body[name] === '') throw validationError(`${where}: ${name} is required and must be a non-empty string`);
  }
  if (body.authoritative !== undefined && typeof body.authoritative !== 'boolean') throw validationError(`${where}: authoritative must be a boolean`);
  if (body.scanned_ips !== undefined && (!Array.isArray(body.scanned_ips) || body.scanned_ips.some((ip) => typeof ip !== 'string'))) {
    throw validationError(`${where}: scanned_ips must be an array of strings`);
  }
  if (body.detected_vulnerabilities !== undefined) {
    if (!Array.isArray(body.detected_vulnerabilities)) throw validationError(`${where}: detected_vulnerabilities must be an array`);
    body.detected_vulnerabilities.forEach((entry) => {
      const found = objectOf(entry, `${where}: detected_vulnerabilities[]`);
      allowOnly(found, ['ip_address', 'port', 'proto', 'workload', 'vulnerability'], `${where}.detected_vulnerabilities`);
      if (typeof found.ip_address !== 'string') throw validationError(`${where}.detected_vulnerabilities: ip_address is required`);
      if (found.port !== undefined) requireInteger(found.port, 'port', `${where}.detected_vulnerabilities`, 0, 65535);
      if (found.proto !== undefined) requireInteger(found.proto, 'proto', `${where}.detected_vulnerabilities`, 0, 255);
      const workload = objectOf(found.workload, `${where}.detected_vulnerabilities: workload`).href;
      if (typeof workload !== 'string' || !WORKLOAD.test(workload)) throw invalidUri(String(workload));
      const vulnerability = objectOf(found.vulnerability, `${where}.detected_vulnerabilities: vulnerability`).href;
      if (typeof vulnerability !== 'string' || !knownVulnerability(vulnerability)) throw invalidUri(String(vulnerability));
    });
  }
  return body;
}
