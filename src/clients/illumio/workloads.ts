import { allOk, BulkOutcome, WriteBatcher } from './batcher';
import { IllumioClient } from './client';
import { hrefOf, matchesWritten } from './landed';
import { HrefRef } from './types';
import { logger, registerSecret } from '../../util/log';
import { isAmbiguousWriteFailure, QueryParams, SharedCollectionReader } from '../core';

/**
 * Workloads, workload interfaces, pairing profiles, pairing keys and VENs (Illumio Core 20.1
 * "Workloads", "Workload Interfaces", "Pairing Profiles", "VENs") on the shared IllumioClient:
 * its auth, request budget, retries, errors and complete collection reads.
 */

/** A workload interface as the PCE returns it (20.1 workloads_interfaces_get). */
export interface WorkloadInterface {
  readonly name: string;
  readonly link_state?: string | null;
  readonly address?: string | null;
  readonly cidr_block?: number | null;
  readonly default_gateway_address?: string | null;
  readonly friendly_name?: string | null;
}

/** A workload as the PCE returns it (20.1 workloads_get); absent fields are tolerated. */
export interface Workload {
  readonly href: string;
  readonly deleted?: boolean;
  readonly name?: string | null;
  readonly description?: string | null;
  readonly hostname?: string | null;
  readonly public_ip?: string | null;
  readonly service_principal_name?: string | null;
  readonly distinguished_name?: string | null;
  readonly service_provider?: string | null;
  readonly data_center?: string | null;
  readonly data_center_zone?: string | null;
  readonly os_id?: string | null;
  readonly os_detail?: string | null;
  readonly online?: boolean | null;
  readonly external_data_set?: string | null;
  readonly external_data_reference?: string | null;
  readonly interfaces?: readonly WorkloadInterface[] | null;
  readonly labels?: readonly HrefRef[] | null;
  readonly agent?: { readonly href?: string; readonly config?: { readonly mode?: string; readonly log_traffic?: boolean } | null } | null;
  readonly ven?: { readonly href: string; readonly status?: string | null } | null;
  readonly created_at?: string;
  readonly updated_at?: string;
}

/** A pairing profile as the PCE returns it (20.1 pairing_profiles_get). */
export interface PairingProfile {
  readonly href: string;
  readonly name: string;
  readonly description?: string | null;
  readonly mode?: string | null;
  readonly enabled?: boolean;
  readonly allowed_uses_per_key?: number | string | null;
  readonly key_lifespan?: number | string | null;
  readonly labels?: readonly HrefRef[] | null;
  readonly env_label_lock?: boolean;
  readonly loc_label_lock?: boolean;
  readonly role_label_lock?: boolean;
  readonly app_label_lock?: boolean;
  readonly mode_lock?: boolean;
  readonly log_traffic?: boolean;
  readonly log_traffic_lock?: boolean;
  readonly visibility_level?: string | null;
  readonly visibility_level_lock?: boolean;
  readonly external_data_set?: string | null;
  readonly external_data_reference?: string | null;
  readonly agent_software_release?: string | null;
  readonly total_use_count?: number;
  readonly last_pairing_at?: string | null;
  readonly created_at?: string;
  readonly updated_at?: string;
}

/** A VEN as the PCE returns it (20.1 vens_get). */
export interface Ven {
  readonly href: string;
  readonly name?: string | null;
  readonly description?: string | null;
  readonly hostname?: string | null;
  readonly status?: string | null;
  readonly version?: string | null;
  readonly activation_type?: string | null;
  readonly active_pce_fqdn?: string | null;
  readonly target_pce_fqdn?: string | null;
  readonly workloads?: readonly HrefRef[] | null;
  readonly created_at?: string;
  readonly updated_at?: string;
}

const workloadReaders = new WeakMap<IllumioClient, SharedCollectionReader<Workload>>();

/** Workload reads shared by a refresh of many workloads: a few collection GETs, not one per workload. */
function workloadReader(client: IllumioClient): SharedCollectionReader<Workload> {
  let reader = workloadReaders.get(client);
  if (reader === undefined) {
    reader = new SharedCollectionReader<Workload>(
      (href) => client.getObject<Workload>(href),
      // Soft-deleted workloads too, so a read of one sees `deleted` rather than a miss and a GET.
      () => client.list<Workload>(client.orgPath('workloads'), { include_deleted: true }),
    );
    workloadReaders.set(client, reader);
  }
  return reader;
}

