import { computedCopy, exactlyOneOf, onlyMatch } from './inventory-lookup';
import { IllumioClient } from '../../clients/illumio/client';
import { getWorkload, listWorkloads, Workload } from '../../clients/illumio/workloads';
import { BOOL, STRING, list } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';
import { blockType } from '../../provider/schema';
import { INTERFACE_BLOCK, workload, WorkloadModel, workloadFromPce } from '../../resources/illumio/workload';

/**
 * data "secops_illumio_workload": one workload, managed or unmanaged, by href, or by its exact
 * name or hostname (failing on none or several).
 */
export interface WorkloadDataModel extends WorkloadModel {
  managed: boolean | null;
  ven_href: string | null;
}

export const WORKLOAD_DATA_ATTRIBUTES = {
  ...computedCopy(workload.schema),
  interfaces: { type: list(blockType(INTERFACE_BLOCK)), computed: true, description: 'The workload\'s network interfaces.' },
  managed: { type: BOOL, computed: true, description: 'Whether a VEN manages the workload.' },
  ven_href: { type: STRING, computed: true, description: 'Href of the VEN that manages the workload; null when unmanaged.' },
};

export function workloadDataFromPce(pce: Workload): WorkloadDataModel {
  return { ...workloadFromPce(pce), managed: !!pce.ven, ven_href: pce.ven?.href ?? null };
}

export const workloadData = defineDataSource<IllumioClient, WorkloadDataModel>({
  typeName: 'secops_illumio_workload',
  schema: {
    description: 'Reads one Illumio workload (managed or unmanaged) by `href`, or by exact `name` or `hostname`.',
    attributes: {
      ...WORKLOAD_DATA_ATTRIBUTES,
      href: { type: STRING, optional: true, computed: true, description: 'The workload\'s href; give this, `name` or `hostname`.' },
      name: { type: STRING, optional: true, computed: true, description: 'The workload\'s name, matched exactly.' },
      hostname: { type: STRING, optional: true, computed: true, description: 'The workload\'s hostname, matched exactly.' },
    },
  },

  validate(config) {
    return exactlyOneOf(config as unknown as Record<string, unknown>, ['href', 'name', 'hostname']); // the model is the config object
  },

  async read(ctx, config) {
    if (config.href !== null) {
      const found = await getWorkload(ctx.client, config.href, ctx.signal);
      if (!found || found.deleted) throw new Error(`The PCE has no workload ${config.href}`);
      return workloadDataFromPce(found);
    }
    const field = config.name !== null ? 'name' : 'hostname';
    const wanted = (config.name ?? config.hostname)!;
    const matches = (await listWorkloads(ctx.client, { [field]: wanted }, ctx.signal)).filter((found) => found[field] === wanted);
    return workloadDataFromPce(onlyMatch(matches, 'workload', `${field} "${wanted}"`));
  },
});
