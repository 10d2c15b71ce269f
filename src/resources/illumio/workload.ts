import { IllumioClient } from '../../clients/illumio/client';
import {
  createWorkload, deleteWorkload, readWorkloadShared, updateWorkload, Workload, WorkloadInterface,
} from '../../clients/illumio/workloads';
import { BOOL, NUMBER, STRING, set } from '../../provider/cty/types';
import { CtyValue, Unknown } from '../../provider/cty/values';
import { HandlerContext, defineResource } from '../../provider/definitions';
import { Attribute, Block } from '../../provider/schema';
import { validators } from '../../provider/validate';

/**
 * secops_illumio_workload: an unmanaged workload (`/orgs/:org/workloads`), a host the PCE knows
 * without a VEN on it (a server, appliance or VM that policy is written about): its labels, its
 * interfaces and addresses, its hostname and the enforcement mode and traffic logging of its
 * agent configuration. Workloads are not part of the draft/active policy: a change applies at once.
 *
 * `interfaces` blocks manage all of the workload's interfaces; with none, its interfaces are left
 * as they are and not tracked, so `secops_illumio_workload_interface` can manage them one by one.
 * A workload deleted out of band (the PCE soft-deletes them) is planned for creation again.
 *
 * Many workloads in one apply: creates, updates and deletes that arrive together go out as one
 * `workloads/bulk_create`, `bulk_update` or `bulk_delete` (a refused batch is retried one by one, so
 * each resource gets its own answer). A bulk create answers without the workloads: they are learned
 * with one read of the batch's hostnames. A create's state is the workload the PCE answered or that
 * read found (no GET of each); an update (204, no body) is read back through the shared collection read.
 */
export interface InterfaceModel {
  name: string;
  address: string;
  cidr_block: number | null;
  default_gateway_address: string | null;
  link_state: string;
  friendly_name: string | null;
}

export interface WorkloadModel {
  href: string | null;
  name: string | null;
  description: string | null;
  hostname: string | null;
  public_ip: string | null;
  service_principal_name: string | null;
  distinguished_name: string | null;
  service_provider: string | null;
  data_center: string | null;
  data_center_zone: string | null;
  os_id: string | null;
  os_detail: string | null;
  external_data_set: string | null;
  external_data_reference: string | null;
  labels: string[] | null;
  enforcement_mode: string | null;
  log_traffic: boolean | null;
  online: boolean | null;
  interfaces: InterfaceModel[];
  created_at: string | null;
  updated_at: string | null;
}

/** The text properties of 20.1 workloads_post and workloads_put, settable as they are. */
export const WORKLOAD_TEXT_FIELDS = [
  'name', 'description', 'hostname', 'public_ip', 'service_principal_name', 'distinguished_name', 'service_provider', 'data_center',
  'data_center_zone', 'os_id', 'os_detail', 'external_data_set', 'external_data_reference',
] as const;
type TextField = typeof WORKLOAD_TEXT_FIELDS[number];

export const ENFORCEMENT_MODES = ['idle', 'illuminated', 'enforced'] as const;
const LABEL_HREF = /^\/orgs\/[^/]+\/labels\/[^/]+$/;

/** Label hrefs only (`/orgs/1/labels/12`): label groups cannot be assigned to a workload. */
export const labelHrefs = validators.custom('label hrefs', (value: CtyValue) => {
  const bad = (value as CtyValue[]).filter((href) => typeof href === 'string' && !LABEL_HREF.test(href));
  return bad.length === 0 ? undefined : `must hold label hrefs (/orgs/:org/labels/:id), got ${bad.map((href) => JSON.stringify(href)).join(', ')}`;
});

const text = (description: string): Attribute => ({ type: STRING, optional: true, description });