/** Runs a write of workloads; shared reads are forgotten before it and again once it is done (a read meanwhile may predate it). */
async function writing<T>(client: IllumioClient, write: () => Promise<T>): Promise<T> {
  return workloadReader(client).writing(write);
}

// ---- workloads ----

/** Every workload matching the PCE's filters (20.1 GET workloads: name, hostname, labels, managed, ...). */
export function listWorkloads(client: IllumioClient, query: QueryParams = {}, signal?: AbortSignal): Promise<Workload[]> {
  return client.list<Workload>(client.orgPath('workloads'), query, signal);
}

/** One workload by href (soft-deleted ones come back with `deleted: true`); undefined when unknown. */
export function getWorkload(client: IllumioClient, href: string, signal?: AbortSignal): Promise<Workload | undefined> {
  return client.getObject<Workload>(href, signal);
}

/** One workload through the shared read of the collection (for refreshes). */
export function readWorkloadShared(client: IllumioClient, href: string): Promise<Workload | undefined> {
  return workloadReader(client).get(client.apiPath(href));
}

/**
 * Creates an unmanaged workload. Creates that arrive together go out as one `PUT workloads/bulk_create`
 * (see bulkCreateWorkloads); one alone, or each of a refused batch, is a POST answered with the workload.
 */
export async function createWorkload(
  client: IllumioClient, body: Readonly<Record<string, unknown>>, signal?: AbortSignal,
): Promise<Workload> {
  return writing(client, () => batchers(client).create.send(body, signal));
}

/**
 * One POST. Workloads have no unique key (hostnames may repeat): a create whose answer was lost
 * is found by content among the workloads of its name (or hostname).
 */
function postWorkload(client: IllumioClient, body: Readonly<Record<string, unknown>>, signal?: AbortSignal): Promise<Workload> {
  const filter: QueryParams = typeof body.name === 'string' ? { name: body.name } : typeof body.hostname === 'string' ? { hostname: body.hostname } : {};
  const lookup = { byContent: () => listWorkloads(client, filter, signal) };
  return client.createObject<Workload>(client.orgPath('workloads'), body, lookup, signal);
}

/**
 * Creates workloads with one `PUT workloads/bulk_create`. 20.1 answers 204 without a body, so the new
 * workloads (their hrefs, which Terraform must store) are learned by reading the workloads of the
 * batch's hostnames (or names) before and after: those that appeared, matching each body by content.
 * A 25.x PCE that answers with hrefs is matched by href instead. The bulk create is never repeated:
 * after a lost answer the same read tells what landed; the rest is created one by one.
 */
export async function bulkCreateWorkloads(
  client: IllumioClient, bodies: readonly Readonly<Record<string, unknown>>[], signal?: AbortSignal,
): Promise<(BulkOutcome<Workload> | undefined)[]> {
  const read = (): Promise<Workload[]> => listWorkloads(client, batchFilter(bodies), signal);
  const before = new Set((await read()).map(hrefOf));
  let answer: unknown;
  let lost: unknown;
  try {
    answer = await client.bulkCreate(client.orgPath('workloads/bulk_create'), bodies, signal);
  } catch (error) {
    if (!isAmbiguousWriteFailure(error)) throw error; // refused: nothing was created
    lost = error;
  }
  const appeared = (await read()).filter((workload) => !before.has(workload.href) && !client.isClaimed(workload.href));
  const found = matchCreated(bodies, appeared, answeredHrefs(answer));
  found.forEach((workload) => workload && client.claimCreated(workload.href));
  if (lost !== undefined) {
    log.debug('bulk_create answer was lost; adopting the workloads that landed', { sent: bodies.length, landed: found.filter(Boolean).length });
    return found.map((workload) => (workload ? { ok: workload } : undefined)); // the rest: one POST each
  }
  return found.map((workload, index) => (workload ? { ok: workload } : { error: unmatched(bodies[index]!) }));
}

const log = logger('illumio.workloads');

/** The read that finds a batch's workloads: by the hostnames' (else names') common prefix, which the PCE matches partially. */
function batchFilter(bodies: readonly Readonly<Record<string, unknown>>[]): QueryParams {
  for (const field of ['hostname', 'name']) {
    const values = bodies.map((body) => body[field]);
    if (values.every((value): value is string => typeof value === 'string' && value !== '')) {
      const prefix = commonPrefix(values);
      return prefix === '' ? {} : { [field]: prefix };
    }
  }
  return {};
}

