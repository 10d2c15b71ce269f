import { randomBytes, randomUUID } from 'node:crypto';
import { Collection, empty, Handler, json, SimRequest, SimResponse, Store } from '../core';
import { invalidUri, notFound, validationError } from './errors';
import { Json, parseObject } from './objects';
import { IllumioState } from './state';

/**
 * Workloads, workload interfaces, pairing profiles, pairing keys and VENs of the simulated PCE
 * (Illumio Core 20.1, seed 003: "Workloads", "Workload Interfaces", "Pairing Profiles", "VENs").
 *
 * - Unmanaged workloads are created, changed and deleted through the API; managed ones appear
 *   when a VEN pairs with a pairing key (`pair`, the simulator's stand-in for a host running the
 *   pairing script) and cannot be deleted through `DELETE workloads/:id`.
 * - Bulk create, update and delete answer 204 with no body, as 20.1 documents them. The document
 *   is silent on partial failure; here a batch is checked whole and applied all or nothing.
 * - Deleted workloads are soft-deleted (20.1 lists them with `include_deleted`; GET by href
 *   returns them with `deleted: true`).
 * - A pairing key is answered as `{"activation_code": ...}`: neither 20.1 nor the 25.2 OpenAPI
 *   documents the body of the 201; this is what a PCE returns (Illumio's pairing script reads it).
 *   The document has no GET for keys: a key is shown once.
 * - One label per key on a workload and on a pairing profile, as the PCE enforces (20.1 is silent).
 */

/** What the simulator core lets this module do on the PCE's routes (auth, rate limit, errors). */
export interface IllumioRouteHost {
  route(methods: string | readonly string[], pattern: string, handler: Handler): void;
  /** A collection GET with max_results, X-Total-Count and async jobs. */
  collection(req: SimRequest, items: readonly Json[]): SimResponse;
}

export interface StoredInterface {
  name: string;
  link_state: string;
  address: string | null;
  cidr_block: number | null;
  default_gateway_address: string | null;
  friendly_name: string | null;
}

export interface StoredWorkload {
  readonly id: string;
  readonly seq: number;
  body: Json;
  interfaces: StoredInterface[];
  labels: string[];
  mode: string;
  log_traffic: boolean;
  /** The VEN id of a managed workload; null for an unmanaged one. */
  readonly ven: string | null;
  deleted: boolean;
  readonly created_at: string;
  updated_at: string;
}

export interface StoredPairingProfile {
  readonly id: number;
  body: Json;
  labels: string[];
  total_use_count: number;
  last_pairing_at: string | null;
  readonly created_at: string;
  updated_at: string;
}

interface StoredPairingKey {
  readonly code: string;
  readonly profile: number;
  uses: number;
  readonly expires_at: number | null;
}

export interface StoredVen {
  readonly id: string;
  name: string | null;
  description: string | null;
  readonly hostname: string;
  readonly version: string;
  status: string;
  target_pce_fqdn: string | null;
  readonly workload: string;
  readonly created_at: string;
  updated_at: string;
}

const USER = { href: '/users/1' };
/** Items per bulk operation (Illumio REST API guide: "Bulk operations are rate limited to 1,000 items per operation"). */
const MAX_BULK_ITEMS = 1000;
const MODES = ['idle', 'illuminated', 'enforced'];
const LINK_STATES = ['up', 'down', 'unknown'];
const VISIBILITY_LEVELS = ['flow_full_detail', 'flow_summary', 'flow_drops', 'flow_off'];
const EXTERNAL = ['external_data_set', 'external_data_reference'];
const WORKLOAD_TEXT = [
  'name', 'description', 'hostname', 'service_principal_name', 'agent_to_pce_certificate_authentication_id', 'distinguished_name', 'public_ip',
  'service_provider', 'data_center', 'data_center_zone', 'os_id', 'os_detail', ...EXTERNAL,
];
/** Writable properties, from the 20.1 parameter tables (workloads_post, workloads_put, ...). */
const WRITABLE = {
  workloads_post: [...WORKLOAD_TEXT, 'online', 'interfaces', 'labels', 'agent'],
  // workloads_put: the document's example also sends href (ignored) and agent.status.
  workloads_put: [...WORKLOAD_TEXT, 'href', 'online', 'interfaces', 'labels', 'agent'],
  workloads_interfaces_post: ['name', 'link_state', 'address', 'cidr_block', 'default_gateway_address', 'friendly_name'],
  pairing_profiles: [
    'name', 'description', 'mode', 'enabled', 'allowed_uses_per_key', 'key_lifespan', 'labels', 'env_label_lock', 'loc_label_lock',
    'role_label_lock', 'app_label_lock', 'mode_lock', 'log_traffic', 'log_traffic_lock', 'visibility_level', 'visibility_level_lock',
    'agent_software_release', ...EXTERNAL,
  ],
  vens_put: ['target_pce_fqdn', 'name', 'description', 'status'],
} as const;
const PROFILE_FLAGS = ['enabled', 'env_label_lock', 'loc_label_lock', 'role_label_lock', 'app_label_lock', 'mode_lock', 'log_traffic', 'log_traffic_lock', 'visibility_level_lock'];

