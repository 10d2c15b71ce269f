import { illumioHref } from './import-id';
import { IllumioClient } from '../../clients/illumio/client';
import { ContainerCluster, createContainerCluster } from '../../clients/illumio/operations';
import { BOOL, STRING } from '../../provider/cty/types';
import { defineResource } from '../../provider/definitions';
import { validators } from '../../provider/validate';

/**
 * secops_illumio_container_cluster: a Kubernetes or OpenShift cluster the PCE secures through
 * Kubelink (`/orgs/:org/container_clusters/:uuid`, 20.1 "Containers"). The PCE returns the
 * cluster's pairing token once, in the answer to the create: it is kept in state as a sensitive
 * value for Kubelink's secret and never read again (an imported cluster has none). Name and
 * description change in place; what Kubelink reports (nodes, online, version) is read-only.
 */
export interface ContainerClusterModel {
  href: string | null;
  name: string;
  description: string | null;
  container_cluster_token: string | null;
  manager_type: string | null;
  network_type: string | null;
  online: boolean | null;
  last_connected: string | null;
  kubelink_version: string | null;
  pce_fqdn: string | null;
}

export const CONTAINER_CLUSTER_COMPUTED = {
  href: { type: STRING, computed: true, description: 'The cluster\'s href, `/orgs/:org/container_clusters/:uuid`. Import with `terraform import <address> <href>`.' },
  manager_type: { type: STRING, computed: true, description: 'Orchestrator Kubelink reported, e.g. `Kubernetes`; null until it connects.' },
  network_type: { type: STRING, computed: true, description: 'Cluster network Kubelink reported (e.g. `overlay`); null until it connects.' },
  online: { type: BOOL, computed: true, description: 'Whether Kubelink is connected.' },
  last_connected: { type: STRING, computed: true, description: 'When Kubelink last connected (RFC 3339).' },
  kubelink_version: { type: STRING, computed: true, description: 'Version of the cluster\'s Kubelink.' },
  pce_fqdn: { type: STRING, computed: true, description: 'FQDN of the PCE the cluster is attached to (superclusters).' },
} as const;

export const containerCluster = defineResource<IllumioClient, ContainerClusterModel>({
  typeName: 'secops_illumio_container_cluster',
  importId: illumioHref('container_clusters/:id'),
  schema: {
    description: 'An Illumio container cluster, paired with the PCE by Kubelink using the token returned at creation.',
    attributes: {
      name: { type: STRING, required: true, description: 'Name of the cluster.', validators: [validators.notEmpty()] },
      description: { type: STRING, optional: true, description: 'Description of the cluster.' },
      container_cluster_token: {
        type: STRING,
        computed: true,
        sensitive: true,
        description: 'The pairing token Kubelink needs (its `ILO_CLUSTER_TOKEN` secret). The PCE returns it only when the cluster is created; '
          + 'null for an imported cluster. Replace the cluster for a new token.',
      },
      ...CONTAINER_CLUSTER_COMPUTED,
    },
  },

  async create(ctx, planned) {
    const created = await createContainerCluster(ctx.client, { name: planned.name, description: planned.description ?? undefined }, ctx.signal);
    return { ...containerClusterFromPce(created), container_cluster_token: created.container_cluster_token ?? null };
  },

  async read(ctx, current) {
    const found = await ctx.client.getObject<ContainerCluster>(current.href!, ctx.signal);
    // The token is never returned again: keep the one of state.
    return found ? { ...containerClusterFromPce(found), container_cluster_token: current.container_cluster_token ?? null } : undefined;
  },

  async update(ctx, planned, prior) {
    const found = await ctx.client.updateObjectAndRead<ContainerCluster>(prior.href!, { name: planned.name, description: planned.description ?? '' }, 'container cluster', ctx.signal);
    return { ...containerClusterFromPce(found), container_cluster_token: prior.container_cluster_token ?? null };
  },

  async delete(ctx, current) {
    await ctx.client.deleteObject(current.href!, ctx.signal);
  },

  async importState(_ctx, href) {
    return { href };
  },
});

/** The model of a cluster as the PCE returns it, without the token (which only the create answer carries). */
export function containerClusterFromPce(pce: ContainerCluster): ContainerClusterModel {
  return {
    href: pce.href,
    name: pce.name ?? '',
    description: pce.description || null,
    container_cluster_token: null,
    manager_type: pce.manager_type ?? null,
    network_type: pce.network_type ?? null,
    online: pce.online ?? null,
    last_connected: pce.last_connected ?? null,
    kubelink_version: pce.kubelink_version ?? null,
    pce_fqdn: pce.pce_fqdn ?? null,
  };
}
