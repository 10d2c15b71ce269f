import { randomBytes, randomUUID } from 'node:crypto';
import { registerSecret } from '../../util/log';
import { Collection, empty, FaultRule, Handler, json, SimRequest, SimResponse, SimulatorServer, Store, VendorSimulator } from '../core';
import { notFound, PceError, pceError, TOKENS, validationError } from './errors';
import { RateLimiter, rateLimitFrom } from './limits';
import { checkProperties, FIREWALL_SETTINGS, Json, parseObject, PolicyType, POLICY_TYPES } from './objects';
import { OperationsContext, registerOperationRoutes } from './operations';
import { ChangeSubset, IllumioState, PolicyVersion, StoredLabel, StoredPolicyObject, StoredSecurityPrincipal } from './state';
import { WorkloadInventory } from './workloads';

export { TOKENS } from './errors';
export { normaliseIp } from './ip';
export { LABEL_KEYS, POLICY_TYPES } from './objects';
export type { Json, PolicyType } from './objects';
export * from './state';
export { WorkloadInventory } from './workloads';
export type { StoredPairingProfile, StoredVen, StoredWorkload } from './workloads';

export interface IllumioSimulatorOptions {
  /** The organisation id in every href. Default 1. */
  readonly orgId?: number;
  /** API key id (the basic-auth username). Default `api_` and 16 random hex digits. */
  readonly apiKeyUsername?: string;
  /** API key secret (the basic-auth password). Default 64 random hex digits. */
  readonly apiKeySecret?: string;
  /** Requests per minute per API key before 429; default off, or SECOPS_SIM_ILLUMIO_RATE_LIMIT. */
  readonly rateLimitPerMinute?: number;
  /** How long an async collection job stays `running`. Default 0: done at the first poll. */
  readonly jobDurationMs?: number;
  /** Retry-After of a 202 job answer. Default 1 (the document's example shows 5; 1 keeps tests quick). */
  readonly jobRetryAfterSeconds?: number;
  /** Faults active from the start (SECOPS_SIM_FAULTS and SECOPS_SIM_FAULTS_ILLUMIO are read too). */
  readonly faults?: string | readonly FaultRule[];
  readonly env?: NodeJS.ProcessEnv;
}

interface StoredJob {
  readonly uuid: string;
  readonly description: string;
  readonly requested_at: string;
  readonly readyAt: number;
  readonly datafile: string;
}

/** A collection GET's default and the cap without async (20.1: "maximum number returned ... is 500"). */
const DEFAULT_MAX_RESULTS = 500;
const USER = { href: '/users/1' };
/** Types the 20.1 sec_policy object_counts names besides the simulated ones. */
const UNSIMULATED_COUNTS = ['virtual_servers', 'secure_connect_gateways'];

/**
 * The Illumio PCE REST API (Core 20.1, seed 003) for labels, label groups, IP lists, services,
 * virtual services, rule sets and rules, firewall settings, security principals, draft/active
 * policy and provisioning, async collection jobs, and the per-key rate limit, on the shared
 * simulator core.
 */
export class IllumioSimulator extends VendorSimulator {
  public readonly orgId: number;
  public readonly apiKeyUsername: string;
  public readonly apiKeySecret: string;
  public readonly store = new Store();
  public readonly state: IllumioState;
  /** Workloads, pairing profiles and keys, VENs (`pair` stands in for a host running the pairing script). */
  public readonly inventory: WorkloadInventory;
  protected readonly server: SimulatorServer;
  private readonly limiter: RateLimiter;
  private readonly jobs: Collection<StoredJob>;
  private readonly datafiles: Collection<Json[]>;
  private readonly jobDurationMs: number;
  private readonly jobRetryAfter: string;
  /** Container clusters, settings, RBAC, events (issue 8, operations.ts); `operations.events` records system events. */
  public readonly operations: OperationsContext;