/** The inventory of one org: workloads, pairing profiles and keys, VENs. */
export class WorkloadInventory {
  public readonly workloads: Collection<StoredWorkload>;
  public readonly pairingProfiles: Collection<StoredPairingProfile>;
  public readonly vens: Collection<StoredVen>;
  private readonly pairingKeys: Collection<StoredPairingKey>;
  /** The newest workload's `seq`; never goes back, so collections list workloads in creation order. */
  private lastSeq = 0;

  constructor(private readonly store: Store, private readonly state: IllumioState) {
    this.workloads = store.collection('workloads');
    this.pairingProfiles = store.collection('pairing_profiles');
    this.pairingKeys = store.collection('pairing_keys');
    this.vens = store.collection('vens');
    // Labels on workloads and pairing profiles are in use: the PCE refuses to delete them.
    state.referrerSources.push((href) => this.labelUsers(href));
  }

  public register(host: IllumioRouteHost): void {
    const org = '/api/v2/orgs/:org';
    host.route(['GET', 'POST'], `${org}/workloads`, (req) => (req.method === 'GET' ? this.listWorkloads(host, req) : this.postWorkload(req)));
    host.route('PUT', `${org}/workloads/bulk_create`, (req) => this.bulkCreate(req));
    host.route('PUT', `${org}/workloads/bulk_update`, (req) => this.bulkUpdate(req));
    host.route('PUT', `${org}/workloads/bulk_delete`, (req) => this.bulkDelete(req));
    host.route(['GET', 'PUT', 'DELETE'], `${org}/workloads/:id`, (req) => this.workloadById(req));
    host.route(['GET', 'POST'], `${org}/workloads/:id/interfaces`, (req) => this.interfaces(host, req));
    host.route(['GET', 'DELETE'], `${org}/workloads/:id/interfaces/:name`, (req) => this.interfaceByName(req));
    host.route(['GET', 'POST'], `${org}/pairing_profiles`, (req) => (req.method === 'GET' ? this.listProfiles(host, req) : this.postProfile(req)));
    host.route(['GET', 'PUT', 'DELETE'], `${org}/pairing_profiles/:id`, (req) => this.profileById(req));
    host.route('POST', `${org}/pairing_profiles/:id/pairing_key`, (req) => this.pairingKey(req));
    host.route('GET', `${org}/vens`, (req) => this.listVens(host, req));
    host.route(['GET', 'PUT'], `${org}/vens/:id`, (req) => this.venById(req));
  }

  // ---- hrefs and rendering ----

  public workloadHref(id: string): string {
    return `/orgs/${this.state.org}/workloads/${id}`;
  }

  public profileHref(id: number): string {
    return `/orgs/${this.state.org}/pairing_profiles/${id}`;
  }

  public venHref(id: string): string {
    return `/orgs/${this.state.org}/vens/${id}`;
  }

