import { IllumioClient } from '../../clients/illumio/client';
import { getInterface, interfaceHref } from '../../clients/illumio/workloads';
import { NUMBER, STRING } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';
import { InterfaceModel, interfaceFromPce } from '../../resources/illumio/workload';

/**
 * data "secops_illumio_workload_interface": one interface of a workload, by the workload's href
 * and the interface's name. Every interface of a workload is the `interfaces` list of data
 * "secops_illumio_workload" (20.1 GET workloads/:id/interfaces takes no filters, so a list data
 * source of its own would add nothing, and its generated class would clash with that list's).
 */
export interface WorkloadInterfaceData extends InterfaceModel {
  href: string | null;
  workload_href: string;
}

export const workloadInterfaceData = defineDataSource<IllumioClient, WorkloadInterfaceData>({
  typeName: 'secops_illumio_workload_interface',
  schema: {
    description: 'Reads one network interface of an Illumio workload.',
    attributes: {
      workload_href: { type: STRING, required: true, description: 'Href of the workload.' },
      name: { type: STRING, required: true, description: 'Interface name, e.g. `eth0`.' },
      href: { type: STRING, computed: true, description: 'The interface\'s address, `<workload href>/interfaces/<name>`.' },
      address: { type: STRING, computed: true, description: 'The interface\'s IP address.' },
      cidr_block: { type: NUMBER, computed: true, description: 'The number of bits of the subnet mask.' },
      default_gateway_address: { type: STRING, computed: true, description: 'The default gateway.' },
      link_state: { type: STRING, computed: true, description: 'Link state: `up`, `down` or `unknown`.' },
      friendly_name: { type: STRING, computed: true, description: 'User-friendly name of the interface.' },
    },
  },

  async read(ctx, config) {
    const found = await getInterface(ctx.client, config.workload_href, config.name, ctx.signal);
    if (!found) throw new Error(`Workload ${config.workload_href} has no interface "${config.name}"`);
    return { ...interfaceFromPce(found), href: interfaceHref(config.workload_href, config.name), workload_href: config.workload_href };
  },
});