  constructor(options: IllumioSimulatorOptions = {}) {
    super();
    this.orgId = options.orgId ?? 1;
    this.apiKeyUsername = options.apiKeyUsername ?? `api_${randomBytes(8).toString('hex')}`;
    this.apiKeySecret = options.apiKeySecret ?? randomBytes(32).toString('hex');
    registerSecret(this.apiKeySecret);
    this.state = new IllumioState(this.store, this.orgId);
    this.inventory = new WorkloadInventory(this.store, this.state);
    this.limiter = new RateLimiter(rateLimitFrom(options.rateLimitPerMinute, options.env ?? process.env));
    this.jobs = this.store.collection('jobs');
    this.datafiles = this.store.collection('datafiles');
    this.jobDurationMs = options.jobDurationMs ?? 0;
    this.jobRetryAfter = String(options.jobRetryAfterSeconds ?? 1);
    this.server = new SimulatorServer({
      name: 'illumio',
      faults: options.faults,
      env: options.env,
      state: () => this.store.snapshot(),
      reset: () => this.resetState(),
      notFound: () => pceError(404, TOKENS.notFound, 'Not found'),
      methodNotAllowed: (_req, allowed) => pceError(405, TOKENS.methodNotAllowed, 'Not allowed', { Allow: [...new Set(allowed)].join(', ') }),
    });
    this.registerRoutes();
    this.operations = registerOperationRoutes({
      store: this.store,
      state: this.state,
      orgId: this.orgId,
      route: (methods, pattern, handler) => this.route(methods, pattern, handler),
      collection: (req, items) => this.collection(req, items),
    });
  }

  /** Requests per minute per key, or undefined when the limit is off. Settable at run time. */
  public get rateLimitPerMinute(): number | undefined {
    return this.limiter.perMinute;
  }

  public set rateLimitPerMinute(value: number | undefined) {
    this.limiter.perMinute = value;
    this.limiter.clear();
  }

  public labels(): StoredLabel[] {
    return [...this.state.labels.list()].sort((a, b) => a.id - b.id);
  }

  public draft(type: PolicyType): readonly StoredPolicyObject[] {
    return this.state.objects(type, 'draft');
  }

  public active(type: PolicyType): readonly StoredPolicyObject[] {
    return this.state.objects(type, 'active');
  }

  public versions(): PolicyVersion[] {
    return this.state.listVersions();
  }

  private resetState(): void {
    this.store.reset();
    this.state.reset();
    this.limiter.clear();
  }

  private registerRoutes(): void {
    const org = '/api/v2/orgs/:org';
    const policy = `${org}/sec_policy/:pversion`;
    this.route(['GET', 'POST'], `${org}/labels`, (req) => (req.method === 'GET' ? this.listLabels(req) : this.createLabel(req)));
    this.route(['GET', 'PUT', 'DELETE'], `${org}/labels/:id`, (req) => this.labelById(req));
    this.route('GET', `${org}/sec_policy/pending`, () => this.pending());
    this.route(['GET', 'POST'], `${org}/sec_policy`, (req) => (req.method === 'GET' ? this.listVersions(req) : this.provision(req)));
    this.route('GET', policy, (req) => json(200, this.renderVersion(this.state.version(req.params.pversion!))));
    this.route(['GET', 'PUT'], `${policy}/${FIREWALL_SETTINGS}`, (req) => this.firewallSettings(req));
    this.route(['GET', 'POST'], `${policy}/:type`, (req) => this.policyCollection(req));
    this.route(['GET', 'PUT', 'DELETE'], `${policy}/:type/:id`, (req) => this.policyById(req));
    this.route(['GET', 'POST'], `${policy}/rule_sets/:id/sec_rules`, (req) => this.ruleCollection(req));
    this.route(['GET', 'PUT', 'DELETE'], `${policy}/rule_sets/:id/sec_rules/:rule`, (req) => this.ruleById(req));
    this.route(['GET', 'POST'], `${org}/security_principals`, (req) => this.securityPrincipalCollection(req));
    this.route(['GET', 'DELETE'], `${org}/security_principals/:id`, (req) => this.securityPrincipalById(req));
    this.route('GET', `${org}/jobs`, (req) => this.collection(req, this.jobs.list().map((job) => this.renderJob(job))));
    this.route(['GET', 'DELETE'], `${org}/jobs/:uuid`, (req) => this.jobById(req));
    this.route('GET', `${org}/datafiles/:uuid`, (req) => json(200, this.datafiles.get(req.params.uuid!) ?? throwError(notFound())));
    this.inventory.register({
      route: (methods, pattern, handler) => this.route(methods, pattern, handler),
      collection: (req, items) => this.collection(req, items),
    });
  }