  public renderWorkload(workload: StoredWorkload): Json {
    const ven = workload.ven === null ? undefined : this.vens.get(workload.ven);
    return {
      href: this.workloadHref(workload.id),
      deleted: workload.deleted,
      ...defaults(WORKLOAD_TEXT),
      ...workload.body,
      online: workload.body.online ?? ven !== undefined,
      interfaces: workload.interfaces.map(renderInterface),
      labels: workload.labels.map((href) => ({ href })),
      agent: {
        config: { mode: workload.mode, log_traffic: workload.log_traffic, security_policy_update_mode: 'adaptive' },
        ...(ven ? { href: `/orgs/${this.state.org}/agents/${ven.id}`, status: { uid: ven.id, status: ven.status }, target_pce_fqdn: ven.target_pce_fqdn } : {}),
      },
      ven: ven ? { href: this.venHref(ven.id), hostname: ven.hostname, name: ven.name, status: ven.status } : null,
      created_at: workload.created_at,
      updated_at: workload.updated_at,
      created_by: USER,
      updated_by: USER,
    };
  }

  public renderProfile(profile: StoredPairingProfile): Json {
    return {
      href: this.profileHref(profile.id),
      ...profile.body,
      labels: profile.labels.map((href) => ({ href })),
      total_use_count: profile.total_use_count,
      last_pairing_at: profile.last_pairing_at,
      is_default: false,
      created_at: profile.created_at,
      updated_at: profile.updated_at,
      created_by: USER,
      updated_by: USER,
    };
  }

  public renderVen(ven: StoredVen): Json {
    const workload = this.workloads.get(ven.workload);
    return {
      href: this.venHref(ven.id),
      name: ven.name,
      description: ven.description,
      hostname: ven.hostname,
      uid: ven.id,
      version: ven.version,
      status: ven.status,
      activation_type: 'pairing_key',
      active_pce_fqdn: 'pce.simulator.local',
      target_pce_fqdn: ven.target_pce_fqdn,
      labels: (workload?.labels ?? []).map((href) => this.labelRef(href)),
      interfaces: (workload?.interfaces ?? []).map(renderInterface),
      workloads: workload
        ? [{ href: this.workloadHref(workload.id), name: workload.body.name ?? null, hostname: workload.body.hostname ?? null }]
        : [],
      created_at: ven.created_at,
      updated_at: ven.updated_at,
    };
  }

  // ---- pairing: what a host running the pairing script does ----

  /**
   * A VEN pairs with an activation code: a VEN and a managed workload appear with the profile's
   * labels, mode and traffic logging. Throws the PCE's 406 for an unknown, used up or expired key.
   */
  public pair(activationCode: string, host: { hostname: string; version?: string; interfaces?: readonly Json[] }): { workload: string; ven: string } {
    const key = this.pairingKeys.get(activationCode);
    const profile = key === undefined ? undefined : this.pairingProfiles.get(String(key.profile));
    const allowed = profile?.body.allowed_uses_per_key;
    if (key === undefined || profile === undefined || profile.body.enabled !== true
      || (key.expires_at !== null && Date.now() > key.expires_at) || (typeof allowed === 'number' && key.uses >= allowed)) {
      throw validationError('Invalid activation code');
    }
    const now = timestamp();
    const venId = randomUUID();
    const workload = this.newWorkload({ hostname: host.hostname, name: host.hostname }, host.interfaces ?? [], venId);
    workload.labels = [...profile.labels];
    workload.mode = String(profile.body.mode ?? 'idle');
    workload.log_traffic = profile.body.log_traffic === true;
    this.store.write(() => {
      this.vens.create(venId, {
        id: venId,
        name: host.hostname,
        description: null,
        hostname: host.hostname,
        version: host.version ?? '20.1.0',
        status: 'active',
        target_pce_fqdn: null,
        workload: workload.id,
        created_at: now,
        updated_at: now,
      });
      this.workloads.create(workload.id, workload);
      this.pairingKeys.update(key.code, { ...key, uses: key.uses + 1 });
      this.pairingProfiles.update(String(profile.id), { ...profile, total_use_count: profile.total_use_count + 1, last_pairing_at: now });
    });
    return { workload: this.workloadHref(workload.id), ven: this.venHref(venId) };
  }

  // ---- workloads ----