function commonPrefix(values: readonly string[]): string {
  let prefix = values[0]!;
  for (const value of values) {
    while (!value.startsWith(prefix)) prefix = prefix.slice(0, -1);
  }
  return prefix;
}

/** Hrefs of a 25.x bulk_create answer (`[{href}]`, in request order); undefined for 20.1's empty 204. */
function answeredHrefs(answer: unknown): (string | undefined)[] | undefined {
  if (!Array.isArray(answer)) return undefined;
  const hrefs = answer.map((entry) => (typeof (entry as { href?: unknown } | null)?.href === 'string' ? String((entry as { href: string }).href) : undefined));
  return hrefs.some((href) => href !== undefined) ? hrefs : undefined;
}

/** Each body's workload among those that appeared: by answered href, else the first unused one matching its content, else its names. */
function matchCreated(
  bodies: readonly Readonly<Record<string, unknown>>[], appeared: readonly Workload[], hrefs: readonly (string | undefined)[] | undefined,
): (Workload | undefined)[] {
  const byHref = new Map(appeared.map((workload) => [workload.href, workload]));
  const used = new Set<string>();
  const take = (workload: Workload | undefined): Workload | undefined => {
    if (workload !== undefined) used.add(workload.href);
    return workload;
  };
  const exact = bodies.map((body, index) => {
    const href = hrefs?.[index];
    if (href !== undefined && byHref.has(href)) return take(byHref.get(href));
    return take(appeared.find((workload) => !used.has(workload.href) && matchesWritten(body, workload)));
  });
  // A PCE may render a field other than it was sent (an interface's defaults): then name and hostname decide.
  const sameNames = (body: Readonly<Record<string, unknown>>, workload: Workload): boolean =>
    (body.name ?? null) === (workload.name ?? null) && (body.hostname ?? null) === (workload.hostname ?? null);
  return exact.map((found, index) => found ?? take(appeared.find((workload) => !used.has(workload.href) && sameNames(bodies[index]!, workload))));
}

function unmatched(body: Readonly<Record<string, unknown>>): Error {
  const what = String(body.hostname ?? body.name ?? 'workload');
  return new Error(`The PCE accepted bulk_create of workload ${what} but no new workload matching it was found; it was not created again`);
}

/**
 * PUT: changes only what the body names (204). Updates that arrive together go out as one
 * `PUT workloads/bulk_update` (each item the body with its workload's href).
 */
export async function updateWorkload(
  client: IllumioClient, href: string, body: Readonly<Record<string, unknown>>, signal?: AbortSignal,
): Promise<void> {
  await writing(client, () => batchers(client).update.send({ href, body }, signal));
}

/**
 * Deletes an unmanaged workload; false when it was already gone. Deletes that arrive together
 * go out as one `PUT workloads/bulk_delete`.
 */
export async function deleteWorkload(client: IllumioClient, href: string, signal?: AbortSignal): Promise<boolean> {
  return writing(client, () => batchers(client).delete.send(href, signal));
}

interface WorkloadBatchers {
  readonly create: WriteBatcher<Readonly<Record<string, unknown>>, Workload>;
  readonly update: WriteBatcher<{ readonly href: string; readonly body: Readonly<Record<string, unknown>> }, true>;
  readonly delete: WriteBatcher<string, boolean>;
}

const workloadBatchers = new WeakMap<IllumioClient, WorkloadBatchers>();

/** The gather windows of workload writes, one set per client. */
function batchers(client: IllumioClient): WorkloadBatchers {
  let found = workloadBatchers.get(client);
  if (found === undefined) {
    found = {
      create: new WriteBatcher({
        bulk: (bodies, signal) => bulkCreateWorkloads(client, bodies, signal),
        single: (body, signal) => postWorkload(client, body, signal),
      }),
      update: new WriteBatcher({
        bulk: async (items, signal) => {
          await client.updateObject(client.orgPath('workloads/bulk_update'), items.map(({ href, body }) => ({ ...body, href })), signal);
          return allOk(items.length, true as const);
        },
        single: async ({ href, body }, signal) => {
          await client.updateDraft(href, body, signal);
          return true as const;
        },
      }),
      delete: new WriteBatcher({
        bulk: async (hrefs, signal) => {
          await client.updateObject(client.orgPath('workloads/bulk_delete'), hrefs.map((href) => ({ href })), signal);
          return allOk(hrefs.length, true);
        },
        single: (href, signal) => client.deleteDraft(href, signal),
      }),
    };
    workloadBatchers.set(client, found);
  }
  return found;
}

