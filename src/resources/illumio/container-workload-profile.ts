import { illumioHref } from './import-id';
import { IllumioClient } from '../../clients/illumio/client';
import { ContainerWorkloadProfile } from '../../clients/illumio/operations';
import { BOOL, STRING, set } from '../../provider/cty/types';
import { CtyValue } from '../../provider/cty/values';
import { defineResource } from '../../provider/definitions';
import { validators } from '../../provider/validate';

/**
 * secops_illumio_container_workload_profile: how the PCE treats the pods of one namespace of a
 * container cluster (`/orgs/:org/container_clusters/:uuid/container_workload_profiles/:uuid`,
 * 20.1 "Containers"): the labels it assigns them, its enforcement mode, whether their traffic is
 * logged. The cluster cannot change (a new one replaces the profile); the rest changes in place.
 */
export interface ContainerWorkloadProfileModel {
  href: string | null;
  container_cluster_href: string;
  name: string | null;
  description: string | null;
  assign_labels: string[] | null;
  mode: string | null;
  log_traffic: boolean | null;
  namespace: string | null;
  linked: boolean | null;
  created_at: string | null;
  updated_at: string | null;
}

export const PROFILE_MODES = ['unmanaged', 'illuminated', 'enforced'];
const CLUSTER = /^\/orgs\/\d+\/container_clusters\/[^/]+$/;
const LABEL = /^\/orgs\/\d+\/labels\/\d+$/;

const clusterHref = validators.custom('a container cluster href', (value: CtyValue) =>
  CLUSTER.test(value as string) ? undefined : `must be a container cluster href like /orgs/1/container_clusters/<uuid>, got "${String(value)}"`);
const labelHrefs = validators.custom('label hrefs', (value: CtyValue) => {
  const bad = (value as CtyValue[]).filter((href) => typeof href === 'string' && !LABEL.test(href));
  return bad.length === 0 ? undefined : `must hold label hrefs like /orgs/1/labels/12, got ${bad.map((href) => JSON.stringify(href)).join(', ')}`;
});

export const containerWorkloadProfile = defineResource<IllumioClient, ContainerWorkloadProfileModel>({
  typeName: 'secops_illumio_container_workload_profile',
  importId: illumioHref('container_clusters/:id/container_workload_profiles/:id'),
  schema: {
    description: 'An Illumio container workload profile: labels, enforcement mode and traffic logging for the pods of a namespace of a container cluster.',
    attributes: {
      href: { type: STRING, computed: true, description: 'The profile\'s href. Import with `terraform import <address> <href>`.' },
      container_cluster_href: {
        type: STRING, required: true, requiresReplace: true, description: 'Href of the container cluster. Changing it replaces the profile.', validators: [clusterHref],
      },
      name: { type: STRING, optional: true, description: 'A friendly name, for namespaces whose own name is not.' },
      description: { type: STRING, optional: true, description: 'Description of the profile.' },
      assign_labels: {
        type: set(STRING), optional: true, computed: true, description: 'Hrefs of the labels assigned to the pods. Unset: the PCE\'s value is kept (none for a new profile).', validators: [labelHrefs],
      },
      mode: {
        type: STRING,
        optional: true,
        computed: true,
        description: 'Enforcement mode of the pods: `unmanaged` (the PCE\'s default), `illuminated` or `enforced`.',
        validators: [validators.oneOf(PROFILE_MODES)],
      },
      log_traffic: { type: BOOL, optional: true, computed: true, description: 'Whether traffic events of these pods are logged. The PCE\'s default is false.' },
      namespace: { type: STRING, computed: true, description: 'The Kubernetes namespace Kubelink linked the profile to, once it has.' },
      linked: { type: BOOL, computed: true, description: 'Whether Kubelink has linked the profile to a namespace.' },
      created_at: { type: STRING, computed: true, description: 'When the profile was created (RFC 3339).' },
      updated_at: { type: STRING, computed: true, changesOnUpdate: true, description: 'When the profile was last changed (RFC 3339).' },
    },
  },

  async create(ctx, planned) {
    const path = `${ctx.client.apiPath(planned.container_cluster_href)}/container_workload_profiles`;
    const body = { name: planned.name, ...writable(planned) };
    // The document calls the name only "friendly": a lost create is found by content among the cluster's profiles.
    const created = await ctx.client.createObject<ContainerWorkloadProfile>(path, body, {
      byContent: () => ctx.client.list<ContainerWorkloadProfile>(path, {}, ctx.signal),
    }, ctx.signal);
    return containerWorkloadProfileFromPce(created);
  },

  async read(ctx, current) {
    const found = await ctx.client.getObject<ContainerWorkloadProfile>(current.href!, ctx.signal);
    return found ? containerWorkloadProfileFromPce(found) : undefined;
  },

  async update(ctx, planned, prior) {
    const found = await ctx.client.updateObjectAndRead<ContainerWorkloadProfile>(prior.href!, { name: planned.name, ...writable(planned) }, 'container workload profile', ctx.signal);
    return containerWorkloadProfileFromPce(found);
  },

  async delete(ctx, current) {
    await ctx.client.deleteObject(current.href!, ctx.signal);
  },

  async importState(_ctx, href) {
    return { href };
  },
});

/** What the configuration sets; unset optional+computed values (null, or unknown at create) keep the PCE's. */
function writable(model: ContainerWorkloadProfileModel): Record<string, unknown> {
  const body: Record<string, unknown> = { description: model.description };
  if (Array.isArray(model.assign_labels)) body.assign_labels = model.assign_labels.map((href) => ({ href }));
  if (typeof model.mode === 'string') body.mode = model.mode;
  if (typeof model.log_traffic === 'boolean') body.log_traffic = model.log_traffic;
  return body;
}

export function containerWorkloadProfileFromPce(pce: ContainerWorkloadProfile): ContainerWorkloadProfileModel {
  return {
    href: pce.href,
    container_cluster_href: pce.href.replace(/\/container_workload_profiles\/[^/]+$/, ''),
    name: pce.name ?? null,
    description: pce.description ?? null,
    assign_labels: (pce.assign_labels ?? []).map((label) => label.href),
    mode: pce.mode ?? null,
    log_traffic: pce.log_traffic ?? null,
    namespace: pce.namespace ?? null,
    linked: pce.linked ?? null,
    created_at: pce.created_at ?? null,
    updated_at: pce.updated_at ?? null,
  };
}