  /** Filters of 20.1 GET workloads: text partial, external data exact, labels as a JSON list of lists. */
  private listWorkloads(host: IllumioRouteHost, req: SimRequest): SimResponse {
    const q = (name: string): string | undefined => req.query.get(name) ?? undefined;
    const includeDeleted = q('include_deleted') === 'true';
    const labelGroups = q('labels') === undefined ? undefined : parseLabelQuery(q('labels')!);
    const found = sortBySeq(this.workloads.list()).filter((workload) => (includeDeleted || !workload.deleted)
      && ['name', 'hostname', 'description', 'os_id'].every((name) => partial(workload.body[name], q(name)))
      && EXTERNAL.every((name) => q(name) === undefined || workload.body[name] === q(name))
      && (q('managed') === undefined || String(workload.ven !== null) === q('managed'))
      && (q('mode') === undefined || workload.mode === q('mode'))
      && (q('log_traffic') === undefined || String(workload.log_traffic) === q('log_traffic'))
      && (q('ven') === undefined || (workload.ven !== null && this.venHref(workload.ven) === q('ven')))
      && (q('ip_address') === undefined || workload.interfaces.some((entry) => partial(entry.address, q('ip_address'))))
      && (labelGroups === undefined || labelGroups.some((group) => group.every((href) => workload.labels.includes(href)))));
    return host.collection(req, found.map((workload) => this.renderWorkload(workload)));
  }

  private postWorkload(req: SimRequest): SimResponse {
    const workload = this.checkedNewWorkload(parseObject(req.body), 'workloads_post');
    this.store.write(() => this.workloads.create(workload.id, workload));
    return json(201, this.renderWorkload(workload));
  }

  private workloadById(req: SimRequest): SimResponse {
    const workload = this.workload(req.params.id!);
    if (req.method === 'GET') {
      return json(200, this.renderWorkload(workload));
    }
    if (workload.deleted) throw notFound();
    if (req.method === 'PUT') {
      const changed = this.changedWorkload(workload, parseObject(req.body));
      this.store.write(() => this.workloads.update(workload.id, changed));
    } else {
      this.checkDeletable(workload);
      this.store.write(() => this.workloads.update(workload.id, { ...workload, deleted: true, updated_at: timestamp() }));
    }
    return empty(204);
  }

  /**
   * 20.1 workloads_bulk_create_put: a list of workloads_post bodies; 204, nothing returned. At most
   * 1,000 items per bulk operation (Illumio's REST API guide, "Workload Bulk Operations").
   */
  private bulkCreate(req: SimRequest): SimResponse {
    const items = parseList(req.body, 'workloads_bulk_create_put');
    if (items.length > MAX_BULK_ITEMS) throw validationError(`workloads_bulk_create_put: at most ${MAX_BULK_ITEMS} items per bulk operation, got ${items.length}`);
    const created = items.map((body) => this.checkedNewWorkload(body, 'workloads_post'));
    this.store.write(() => created.forEach((workload) => this.workloads.create(workload.id, workload)));
    return empty(204);
  }

  /** 20.1 workloads_bulk_update_put: workloads_put bodies, each with the href of its workload. */
  private bulkUpdate(req: SimRequest): SimResponse {
    const changed = parseList(req.body, 'workloads_bulk_update_put').map((body) => {
      const workload = this.workloadByHref(body.href);
      const { href: _href, ...rest } = body;
      return this.changedWorkload(workload, rest);
    });
    this.store.write(() => changed.forEach((workload) => this.workloads.update(workload.id, workload)));
    return empty(204);
  }

  /** 20.1 workloads_bulk_delete_put: `[{href}]`. */
  private bulkDelete(req: SimRequest): SimResponse {
    const doomed = parseList(req.body, 'workloads_bulk_delete_put').map((body) => this.workloadByHref(body.href));
    doomed.forEach((workload) => this.checkDeletable(workload));
    const now = timestamp();
    this.store.write(() => doomed.forEach((workload) => this.workloads.update(workload.id, { ...workload, deleted: true, updated_at: now })));
    return empty(204);
  }

  private workload(id: string): StoredWorkload {
    return this.workloads.get(id) ?? throwError(notFound());
  }