  /** Every API route: basic auth, the key's request budget, the org, and PCE errors as JSON lists. */
  private route(methods: string | readonly string[], pattern: string, handler: Handler): void {
    this.server.route(methods, pattern, async (req) => {
      try {
        const refused = this.authenticate(req) ?? this.throttle();
        if (refused !== undefined) {
          return refused;
        }
        if (req.params.org !== undefined && req.params.org !== String(this.orgId)) { // root-level routes (health, product_version) have no org
          throw notFound();
        }
        return await handler(req);
      } catch (error) {
        if (error instanceof PceError) {
          return error.response();
        }
        throw error;
      }
    });
  }

  /** HTTP basic auth with the API key id and secret (20.1 "Authentication": `-u $KEY:$TOKEN`). */
  private authenticate(req: SimRequest): SimResponse | undefined {
    const match = /^Basic\s+(\S+)$/i.exec(req.header('authorization') ?? '');
    const decoded = match ? Buffer.from(match[1]!, 'base64').toString('utf8') : '';
    const separator = decoded.indexOf(':');
    if (separator > 0 && decoded.slice(0, separator) === this.apiKeyUsername && decoded.slice(separator + 1) === this.apiKeySecret) {
      return undefined;
    }
    return pceError(401, TOKENS.authentication, 'Authentication required', { 'WWW-Authenticate': 'Basic realm="PCE"' });
  }

  private throttle(): SimResponse | undefined {
    const wait = this.limiter.take(this.apiKeyUsername);
    if (wait === undefined) {
      return undefined;
    }
    return pceError(429, TOKENS.tooManyRequests, `API request limit of ${this.limiter.perMinute} per minute exceeded`, { 'Retry-After': String(wait) });
  }

  // ---- collections, async jobs -------------------------------------------------------------

  /** A collection GET: max_results (default 500), X-Total-Count, or an async job with `Prefer: respond-async`. */
  private collection(req: SimRequest, items: readonly Json[]): SimResponse {
    const explicit = req.query.get('max_results');
    const max = explicit === null ? undefined : Number(explicit);
    if (max !== undefined && (!Number.isInteger(max) || max < 0)) {
      throw validationError('max_results must be a non-negative integer');
    }
    if (/\brespond-async\b/i.test(req.header('prefer') ?? '')) {
      return this.startJob(req, max === undefined ? items : items.slice(0, max));
    }
    return json(200, items.slice(0, max ?? DEFAULT_MAX_RESULTS), { 'X-Total-Count': String(items.length) });
  }

  /** 202 with Location and Retry-After and an empty body (20.1 "Async Job Operations"). */
  private startJob(req: SimRequest, items: readonly Json[]): SimResponse {
    const uuid = randomUUID();
    const datafile = randomUUID();
    const description = req.path.replace(/^\/api\/v2/, '');
    this.store.write(() => {
      this.datafiles.create(datafile, [...items]);
      this.jobs.create(uuid, { uuid, description, requested_at: new Date().toISOString(), readyAt: Date.now() + this.jobDurationMs, datafile });
    });
    return empty(202, { 'Location': `/orgs/${this.orgId}/jobs/${uuid}`, 'Retry-After': this.jobRetryAfter });
  }

