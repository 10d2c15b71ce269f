import { randomBytes } from 'node:crypto';
import { empty, json, SimRequest, SimResponse } from '../core';
import { notFound, PceError, TOKENS, validationError } from './errors';
import { Json, parseObject } from './objects';
import { allowOnly, exact, newUuid, now, OperationsContext, optionalString, oneOf, partial, throwError, USER } from './operations';
import { registerSecret } from '../../util/log';

/** 20.1 container_clusters_post / _put. */
const CLUSTER_WRITABLE = ['name', 'description'];
/** 20.1 container_clusters_container_workload_profiles_post / _put. */
const PROFILE_WRITABLE = ['name', 'description', 'assign_labels', 'mode', 'log_traffic'];
/** "Enumerated Values" of the profile's mode. */
const PROFILE_MODES = ['unmanaged', 'illuminated', 'enforced'];

interface StoredCluster {
  readonly id: string;
  name: string;
  description: string | null;
  readonly created_at: string;
  updated_at: string;
}

interface StoredProfile {
  readonly id: string;
  readonly cluster: string;
  body: Json;
  readonly created_at: string;
  updated_at: string;
}

/**
 * Container clusters (`/orgs/:org/container_clusters/:uuid`) and their container workload profiles
 * (`.../container_workload_profiles/:uuid`), 20.1 "Containers".
 *
 * Where the document is silent: it shows no body for the 201 of a create; the PCE answers with
 * the object, and for a cluster that answer alone carries `container_cluster_token`, the secret
 * Kubelink pairs with (never returned by a GET again). Names of clusters, and of profiles within
 * a cluster, are kept unique (the document does not say; the PCE refuses duplicates). A new
 * cluster has no profiles here (a real PCE adds a default one when Kubelink first reports).
 */