  private workloadByHref(href: unknown): StoredWorkload {
    const match = typeof href === 'string' ? new RegExp(`^/orgs/${this.state.org}/workloads/([^/]+)$`).exec(href) : null;
    const workload = match ? this.workloads.get(match[1]!) : undefined;
    if (workload === undefined || workload.deleted) throw invalidUri(String(href));
    return workload;
  }

  private checkDeletable(workload: StoredWorkload): void {
    if (workload.ven !== null) {
      // The document is silent on the answer; managed workloads leave the PCE by unpairing their VEN.
      throw validationError(`Workload ${this.workloadHref(workload.id)} is managed by a VEN: unpair it instead of deleting it`);
    }
  }

  private checkedNewWorkload(body: Json, where: keyof typeof WRITABLE): StoredWorkload {
    checkWritable(body, where);
    const workload = this.newWorkload({}, [], null);
    return this.changedWorkload(workload, body, where);
  }

  private newWorkload(body: Json, interfaces: readonly Json[], ven: string | null): StoredWorkload {
    const now = timestamp();
    const seq = ++this.lastSeq; // creation order without a scan of the collection per create
    return {
      id: randomUUID(),
      seq,
      body,
      interfaces: interfaces.map((entry) => checkInterface(entry)),
      labels: [],
      mode: 'idle',
      log_traffic: false,
      ven,
      deleted: false,
      created_at: now,
      updated_at: now,
    };
  }

  /** The workload with a workloads_put (or _post) body applied: only what the body names changes. */
  private changedWorkload(workload: StoredWorkload, body: Json, where: keyof typeof WRITABLE = 'workloads_put'): StoredWorkload {
    checkWritable(body, where);
    const next: StoredWorkload = { ...workload, body: { ...workload.body }, updated_at: timestamp() };
    for (const name of WORKLOAD_TEXT.filter((field) => field in body)) {
      next.body[name] = optionalString(body[name], name);
    }
    if ('online' in body) next.body.online = requireBoolean(body.online, 'online');
    if ('interfaces' in body) next.interfaces = uniqueInterfaces(requireObjects(body.interfaces, 'interfaces').map((entry) => checkInterface(entry)));
    if ('labels' in body) next.labels = this.checkLabels(body.labels);
    const config = agentConfig(body.agent);
    if (config.mode !== undefined) next.mode = config.mode;
    if (config.log_traffic !== undefined) next.log_traffic = config.log_traffic;
    return next;
  }

  private interfaces(host: IllumioRouteHost, req: SimRequest): SimResponse {
    const workload = this.workload(req.params.id!);
    if (req.method === 'GET') {
      return host.collection(req, workload.interfaces.map(renderInterface));
    }
    const body = parseObject(req.body);
    checkWritable(body, 'workloads_interfaces_post');
    if (typeof body.link_state !== 'string') throw validationError('workloads_interfaces_post: link_state is required');
    const added = checkInterface(body);
    if (workload.interfaces.some((entry) => entry.name === added.name)) {
      throw validationError(`Interface ${added.name} already exists on workload ${this.workloadHref(workload.id)}`);
    }
    this.store.write(() => this.workloads.update(workload.id, { ...workload, interfaces: [...workload.interfaces, added], updated_at: timestamp() }));
    return json(201, renderInterface(added));
  }

  private interfaceByName(req: SimRequest): SimResponse {
    const workload = this.workload(req.params.id!);
    const name = decodeURIComponent(req.params.name!);
    const found = workload.interfaces.find((entry) => entry.name === name) ?? throwError(notFound());
    if (req.method === 'GET') {
      return json(200, renderInterface(found));
    }
    const interfaces = workload.interfaces.filter((entry) => entry !== found);
    this.store.write(() => this.workloads.update(workload.id, { ...workload, interfaces, updated_at: timestamp() }));
    return empty(204);
  }

  // ---- pairing profiles ----