  private renderJob(job: StoredJob): Json {
    const done = Date.now() >= job.readyAt;
    return {
      href: `/orgs/${this.orgId}/jobs/${job.uuid}`,
      job_type: 'async_requests',
      description: job.description,
      result: done ? { href: `/orgs/${this.orgId}/datafiles/${job.datafile}` } : {},
      status: done ? 'done' : 'running',
      requested_at: job.requested_at,
      terminated_at: done ? new Date(Math.max(job.readyAt, Date.parse(job.requested_at))).toISOString() : null,
      requested_by: USER,
    };
  }

  private jobById(req: SimRequest): SimResponse {
    const job = this.jobs.get(req.params.uuid!) ?? throwError(notFound());
    if (req.method === 'DELETE') {
      this.store.write(() => this.jobs.delete(job.uuid));
      return empty(204);
    }
    return json(200, this.renderJob(job));
  }

  // ---- labels -------------------------------------------------------------------------------

  /** Filters of 20.1 GET labels: key exact, value partial (case-insensitive), include_deleted, external data. */
  private listLabels(req: SimRequest): SimResponse {
    const key = req.query.get('key');
    const value = req.query.get('value')?.toLowerCase();
    const includeDeleted = req.query.get('include_deleted') === 'true';
    const dataSet = req.query.get('external_data_set');
    const dataReference = req.query.get('external_data_reference');
    const labels = this.labels().filter((label) => (includeDeleted || !label.deleted)
      && (key === null || label.key === key)
      && (value === undefined || label.value.toLowerCase().includes(value))
      && (dataSet === null || label.external_data_set === dataSet)
      && (dataReference === null || label.external_data_reference === dataReference));
    return this.collection(req, labels.map((label) => this.state.renderLabel(label)));
  }

  private createLabel(req: SimRequest): SimResponse {
    return json(201, this.state.renderLabel(this.state.createLabel(parseObject(req.body))));
  }

  private labelById(req: SimRequest): SimResponse {
    const id = req.params.id!;
    switch (req.method) {
      case 'GET':
        return json(200, this.state.renderLabel(this.state.label(id)));
      case 'PUT':
        this.state.updateLabel(id, parseObject(req.body));
        return empty(204);
      default:
        this.state.deleteLabel(id);
        return empty(204);
    }
  }

  // ---- policy objects -----------------------------------------------------------------------

  private policyType(req: SimRequest): PolicyType {
    const type = req.params.type!;
    if (type === FIREWALL_SETTINGS) {
      throw new PceError(405, TOKENS.methodNotAllowed, 'Not allowed: firewall settings are read and updated, never created or deleted');
    }
    if (!(POLICY_TYPES as readonly string[]).includes(type)) {
      throw notFound();
    }
    return type as PolicyType;
  }

  /** Writes go to draft only; active and numbered versions are read-only. */
  private draftOnly(req: SimRequest): void {
    if (req.params.pversion !== 'draft') {
      throw new PceError(405, TOKENS.methodNotAllowed, 'Not allowed: only the draft policy can be changed');
    }
  }

  private policyCollection(req: SimRequest): SimResponse {
    const type = this.policyType(req);
    const pversion = req.params.pversion!;
    if (req.method === 'POST') {
      this.draftOnly(req);
      return json(201, this.state.render(this.state.createPolicy(type, parseObject(req.body)), 'draft'));
    }
    const items = this.state.objects(type, pversion).filter((item) => matchesPolicyFilters(req, item));
    return this.collection(req, items.map((item) => this.state.render(item, pversion)));
  }

  private policyById(req: SimRequest): SimResponse {
    const type = this.policyType(req);
    const { pversion, id } = req.params as { pversion: string; id: string };
    if (req.method === 'GET') {
      return json(200, this.state.render(this.state.object(type, pversion, id), pversion));
    }
    this.draftOnly(req);
    if (req.method === 'PUT') {
      this.state.updatePolicy(type, id, parseObject(req.body));
    } else {
      this.state.deletePolicy(type, id);
    }
    return empty(204);
  }

