import { computedAttributes, elementType, exactlyOneOf, onlyMatch } from './lookup';
import { IllumioClient } from '../../clients/illumio/client';
import { ContainerCluster } from '../../clients/illumio/operations';
import { BOOL, STRING, list } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';
import { ContainerClusterModel, containerCluster, containerClusterFromPce } from '../../resources/illumio/container-cluster';

/** The resource's model without the token, which only the create answer carries. */
export type ContainerClusterData = Omit<ContainerClusterModel, 'container_cluster_token'>;

const ATTRIBUTES = computedAttributes(containerCluster.schema.attributes);

function fromPce(pce: ContainerCluster): ContainerClusterData {
  const { container_cluster_token: _token, ...model } = containerClusterFromPce(pce);
  return model;
}

async function clustersNamed(client: IllumioClient, name: string | null, partial: boolean, signal: AbortSignal): Promise<ContainerCluster[]> {
  const found = await client.list<ContainerCluster>(client.orgPath('container_clusters'), { name: name ?? undefined }, signal);
  return found.filter((c) => partial || name === null || c.name === name);
}

/** data "secops_illumio_container_cluster": one container cluster by href or exact name (never its token). */
export const containerClusterData = defineDataSource<IllumioClient, ContainerClusterData>({
  typeName: 'secops_illumio_container_cluster',
  schema: {
    description: 'Reads one Illumio container cluster by `href` or exact `name`. The pairing token is never readable.',
    attributes: {
      ...ATTRIBUTES,
      href: { type: STRING, optional: true, computed: true, description: 'The cluster\'s href; give this or `name`.' },
      name: { type: STRING, optional: true, computed: true, description: 'Name, matched exactly.' },
    },
  },
  validate: (config) => exactlyOneOf(config as unknown as Record<string, unknown>, ['href', 'name']),
  async read(ctx, config) {
    if (config.href !== null) {
      const found = await ctx.client.getObject<ContainerCluster>(config.href, ctx.signal);
      if (!found) throw new Error(`The PCE has no container cluster ${config.href}`);
      return fromPce(found);
    }
    return fromPce(onlyMatch(await clustersNamed(ctx.client, config.name, false, ctx.signal), 'container cluster', `named "${config.name}"`));
  },
});

export interface ContainerClustersData {
  name: string | null;
  partial_name_match: boolean | null;
  container_clusters: ContainerClusterData[] | null;
}

/** data "secops_illumio_container_clusters": every container cluster, or those of a name. Complete beyond 500. */
export const containerClustersData = defineDataSource<IllumioClient, ContainerClustersData>({
  typeName: 'secops_illumio_container_clusters',
  schema: {
    description: 'Lists Illumio container clusters, all of them or those of a name.',
    attributes: {
      name: { type: STRING, optional: true, description: 'Only clusters with this name (exactly, unless `partial_name_match`).' },
      partial_name_match: { type: BOOL, optional: true, description: 'Match `name` as a substring, as the PCE does. Default false.' },
      container_clusters: { type: list(elementType(ATTRIBUTES)), computed: true, description: 'The clusters, in the PCE\'s order.' },
    },
  },
  async read(ctx, config) {
    const found = await clustersNamed(ctx.client, config.name, config.partial_name_match ?? false, ctx.signal);
    return { ...config, container_clusters: found.map(fromPce) };
  },
});