  private listProfiles(host: IllumioRouteHost, req: SimRequest): SimResponse {
    const q = (name: string): string | undefined => req.query.get(name) ?? undefined;
    const labelGroups = q('labels') === undefined ? undefined : parseLabelQuery(q('labels')!);
    const found = this.pairingProfiles.list().sort((a, b) => a.id - b.id).filter((profile) => partial(profile.body.name, q('name'))
      && partial(profile.body.description, q('description'))
      && ['agent_software_release', ...EXTERNAL].every((name) => q(name) === undefined || profile.body[name] === q(name))
      && (labelGroups === undefined || labelGroups.some((group) => group.every((href) => profile.labels.includes(href)))));
    return host.collection(req, found.map((profile) => this.renderProfile(profile)));
  }

  private postProfile(req: SimRequest): SimResponse {
    const body = parseObject(req.body);
    if (typeof body.name !== 'string' || body.name === '') throw validationError('pairing_profiles_post: name is required');
    const id = Math.max(0, ...this.pairingProfiles.list().map((profile) => profile.id)) + 1;
    const now = timestamp();
    const profile = this.changedProfile({
      id, body: { ...PROFILE_DEFAULTS }, labels: [], total_use_count: 0, last_pairing_at: null, created_at: now, updated_at: now,
    }, body);
    this.store.write(() => this.pairingProfiles.create(String(id), profile));
    return json(201, this.renderProfile(profile));
  }

  private profileById(req: SimRequest): SimResponse {
    const profile = this.pairingProfiles.get(req.params.id!) ?? throwError(notFound());
    if (req.method === 'GET') return json(200, this.renderProfile(profile));
    if (req.method === 'PUT') {
      const changed = this.changedProfile(profile, parseObject(req.body));
      this.store.write(() => this.pairingProfiles.update(String(profile.id), changed));
    } else {
      this.store.write(() => {
        this.pairingProfiles.delete(String(profile.id));
        // Keys of a deleted profile no longer pair anything.
        this.pairingKeys.list().filter((key) => key.profile === profile.id).forEach((key) => this.pairingKeys.delete(key.code));
      });
    }
    return empty(204);
  }

  private changedProfile(profile: StoredPairingProfile, body: Json): StoredPairingProfile {
    checkWritable(body, 'pairing_profiles');
    const next: StoredPairingProfile = { ...profile, body: { ...profile.body }, updated_at: timestamp() };
    for (const name of ['name', 'description', 'agent_software_release', ...EXTERNAL].filter((field) => field in body)) {
      next.body[name] = optionalString(body[name], name);
    }
    if (next.body.name === '' || next.body.name === null) throw validationError('pairing_profiles: name must not be empty');
    for (const name of PROFILE_FLAGS.filter((flag) => flag in body)) next.body[name] = requireBoolean(body[name], name);
    if ('mode' in body) next.body.mode = oneOf(body.mode, MODES, 'mode');
    if ('visibility_level' in body) next.body.visibility_level = oneOf(body.visibility_level, VISIBILITY_LEVELS, 'visibility_level');
    for (const name of ['allowed_uses_per_key', 'key_lifespan'].filter((field) => field in body)) next.body[name] = countOrUnlimited(body[name], name);
    if ('labels' in body) next.labels = this.checkLabels(body.labels);
    return next;
  }

  /** 20.1 POST pairing_profiles/:id/pairing_key: body `{}`, 201; a disabled profile issues no key. */
  private pairingKey(req: SimRequest): SimResponse {
    const profile = this.pairingProfiles.get(req.params.id!) ?? throwError(notFound());
    const body = parseObject(req.body);
    if (Object.keys(body).length > 0) throw validationError(`Properties [${Object.keys(body).join(', ')}] are not allowed in pairing_profiles_pairing_key_post`);
    if (profile.body.enabled !== true) throw validationError(`Pairing profile ${this.profileHref(profile.id)} is disabled and issues no pairing keys`);
    const code = randomBytes(32).toString('hex');
    const lifespan = profile.body.key_lifespan;
    this.store.write(() => this.pairingKeys.create(code, {
      code, profile: profile.id, uses: 0, expires_at: typeof lifespan === 'number' ? Date.now() + lifespan * 1000 : null,
    }));
    return json(201, { activation_code: code });
  }

  // ---- VENs ----