// ---- workload interfaces ----

export function listInterfaces(client: IllumioClient, workloadHref: string, signal?: AbortSignal): Promise<WorkloadInterface[]> {
  return client.list<WorkloadInterface>(`${client.apiPath(workloadHref)}/interfaces`, {}, signal);
}

export function getInterface(
  client: IllumioClient, workloadHref: string, name: string, signal?: AbortSignal,
): Promise<WorkloadInterface | undefined> {
  return client.getObject<WorkloadInterface>(interfaceHref(workloadHref, name), signal);
}

export async function createInterface(
  client: IllumioClient, workloadHref: string, body: Readonly<Record<string, unknown>>, signal?: AbortSignal,
): Promise<void> {
  // An interface's name is unique on its workload; its address stands in for the href it lacks.
  const name = String(body.name);
  const lookup = {
    byKey: async () => {
      const found = await getInterface(client, workloadHref, name, signal);
      return found === undefined ? [] : [{ ...found, href: interfaceHref(workloadHref, name) }];
    },
  };
  await writing(client, () => client.createObject<unknown>(`${client.apiPath(workloadHref)}/interfaces`, body, lookup, signal));
}

export async function deleteInterface(client: IllumioClient, workloadHref: string, name: string, signal?: AbortSignal): Promise<boolean> {
  return writing(client, () => client.deleteDraft(interfaceHref(workloadHref, name), signal));
}

/** `/orgs/1/workloads/<uuid>/interfaces/<name>`, the interface's address (it has no href of its own). */
export function interfaceHref(workloadHref: string, name: string): string {
  return `${workloadHref}/interfaces/${encodeURIComponent(name)}`;
}

// ---- pairing profiles and keys ----

export function listPairingProfiles(client: IllumioClient, query: QueryParams = {}, signal?: AbortSignal): Promise<PairingProfile[]> {
  return client.list<PairingProfile>(client.orgPath('pairing_profiles'), query, signal);
}

export function getPairingProfile(client: IllumioClient, href: string, signal?: AbortSignal): Promise<PairingProfile | undefined> {
  return client.getObject<PairingProfile>(href, signal);
}

/** Creates a pairing profile. Names need not be unique: a lost create is found by content among the profiles of its name. */
export function createPairingProfile(
  client: IllumioClient, body: Readonly<Record<string, unknown>>, signal?: AbortSignal,
): Promise<PairingProfile> {
  const name = typeof body.name === 'string' ? body.name : undefined;
  const lookup = { byContent: () => listPairingProfiles(client, { name }, signal) };
  return client.createObject<PairingProfile>(client.orgPath('pairing_profiles'), body, lookup, signal);
}

export async function updatePairingProfile(
  client: IllumioClient, href: string, body: Readonly<Record<string, unknown>>, signal?: AbortSignal,
): Promise<void> {
  await client.updateDraft(href, body, signal);
}

export function deletePairingProfile(client: IllumioClient, href: string, signal?: AbortSignal): Promise<boolean> {
  return client.deleteDraft(href, signal);
}

/** Generates a pairing key (activation code) of the profile; the code is registered as a secret so no log shows it. */
export async function createPairingKey(client: IllumioClient, profileHref: string, signal?: AbortSignal): Promise<string> {
  // A key whose answer was lost cannot be read back (its code is only in the answer): another is made.
  const answer = await client.createObject<{ activation_code?: unknown }>(`${client.apiPath(profileHref)}/pairing_key`, {}, 'resend', signal);
  if (typeof answer.activation_code !== 'string' || answer.activation_code === '') {
    throw new Error(`Illumio PCE returned no activation_code for a pairing key of ${profileHref}`);
  }
  registerSecret(answer.activation_code);
  return answer.activation_code;
}

// ---- VENs ----

export function listVens(client: IllumioClient, query: QueryParams = {}, signal?: AbortSignal): Promise<Ven[]> {
  return client.list<Ven>(client.orgPath('vens'), query, signal);
}

export function getVen(client: IllumioClient, href: string, signal?: AbortSignal): Promise<Ven | undefined> {
  return client.getObject<Ven>(href, signal);
}

/** 20.1 vens_put: name, description, target_pce_fqdn, status (204). */
export async function updateVen(
  client: IllumioClient, href: string, body: Readonly<Record<string, unknown>>, signal?: AbortSignal,
): Promise<void> {
  await client.updateDraft(href, body, signal);
}