/** The attributes of 20.1 "Create a Workload" a user sets, each with the document's description. */
const TEXT_ATTRIBUTES: Record<TextField, Attribute> = {
  name: text('The short friendly name of the workload.'),
  description: text('The long description of the workload.'),
  hostname: text('The hostname of the host, e.g. `db1.example.com`.'),
  public_ip: text('The public IP address of the server.'),
  service_principal_name: text('The Kerberos Service Principal Name (SPN).'),
  distinguished_name: text('X.509 subject distinguished name.'),
  service_provider: text('Service provider.'),
  data_center: text('Data center.'),
  data_center_zone: text('Data center zone.'),
  os_id: text('Operating system identifier, e.g. `ubuntu-x86_64-focal`.'),
  os_detail: text('Additional operating system details, shown to users.'),
  external_data_set: text('Name of the external system that owns this workload, with `external_data_reference`.'),
  external_data_reference: text('The workload\'s ID in that external system.'),
};

export const INTERFACE_BLOCK: Block = {
  description: 'A network interface of the workload (one block each). With no `interfaces` blocks the workload\'s interfaces are left as they are.',
  attributes: {
    name: { type: STRING, required: true, description: 'Interface name, e.g. `eth0`; unique on the workload.', validators: [validators.notEmpty()] },
    address: { type: STRING, required: true, description: 'The interface\'s IP address (IPv4 or IPv6).', validators: [validators.notEmpty()] },
    cidr_block: {
      type: NUMBER,
      optional: true,
      description: 'The number of bits of the subnet mask (24 is 255.255.255.0).',
      validators: [validators.custom('a prefix length', (value) => (Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 128
        ? undefined : `cidr_block must be a whole number from 0 to 128, got ${String(value)}`))],
    },
    default_gateway_address: { type: STRING, optional: true, description: 'The interface\'s default gateway.' },
    link_state: {
      type: STRING,
      default: 'up',
      description: 'Link state: `up`, `down` or `unknown`. Default `up`.',
      validators: [validators.oneOf(['up', 'down', 'unknown'])],
    },
    friendly_name: { type: STRING, optional: true, description: 'User-friendly name of the interface.' },
  },
};

export const workload = defineResource<IllumioClient, WorkloadModel>({
  typeName: 'secops_illumio_workload',
  schema: {
    description: 'An Illumio unmanaged workload: a host without a VEN, with its labels, interfaces, hostname, enforcement mode and traffic logging.',
    attributes: {
      href: {
        type: STRING,
        computed: true,
        description: 'The workload\'s href, e.g. `/orgs/1/workloads/<uuid>`. Import with `terraform import <address> <href>`.',
      },
      ...TEXT_ATTRIBUTES,
      labels: {
        type: set(STRING),
        optional: true,
        description: 'Hrefs of the workload\'s labels, at most one per key (role, app, env, loc). Unset: no labels.',
        validators: [labelHrefs],
      },
      enforcement_mode: {
        type: STRING,
        optional: true,
        computed: true,
        description: 'The agent configuration\'s mode: `idle`, `illuminated` (visibility only) or `enforced`. Unset: the PCE\'s value is kept.',
        validators: [validators.oneOf(ENFORCEMENT_MODES)],
      },
      log_traffic: {
        type: BOOL,
        optional: true,
        computed: true,
        description: 'Whether the PCE records traffic events of this workload (its visibility). Unset: the PCE\'s value is kept.',
      },
      online: { type: BOOL, optional: true, computed: true, description: 'Whether the workload is shown as online. Unset: the PCE\'s value is kept.' },
      created_at: { type: STRING, computed: true, description: 'When the workload was created (RFC 3339).' },
      updated_at: { type: STRING, computed: true, changesOnUpdate: true, description: 'When the workload was last changed (RFC 3339).' },
    },
    blocks: { interfaces: { nesting: 'list', block: INTERFACE_BLOCK } },
  },

  validate(config) {
    const names = (config.interfaces ?? []).map((entry) => entry.name).filter((name) => typeof name === 'string');
    const twice = names.find((name, index) => names.indexOf(name) !== index);
    return twice === undefined ? [] : [{ path: ['interfaces'], summary: 'Duplicate interface', detail: `interface name "${twice}" is given twice` }];
  },

  async create(ctx, planned) {
    // The POST's answer (or the bulk create's read) is the workload as created: no read after it.
    const created = await createWorkload(ctx.client, workloadBody(planned, true), ctx.signal);
    return workloadFromPce(created, planned);
  },

  async read(ctx, current) {
    // Concurrent refreshes of many workloads share a few collection reads instead of a GET each.
    const found = await readWorkloadShared(ctx.client, current.href!);
    return found && !found.deleted ? workloadFromPce(found, current) : undefined;
  },

  async update(ctx, planned, prior) {
    await updateWorkload(ctx.client, prior.href!, workloadBody(planned, false), ctx.signal);
    return reread(ctx, prior.href!, planned);
  },

  async delete(ctx, current) {
    await deleteWorkload(ctx.client, current.href!, ctx.signal);
  },

  async importState(_ctx, href) {
    return { href, interfaces: [{} as InterfaceModel] }; // read reports the interfaces of an imported workload
  },
});