  /** Filters of 20.1 GET vens: text partial, status exact, labels as a JSON list of lists. */
  private listVens(host: IllumioRouteHost, req: SimRequest): SimResponse {
    const q = (name: string): string | undefined => req.query.get(name) ?? undefined;
    const labelGroups = q('labels') === undefined ? undefined : parseLabelQuery(q('labels')!);
    const found = this.vens.list().filter((ven) => {
      const labels = this.workloads.get(ven.workload)?.labels ?? [];
      return partial(ven.name, q('name')) && partial(ven.hostname, q('hostname')) && partial(ven.description, q('description'))
        && partial(ven.version, q('version'))
        && (q('status') === undefined || ven.status === q('status'))
        && (q('activation_type') === undefined || q('activation_type') === 'pairing_key')
        && (labelGroups === undefined || labelGroups.some((group) => group.every((href) => labels.includes(href))));
    });
    return host.collection(req, found.map((ven) => this.renderVen(ven)));
  }

  /** 20.1 vens_put: name, description, target_pce_fqdn, status (active or suspended); 204. */
  private venById(req: SimRequest): SimResponse {
    const ven = this.vens.get(req.params.id!) ?? throwError(notFound());
    if (req.method === 'GET') return json(200, this.renderVen(ven));
    const body = parseObject(req.body);
    checkWritable(body, 'vens_put');
    const next: StoredVen = { ...ven, updated_at: timestamp() };
    if ('name' in body) next.name = optionalString(body.name, 'name');
    if ('description' in body) next.description = optionalString(body.description, 'description');
    if ('target_pce_fqdn' in body) next.target_pce_fqdn = optionalString(body.target_pce_fqdn, 'target_pce_fqdn');
    if ('status' in body) next.status = oneOf(body.status, ['active', 'suspended'], 'status');
    this.store.write(() => this.vens.update(ven.id, next));
    return empty(204);
  }

  // ---- labels ----

  /** `[{href}]` of existing labels, at most one per key. */
  private checkLabels(value: unknown): string[] {
    const hrefs = requireObjects(value, 'labels').map((entry) => entry.href);
    const keys = new Map<string, string>();
    return hrefs.map((href) => {
      const match = typeof href === 'string' ? new RegExp(`^/orgs/${this.state.org}/labels/(\\d+)$`).exec(href) : null;
      const label = match ? this.state.labels.get(match[1]!) : undefined;
      if (label === undefined || label.deleted) throw invalidUri(String(href));
      if (keys.has(label.key)) throw validationError(`labels: only one label of key ${label.key} may be assigned, got ${keys.get(label.key)} and ${href}`);
      keys.set(label.key, String(href));
      return String(href);
    });
  }