  /** The one firewall settings object (20.1: GET and PUT, 204). */
  private firewallSettings(req: SimRequest): SimResponse {
    const pversion = req.params.pversion!;
    if (req.method === 'GET') {
      return json(200, this.state.renderFirewallSettings(pversion));
    }
    this.draftOnly(req);
    this.state.updateFirewallSettings(parseObject(req.body));
    return empty(204);
  }

  // ---- security principals (20.1 "Security Principals"), the user groups rules may name as consumers ----

  private securityPrincipalCollection(req: SimRequest): SimResponse {
    if (req.method === 'POST') {
      return json(201, this.renderSecurityPrincipal(this.state.createSecurityPrincipal(parseObject(req.body))));
    }
    const name = req.query.get('name');
    const sid = req.query.get('sid');
    const found = this.state.securityPrincipals.list()
      .filter((principal) => (name === null || principal.name === name) && (sid === null || principal.sid === sid));
    return this.collection(req, found.map((principal) => this.renderSecurityPrincipal(principal)));
  }

  private securityPrincipalById(req: SimRequest): SimResponse {
    const id = req.params.id!;
    if (req.method === 'DELETE') {
      this.state.deleteSecurityPrincipal(id);
      return empty(204);
    }
    return json(200, this.renderSecurityPrincipal(this.state.securityPrincipals.get(id) ?? throwError(notFound())));
  }

  private renderSecurityPrincipal(principal: StoredSecurityPrincipal): Json {
    return { href: this.state.securityPrincipalHref(principal.id), sid: principal.sid, name: principal.name, description: principal.description };
  }

  private ruleCollection(req: SimRequest): SimResponse {
    const { pversion, id } = req.params as { pversion: string; id: string };
    if (req.method === 'POST') {
      this.draftOnly(req);
      const rule = this.state.createRule(id, parseObject(req.body));
      return json(201, this.state.renderRule(Number(id), rule, 'draft'));
    }
    const ruleSet = this.state.object('rule_sets', pversion, id);
    return this.collection(req, (ruleSet.rules ?? []).map((rule) => this.state.renderRule(ruleSet.id, rule, pversion)));
  }

  private ruleById(req: SimRequest): SimResponse {
    const { pversion, id, rule } = req.params as { pversion: string; id: string; rule: string };
    if (req.method === 'GET') {
      return json(200, this.state.renderRule(Number(id), this.state.rule(id, pversion, rule), pversion));
    }
    this.draftOnly(req);
    if (req.method === 'PUT') {
      this.state.updateRule(id, rule, parseObject(req.body));
    } else {
      this.state.deleteRule(id, rule);
    }
    return empty(204);
  }

  // ---- provisioning --------------------------------------------------------------------------

  /** What draft holds that active does not, per type (20.1 GET sec_policy/pending); types without changes left out. */
  private pending(): SimResponse {
    const result: Record<string, Json[]> = {};
    for (const item of this.state.pending()) {
      (result[item.type] ??= []).push({
        name: item.body.name,
        href: this.state.policyHref(item.type, item.id),
        updated_by: USER,
        updated_at: item.updated_at,
        update_type: item.update_type,
        caps: ['write'],
      });
    }
    const firewallSettings = this.state.pendingFirewallSettings();
    if (firewallSettings !== undefined) {
      // A single object, not a list (20.1 sec_policy_pending_get).
      const change = {
        href: this.state.firewallSettingsHref(),
        update_type: firewallSettings.update_type,
        updated_by: USER,
        updated_at: firewallSettings.updated_at,
      };
      return json(200, { ...result, firewall_settings: change });
    }
    return json(200, result);
  }

  private provision(req: SimRequest): SimResponse {
    const body = parseObject(req.body);
    checkProperties(body, 'provision', 'sec_policy_post');
    const description = typeof body.update_description === 'string' ? body.update_description : null;
    const version = this.state.provision(description, body.change_subset as ChangeSubset | undefined);
    return json(201, this.renderVersion(version));
  }