export function registerContainerRoutes(ctx: OperationsContext): void {
  const clusters = ctx.host.store.collection<StoredCluster>('container_clusters');
  const profiles = ctx.host.store.collection<StoredProfile>('container_workload_profiles');
  const base = `${ctx.org}/container_clusters`;
  const clusterHref = (id: string): string => ctx.href(`container_clusters/${id}`);
  const profileHref = (p: StoredProfile): string => `${clusterHref(p.cluster)}/container_workload_profiles/${p.id}`;
  const cluster = (id: string): StoredCluster => clusters.get(id) ?? throwError(notFound());
  ctx.host.state.referrerSources.push((href) => profiles.list()
    .filter((p) => ((p.body.assign_labels ?? []) as Json[]).some((label) => label.href === href)).map(profileHref));

  const renderCluster = (c: StoredCluster): Json => ({
    href: clusterHref(c.id),
    name: c.name,
    description: c.description,
    nodes: [],
    manager_type: null,
    network_type: null,
    last_connected: null,
    online: false,
    errors: [],
    kubelink_version: null,
    pce_fqdn: null,
    created_at: c.created_at,
    updated_at: c.updated_at,
  });

  const renderProfile = (p: StoredProfile): Json => ({
    href: profileHref(p),
    name: p.body.name ?? null,
    namespace: null,
    description: p.body.description ?? null,
    assign_labels: p.body.assign_labels ?? [],
    mode: p.body.mode,
    log_traffic: p.body.log_traffic,
    linked: false,
    created_at: p.created_at,
    created_by: USER,
    updated_at: p.updated_at,
    updated_by: USER,
  });

  const checkClusterName = (name: string, self: string | undefined): void => {
    const clash = clusters.list().find((c) => c.name === name && c.id !== self);
    if (clash) throw new PceError(406, TOKENS.nameConflict, `Container cluster name ${name} is already used by ${clusterHref(clash.id)}`);
  };

  const clusterBody = (req: SimRequest, creating: boolean): { name?: string; description?: string | null } => {
    const body = parseObject(req.body);
    const where = creating ? 'container_clusters_post' : 'container_clusters_put';
    allowOnly(body, CLUSTER_WRITABLE, where);
    const name = optionalString(body, 'name', where);
    if (name === null || name === '' || (creating && name === undefined)) {
      throw validationError(`${where}: name must be a non-empty string`); // the console requires a name; so does this simulator
    }
    return { name, description: optionalString(body, 'description', where) };
  };

  ctx.host.route(['GET', 'POST'], base, (req): SimResponse => {
    if (req.method === 'GET') {
      const found = clusters.list().filter((c) => partial(req, 'name', c.name));
      return ctx.host.collection(req, found.map(renderCluster));
    }
    const { name, description } = clusterBody(req, true);
    checkClusterName(name!, undefined);
    const id = newUuid();
    const created = now();
    const record: StoredCluster = { id, name: name!, description: description ?? null, created_at: created, updated_at: created };
    const stored = ctx.host.store.write(() => clusters.create(id, record));
    const token = `${ctx.host.orgId}_${randomBytes(32).toString('hex')}`;
    registerSecret(token);
    ctx.events.audit('container_cluster.create', clusterHref(id));
    return json(201, { ...renderCluster(stored), container_cluster_token: token });
  });

  ctx.host.route(['GET', 'PUT', 'DELETE'], `${base}/:cluster`, (req): SimResponse => {
    const c = cluster(req.params.cluster!);
    if (req.method === 'GET') return json(200, renderCluster(c));
    if (req.method === 'PUT') {
      const { name, description } = clusterBody(req, false);
      if (name !== undefined) checkClusterName(name, c.id);
      ctx.host.store.write(() => clusters.update(c.id, {
        ...c, name: name ?? c.name, description: description === undefined ? c.description : description, updated_at: now(),
      }));
      ctx.events.audit('container_cluster.update', clusterHref(c.id));
      return empty(204);
    }
    ctx.host.store.write(() => {
      profiles.list().filter((p) => p.cluster === c.id).forEach((p) => profiles.delete(p.id));
      clusters.delete(c.id);
    });
    ctx.events.audit('container_cluster.delete', clusterHref(c.id));
    return empty(204);
  });

  ctx.host.route('GET', `${base}/:cluster/service_backends`, (req) => {
    cluster(req.params.cluster!);
    return json(200, []); // no Kubelink reports services to the simulator
  });

  const profileBody = (req: SimRequest, creating: boolean, current: Json = {}): Json => {
    const body = parseObject(req.body);
    const where = creating ? 'container_clusters_container_workload_profiles_post' : 'container_clusters_container_workload_profiles_put';
    allowOnly(body, PROFILE_WRITABLE, where);
    if (creating && !('name' in body)) throw validationError(`${where}: name is required (string or null)`);
    optionalString(body, 'name', where);
    optionalString(body, 'description', where);
    const next: Json = { ...current, ...body };
    if (body.assign_labels !== undefined) next.assign_labels = ctx.labelRefs(body.assign_labels, `${where}: assign_labels`);
    if (body.mode !== undefined) oneOf(body.mode, PROFILE_MODES, 'mode', where);
    if (body.log_traffic !== undefined && typeof body.log_traffic !== 'boolean') throw validationError(`${where}: log_traffic must be a boolean`);
    // Defaults the document leaves unsaid: a profile that names no mode leaves its pods unmanaged.
    return { mode: 'unmanaged', log_traffic: false, assign_labels: [], ...next };
  };

  const checkProfileName = (clusterId: string, name: unknown, self: string | undefined): void => {
    if (typeof name !== 'string') return;
    const clash = profiles.list().find((p) => p.cluster === clusterId && p.body.name === name && p.id !== self);
    if (clash) throw new PceError(406, TOKENS.nameConflict, `Container workload profile name ${name} is already used by ${profileHref(clash)}`);
  };

  ctx.host.route(['GET', 'POST'], `${base}/:cluster/container_workload_profiles`, (req): SimResponse => {
    const c = cluster(req.params.cluster!);
    if (req.method === 'GET') {
      const found = profiles.list().filter((p) => p.cluster === c.id).map(renderProfile).filter((p) => matchesProfile(req, p));
      return ctx.host.collection(req, found);
    }
    const body = profileBody(req, true);
    checkProfileName(c.id, body.name, undefined);
    const id = newUuid();
    const created = now();
    const stored = ctx.host.store.write(() => profiles.create(id, { id, cluster: c.id, body, created_at: created, updated_at: created }));
    ctx.events.audit('container_workload_profile.create', profileHref(stored));
    return json(201, renderProfile(stored));
  });

  ctx.host.route(['GET', 'PUT', 'DELETE'], `${base}/:cluster/container_workload_profiles/:profile`, (req): SimResponse => {
    const c = cluster(req.params.cluster!);
    const p = profiles.get(req.params.profile!);
    if (p === undefined || p.cluster !== c.id) throw notFound();
    if (req.method === 'GET') return json(200, renderProfile(p));
    if (req.method === 'PUT') {
      const body = profileBody(req, false, p.body);
      checkProfileName(c.id, body.name, p.id);
      ctx.host.store.write(() => profiles.update(p.id, { ...p, body, updated_at: now() }));
      ctx.events.audit('container_workload_profile.update', profileHref(p));
      return empty(204);
    }
    ctx.host.store.write(() => profiles.delete(p.id));
    ctx.events.audit('container_workload_profile.delete', profileHref(p));
    return empty(204);
  });
}

/** The 20.1 filters of the profile list: name and namespace partial; mode, linked, log_traffic exact; assign_labels lists of lists. */
function matchesProfile(req: SimRequest, p: Json): boolean {
  const labels = new Set(((p.assign_labels ?? []) as Json[]).map((l) => l.href));
  const wanted = req.query.get('assign_labels');
  let groups: unknown = [];
  if (wanted !== null) {
    try {
      groups = JSON.parse(wanted);
    } catch {
      throw validationError('assign_labels must be a JSON list of lists of label hrefs');
    }
  }
  const labelsMatch = wanted === null || (Array.isArray(groups) && groups.some((g) => Array.isArray(g) && g.every((href) => labels.has(href))));
  return partial(req, 'name', p.name) && partial(req, 'namespace', p.namespace) && exact(req, 'mode', p.mode)
    && exact(req, 'linked', p.linked) && exact(req, 'log_traffic', p.log_traffic) && labelsMatch;
}