  private labelRef(href: string): Json {
    const label = this.state.labels.get(href.replace(/^.*\//, ''));
    return { href, key: label?.key ?? null, value: label?.value ?? null };
  }

  private labelUsers(href: string): string[] {
    const workloads = this.workloads.list().filter((workload) => !workload.deleted && workload.labels.includes(href));
    const profiles = this.pairingProfiles.list().filter((profile) => profile.labels.includes(href));
    return [...workloads.map((workload) => this.workloadHref(workload.id)), ...profiles.map((profile) => this.profileHref(profile.id))];
  }
}

/** A new pairing profile's values where the body leaves them out (the document names none; a PCE's console defaults). */
const PROFILE_DEFAULTS: Json = {
  description: null,
  mode: 'idle',
  enabled: true,
  allowed_uses_per_key: 'unlimited',
  key_lifespan: 'unlimited',
  env_label_lock: true,
  loc_label_lock: true,
  role_label_lock: true,
  app_label_lock: true,
  mode_lock: true,
  log_traffic: false,
  log_traffic_lock: true,
  visibility_level: 'flow_summary',
  visibility_level_lock: true,
  external_data_set: null,
  external_data_reference: null,
  agent_software_release: null,
};

function renderInterface(entry: StoredInterface): Json {
  return { ...entry, network: null, network_detection_mode: null };
}

function checkInterface(entry: Json): StoredInterface {
  checkWritable(entry, 'workloads_interfaces_post');
  if (typeof entry.name !== 'string' || entry.name === '') throw validationError('interfaces: name is required');
  const cidr = entry.cidr_block;
  if (cidr !== undefined && cidr !== null && (!Number.isInteger(cidr) || (cidr as number) < 0 || (cidr as number) > 128)) {
    throw validationError(`interfaces: cidr_block must be an integer from 0 to 128, got ${JSON.stringify(cidr)}`);
  }
  return {
    name: entry.name,
    link_state: entry.link_state === undefined ? 'up' : oneOf(entry.link_state, LINK_STATES, 'link_state'),
    address: optionalString(entry.address, 'address'),
    cidr_block: typeof cidr === 'number' ? cidr : null,
    default_gateway_address: optionalString(entry.default_gateway_address, 'default_gateway_address'),
    friendly_name: optionalString(entry.friendly_name, 'friendly_name'),
  };
}

function uniqueInterfaces(interfaces: StoredInterface[]): StoredInterface[] {
  const names = interfaces.map((entry) => entry.name);
  const twice = names.find((name, index) => names.indexOf(name) !== index);
  if (twice !== undefined) throw validationError(`interfaces: name ${twice} is given twice`);
  return interfaces;
}

/** `agent.config.mode` and `agent.config.log_traffic` of a workloads_post/put body. */
function agentConfig(agent: unknown): { mode?: string; log_traffic?: boolean } {
  if (agent === undefined || agent === null) return {};
  const config = (agent as Json).config as Json | undefined;
  if (config === undefined || config === null) return {};
  return {
    mode: config.mode === undefined ? undefined : oneOf(config.mode, MODES, 'agent.config.mode'),
    log_traffic: config.log_traffic === undefined ? undefined : requireBoolean(config.log_traffic, 'agent.config.log_traffic'),
  };
}

function checkWritable(body: Json, where: keyof typeof WRITABLE): void {
  const allowed: readonly string[] = WRITABLE[where];
  const unknown = Object.keys(body).filter((name) => !allowed.includes(name));
  if (unknown.length > 0) throw validationError(`Properties [${unknown.join(', ')}] are not allowed in ${where}`);
}

function parseList(text: string, where: string): Json[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw validationError('Request body is not valid JSON');
  }
  return requireObjects(parsed, where);
}

function requireObjects(value: unknown, name: string): Json[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'object' || item === null || Array.isArray(item))) {
    throw validationError(`${name} must be an array of objects`);
  }
  return value as Json[];
}

function optionalString(value: unknown, name: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw validationError(`${name} must be a string`);
  return value;
}

function requireBoolean(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') throw validationError(`${name} must be true or false`);
  return value;
}

function oneOf(value: unknown, allowed: readonly string[], name: string): string {
  if (typeof value !== 'string' || !allowed.includes(value)) throw validationError(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  return value;
}

/** allowed_uses_per_key and key_lifespan: a positive integer or "unlimited" (20.1: integer xor string). */
function countOrUnlimited(value: unknown, name: string): number | string {
  if (value === 'unlimited' || (Number.isInteger(value) && (value as number) > 0)) return value as number | string;
  throw validationError(`${name} must be a positive integer or "unlimited", got ${JSON.stringify(value)}`);
}

function partial(value: unknown, wanted: string | undefined): boolean {
  return wanted === undefined || (typeof value === 'string' && value.toLowerCase().includes(wanted.toLowerCase()));
}

function parseLabelQuery(text: string): string[][] {
  let groups: unknown;
  try {
    groups = JSON.parse(text);
  } catch {
    throw validationError('labels must be a JSON list of lists of label hrefs');
  }
  if (!Array.isArray(groups) || groups.some((group) => !Array.isArray(group))) throw validationError('labels must be a JSON list of lists of label hrefs');
  return (groups as unknown[][]).map((group) => group.map(String));
}

function defaults(names: readonly string[]): Json {
  return Object.fromEntries(names.map((name) => [name, null]));
}

function sortBySeq(workloads: StoredWorkload[]): StoredWorkload[] {
  return workloads.sort((a, b) => a.seq - b.seq);
}

function timestamp(): string {
  return new Date().toISOString();
}

function throwError(error: Error): never {
  throw error;
}

