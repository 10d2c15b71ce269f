import { INTERFACE_BLOCK, InterfaceModel, interfaceBody, interfaceFromPce } from './workload';
import { IllumioClient } from '../../clients/illumio/client';
import { createInterface, deleteInterface, getInterface, interfaceHref } from '../../clients/illumio/workloads';
import { STRING } from '../../provider/cty/types';
import { defineResource } from '../../provider/definitions';
import { Attribute } from '../../provider/schema';
import { validators } from '../../provider/validate';

/**
 * secops_illumio_workload_interface: one network interface of a workload
 * (`/orgs/:org/workloads/:uuid/interfaces/:name`, 20.1 "Workload Interfaces"). The document offers
 * create (POST), read and delete, no update: every change replaces the interface. Use it on a
 * `secops_illumio_workload` without `interface` blocks (that one then leaves interfaces alone).
 */
export interface WorkloadInterfaceModel extends InterfaceModel {
  href: string | null;
  workload_href: string;
}

const WORKLOAD_HREF = /^\/orgs\/[^/]+\/workloads\/[^/]+$/;
const INTERFACE_HREF = /^(\/orgs\/[^/]+\/workloads\/[^/]+)\/interfaces\/([^/]+)$/;

const replacing = (attribute: Attribute): Attribute => ({ ...attribute, requiresReplace: true });

export const workloadInterface = defineResource<IllumioClient, WorkloadInterfaceModel>({
  typeName: 'secops_illumio_workload_interface',
  schema: {
    description: 'A network interface of an Illumio workload. The PCE cannot change an interface: every change replaces it.',
    attributes: {
      href: {
        type: STRING,
        computed: true,
        description: 'The interface\'s address, `<workload href>/interfaces/<name>`. Import with `terraform import <address> <href>`.',
      },
      workload_href: {
        type: STRING,
        required: true,
        requiresReplace: true,
        description: 'Href of the workload, e.g. `/orgs/1/workloads/<uuid>`.',
        validators: [validators.custom('a workload href', (value) => (WORKLOAD_HREF.test(value as string)
          ? undefined : `must be a workload href (/orgs/:org/workloads/:uuid), got "${String(value)}"`))],
      },
      ...Object.fromEntries(Object.entries(INTERFACE_BLOCK.attributes).map(([name, attribute]) => [name, replacing(attribute)])),
    },
  },

  async create(ctx, planned) {
    await createInterface(ctx.client, planned.workload_href, interfaceBody(planned), ctx.signal);
    const found = await getInterface(ctx.client, planned.workload_href, planned.name, ctx.signal);
    if (!found) throw new Error(`The PCE created interface ${planned.name} of ${planned.workload_href} but does not return it`);
    return { ...interfaceFromPce(found), href: interfaceHref(planned.workload_href, planned.name), workload_href: planned.workload_href };
  },

  async read(ctx, current) {
    const [, workloadHref, name] = INTERFACE_HREF.exec(current.href!) ?? [];
    if (workloadHref === undefined || name === undefined) throw new Error(`Not a workload interface href: "${current.href}"`);
    const found = await getInterface(ctx.client, workloadHref, decodeURIComponent(name), ctx.signal);
    return found ? { ...interfaceFromPce(found), href: current.href, workload_href: workloadHref } : undefined;
  },

  async update(_ctx, planned) {
    return planned; // every attribute replaces the interface; nothing is updated in place
  },

  async delete(ctx, current) {
    await deleteInterface(ctx.client, current.workload_href, current.name, ctx.signal);
  },

  async importState(_ctx, href) {
    if (!INTERFACE_HREF.test(href)) throw new Error(`Import an interface by its href, /orgs/:org/workloads/:uuid/interfaces/:name; got "${href}"`);
    return { href };
  },
});