/** The workload as the PCE has it after an update (204 without a body): concurrent updates share one collection read. */
async function reread(ctx: HandlerContext<IllumioClient>, href: string, planned: WorkloadModel): Promise<WorkloadModel> {
  const found = await readWorkloadShared(ctx.client, href);
  if (!found) throw new Error(`The PCE wrote workload ${href} but no longer returns it`);
  return workloadFromPce(found, planned);
}

const isSet = <T>(value: T | null | Unknown): value is T => value !== null && value !== undefined && !(value instanceof Unknown);

/**
 * The 20.1 workloads_post/put body of the model. A create leaves unset properties out; an update
 * sends them as null so a removed attribute is cleared. Unset computed ones are never sent.
 */
export function workloadBody(model: WorkloadModel, creating: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const name of WORKLOAD_TEXT_FIELDS) {
    if (isSet(model[name]) || !creating) body[name] = model[name] ?? null;
  }
  body.labels = (model.labels ?? []).map((href) => ({ href }));
  if (model.interfaces.length > 0) body.interfaces = model.interfaces.map(interfaceBody);
  if (isSet(model.online)) body.online = model.online;
  const config: Record<string, unknown> = {};
  if (isSet(model.enforcement_mode)) config.mode = model.enforcement_mode;
  if (isSet(model.log_traffic)) config.log_traffic = model.log_traffic;
  if (Object.keys(config).length > 0) body.agent = { config };
  return body;
}

export function interfaceBody(entry: InterfaceModel): Record<string, unknown> {
  return {
    name: entry.name,
    address: entry.address,
    link_state: entry.link_state ?? 'up',
    ...(entry.cidr_block !== null ? { cidr_block: entry.cidr_block } : {}),
    ...(entry.default_gateway_address !== null ? { default_gateway_address: entry.default_gateway_address } : {}),
    ...(entry.friendly_name !== null ? { friendly_name: entry.friendly_name } : {}),
  };
}

export function interfaceFromPce(pce: WorkloadInterface): InterfaceModel {
  return {
    name: pce.name,
    address: pce.address ?? '',
    cidr_block: pce.cidr_block ?? null,
    default_gateway_address: pce.default_gateway_address ?? null,
    link_state: pce.link_state ?? 'unknown',
    friendly_name: pce.friendly_name ?? null,
  };
}

/**
 * The model of a workload as the PCE returns it. `written` is the plan or prior state: interfaces
 * are reported only where the configuration manages them (has blocks, or the state came from import).
 */
export function workloadFromPce(pce: Workload, written?: WorkloadModel): WorkloadModel {
  const managesInterfaces = written === undefined || written.interfaces.length > 0;
  const labels = (pce.labels ?? []).map((label) => label.href);
  const textFields = Object.fromEntries(WORKLOAD_TEXT_FIELDS.map((name) => [name, pce[name] ?? null])) as Record<TextField, string | null>;
  return {
    href: pce.href,
    ...textFields,
    // An empty set and an unset attribute mean the same to the PCE: keep the configuration's form.
    labels: labels.length === 0 && (written === undefined || written.labels === null) ? null : labels,
    enforcement_mode: pce.agent?.config?.mode ?? null,
    log_traffic: pce.agent?.config?.log_traffic ?? null,
    online: pce.online ?? null,
    interfaces: managesInterfaces ? (pce.interfaces ?? []).map(interfaceFromPce) : [],
    created_at: pce.created_at ?? null,
    updated_at: pce.updated_at ?? null,
  };
}
