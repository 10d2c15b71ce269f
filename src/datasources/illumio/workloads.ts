import { labelsFilter } from './inventory-lookup';
import { WORKLOAD_DATA_ATTRIBUTES, WorkloadDataModel, workloadDataFromPce } from './workload';
import { IllumioClient } from '../../clients/illumio/client';
import { listWorkloads } from '../../clients/illumio/workloads';
import { BOOL, STRING, list, object, set } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';
import { validators } from '../../provider/validate';
import { ENFORCEMENT_MODES } from '../../resources/illumio/workload';

/**
 * data "secops_illumio_workloads": the workloads that match the PCE's filters (20.1 GET
 * workloads), complete however many there are (the client runs the async collection query beyond
 * the synchronous limit of 500). Text filters match partially, as the PCE does.
 */
export interface WorkloadsData {
  name: string | null;
  hostname: string | null;
  description: string | null;
  ip_address: string | null;
  os_id: string | null;
  labels: string[][] | null;
  managed: boolean | null;
  enforcement_mode: string | null;
  log_traffic: boolean | null;
  external_data_set: string | null;
  external_data_reference: string | null;
  workloads: WorkloadDataModel[] | null;
}

const WORKLOAD = object(Object.fromEntries(Object.entries(WORKLOAD_DATA_ATTRIBUTES).map(([name, attribute]) => [name, attribute.type])));

const partial = (what: string) => ({ type: STRING, optional: true, description: `Only workloads whose ${what} contains this (the PCE's partial match).` });

export const workloadsData = defineDataSource<IllumioClient, WorkloadsData>({
  typeName: 'secops_illumio_workloads',
  schema: {
    description: 'Lists Illumio workloads with the PCE\'s filters: name, hostname, labels, managed, enforcement mode and more.',
    attributes: {
      name: partial('name'),
      hostname: partial('hostname'),
      description: partial('description'),
      ip_address: partial('interface address'),
      os_id: partial('operating system identifier'),
      labels: {
        type: list(set(STRING)),
        optional: true,
        description: 'Only workloads that carry every label of at least one of these sets of label hrefs.',
      },
      managed: { type: BOOL, optional: true, description: 'Only managed (true) or unmanaged (false) workloads.' },
      enforcement_mode: {
        type: STRING,
        optional: true,
        description: 'Only workloads in this mode: `idle`, `illuminated` or `enforced`.',
        validators: [validators.oneOf(ENFORCEMENT_MODES)],
      },
      log_traffic: { type: BOOL, optional: true, description: 'Only workloads whose traffic events are (true) or are not (false) recorded.' },
      external_data_set: { type: STRING, optional: true, description: 'Only workloads of this external data set (exact).' },
      external_data_reference: { type: STRING, optional: true, description: 'Only workloads with this external data reference (exact).' },
      workloads: { type: list(WORKLOAD), computed: true, description: 'The workloads, in the PCE\'s order.' },
    },
  },

  async read(ctx, config) {
    const found = await listWorkloads(ctx.client, {
      name: config.name ?? undefined,
      hostname: config.hostname ?? undefined,
      description: config.description ?? undefined,
      ip_address: config.ip_address ?? undefined,
      os_id: config.os_id ?? undefined,
      labels: labelsFilter(config.labels),
      managed: config.managed ?? undefined,
      mode: config.enforcement_mode ?? undefined,
      log_traffic: config.log_traffic ?? undefined,
      external_data_set: config.external_data_set ?? undefined,
      external_data_reference: config.external_data_reference ?? undefined,
    }, ctx.signal);
    return { ...config, workloads: found.filter((pce) => !pce.deleted).map(workloadDataFromPce) };
  },
});
