import { computedAttributes, elementType, onlyMatch } from './lookup';
import { QueryParams } from '../../clients/core';
import { IllumioClient } from '../../clients/illumio/client';
import { ContainerWorkloadProfile } from '../../clients/illumio/operations';
import { BOOL, STRING, list } from '../../provider/cty/types';
import { defineDataSource, Problem } from '../../provider/definitions';
import { validators } from '../../provider/validate';
import {
  ContainerWorkloadProfileModel, PROFILE_MODES, containerWorkloadProfile, containerWorkloadProfileFromPce,
} from '../../resources/illumio/container-workload-profile';

const ATTRIBUTES = computedAttributes(containerWorkloadProfile.schema.attributes);

async function profiles(client: IllumioClient, clusterHref: string, query: QueryParams, signal: AbortSignal): Promise<ContainerWorkloadProfile[]> {
  return client.list<ContainerWorkloadProfile>(`${client.apiPath(clusterHref)}/container_workload_profiles`, query, signal);
}

/** data "secops_illumio_container_workload_profile": one profile by href, or by its cluster and exact name. */
export const containerWorkloadProfileData = defineDataSource<IllumioClient, ContainerWorkloadProfileModel>({
  typeName: 'secops_illumio_container_workload_profile',
  schema: {
    description: 'Reads one Illumio container workload profile by `href`, or by `container_cluster_href` and exact `name`.',
    attributes: {
      ...ATTRIBUTES,
      href: { type: STRING, optional: true, computed: true, description: 'The profile\'s href; give this, or `container_cluster_href` and `name`.' },
      container_cluster_href: { type: STRING, optional: true, computed: true, description: 'Href of the cluster, with `name`.' },
      name: { type: STRING, optional: true, computed: true, description: 'Name, matched exactly, with `container_cluster_href`.' },
    },
  },
  validate(config): Problem[] {
    if (config.href === null && (config.container_cluster_href === null || config.name === null)) {
      return [{ path: [], summary: 'Missing arguments', detail: 'give href, or both container_cluster_href and name' }];
    }
    return config.href !== null && config.name !== null ? [{ path: ['name'], summary: 'Conflicting arguments', detail: 'give either href, or container_cluster_href and name' }] : [];
  },
  async read(ctx, config) {
    if (config.href !== null) {
      const found = await ctx.client.getObject<ContainerWorkloadProfile>(config.href, ctx.signal);
      if (!found) throw new Error(`The PCE has no container workload profile ${config.href}`);
      return containerWorkloadProfileFromPce(found);
    }
    const candidates = await profiles(ctx.client, config.container_cluster_href!, { name: config.name! }, ctx.signal);
    const named = candidates.filter((p) => p.name === config.name);
    return containerWorkloadProfileFromPce(onlyMatch(named, 'container workload profile', `named "${config.name}" in ${config.container_cluster_href}`));
  },
});

export interface ContainerWorkloadProfilesData {
  container_cluster_href: string;
  name: string | null;
  namespace: string | null;
  mode: string | null;
  linked: boolean | null;
  log_traffic: boolean | null;
  assign_labels: string[][] | null;
  container_workload_profiles: ContainerWorkloadProfileModel[] | null;
}

/** data "secops_illumio_container_workload_profiles": the profiles of a cluster, with the PCE's filters of 20.1. */
export const containerWorkloadProfilesData = defineDataSource<IllumioClient, ContainerWorkloadProfilesData>({
  typeName: 'secops_illumio_container_workload_profiles',
  schema: {
    description: 'Lists the container workload profiles of an Illumio container cluster, all of them or those matching the PCE\'s filters.',
    attributes: {
      container_cluster_href: { type: STRING, required: true, description: 'Href of the container cluster.' },
      name: { type: STRING, optional: true, description: 'Only profiles whose name contains this text (the PCE matches partially).' },
      namespace: { type: STRING, optional: true, description: 'Only profiles whose namespace contains this text (the PCE matches partially).' },
      mode: { type: STRING, optional: true, description: 'Only profiles in this mode.', validators: [validators.oneOf(PROFILE_MODES)] },
      linked: { type: BOOL, optional: true, description: 'Only profiles linked (or not) to a namespace.' },
      log_traffic: { type: BOOL, optional: true, description: 'Only profiles that log traffic (or not).' },
      assign_labels: { type: list(list(STRING)), optional: true, description: 'Only profiles assigning every label of one of these lists of label hrefs.' },
      container_workload_profiles: { type: list(elementType(ATTRIBUTES)), computed: true, description: 'The profiles, in the PCE\'s order.' },
    },
  },
  async read(ctx, config) {
    const query: QueryParams = {
      name: config.name ?? undefined,
      namespace: config.namespace ?? undefined,
      mode: config.mode ?? undefined,
      linked: config.linked ?? undefined,
      log_traffic: config.log_traffic ?? undefined,
      assign_labels: config.assign_labels === null ? undefined : JSON.stringify(config.assign_labels),
    };
    const found = await profiles(ctx.client, config.container_cluster_href, query, ctx.signal);
    return { ...config, container_workload_profiles: found.map(containerWorkloadProfileFromPce) };
  },
});