  private listVersions(req: SimRequest): SimResponse {
    return this.collection(req, this.state.listVersions().map((version) => this.renderVersion(version)));
  }

  private renderVersion(version: PolicyVersion): Json {
    const counts: Record<string, number> = {};
    for (const type of POLICY_TYPES) {
      counts[type] = version.objects[type].length;
    }
    counts[FIREWALL_SETTINGS] = 1;
    UNSIMULATED_COUNTS.forEach((type) => (counts[type] = 0));
    return {
      href: `/orgs/${this.orgId}/sec_policy/${version.version}`,
      version: version.version,
      workloads_affected: 0,
      commit_message: version.commit_message,
      object_counts: counts,
      created_at: version.created_at,
      created_by: USER,
    };
  }
}

/**
 * name and description filters match partially (20.1: "Supports partial matches"); label group
 * key and external data exactly; virtual services have their own (matchesVirtualServiceFilters).
 */
function matchesPolicyFilters(req: SimRequest, item: StoredPolicyObject): boolean {
  const partial = (name: string): boolean => {
    const wanted = req.query.get(name);
    return wanted === null || String(item.body[name] ?? '').toLowerCase().includes(wanted.toLowerCase());
  };
  const exact = (name: string): boolean => {
    const wanted = req.query.get(name);
    return wanted === null || item.body[name] === wanted;
  };
  const common = partial('name') && partial('description') && exact('key') && exact('external_data_set') && exact('external_data_reference');
  return common && (item.type !== 'virtual_services' || matchesVirtualServiceFilters(req, item.body));
}

/** The filters of 20.1 GET virtual_services beyond name and description. */
function matchesVirtualServiceFilters(req: SimRequest, body: Json): boolean {
  const query = (name: string): string | undefined => req.query.get(name) ?? undefined;
  const ports = (body.service_ports ?? []) as Json[];
  const addresses = (body.service_addresses ?? []) as Json[];
  const contains = (value: unknown, wanted: string): boolean => typeof value === 'string' && value.toLowerCase().includes(wanted.toLowerCase());
  const service = query('service');
  const fqdn = query('service_address.fqdn');
  const ip = query('service_address.ip');
  const proto = query('service_ports.proto');
  const port = query('service_ports.port');
  const labels = query('labels');
  return (service === undefined || (body.service as Json | undefined)?.href === service)
    && (fqdn === undefined || addresses.some((address) => contains(address.fqdn, fqdn)))
    && (ip === undefined || addresses.some((address) => contains(address.ip, ip)))
    && (proto === undefined || ports.some((entry) => String(entry.proto) === proto))
    && (port === undefined || ports.some((entry) => portMatches(entry, port)))
    && (labels === undefined || labelsMatch(body, labels));
}

/** `service_ports.port`: a port, or a `from-to` range, within an entry's port range. */
function portMatches(entry: Json, wanted: string): boolean {
  const [from, to = from] = wanted.split('-').map(Number);
  const low = typeof entry.port === 'number' ? entry.port : -1;
  const high = typeof entry.to_port === 'number' ? entry.to_port : low;
  return low === -1 || (from! >= low && to! <= high);
}

/** `labels`: a JSON list of lists of label hrefs; an object matches when it carries every label of one inner list. */
function labelsMatch(body: Json, wanted: string): boolean {
  let groups: unknown;
  try {
    groups = JSON.parse(wanted);
  } catch {
    throw validationError('labels must be a JSON list of lists of label hrefs');
  }
  if (!Array.isArray(groups) || groups.some((group) => !Array.isArray(group))) {
    throw validationError('labels must be a JSON list of lists of label hrefs');
  }
  const mine = new Set(((body.labels ?? []) as Json[]).map((label) => label.href));
  return (groups as unknown[][]).some((group) => group.every((href) => mine.has(String(href).replace('/sec_policy/active/', '/sec_policy/draft/'))));
}

function throwError(error: Error): never {
  throw error;
}
