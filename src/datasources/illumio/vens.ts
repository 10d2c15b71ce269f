import { computedCopy, labelsFilter } from './inventory-lookup';
import { IllumioClient } from '../../clients/illumio/client';
import { listVens } from '../../clients/illumio/workloads';
import { STRING, list, object, set } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';
import { validators } from '../../provider/validate';
import { ven, VenModel, venFromPce } from '../../resources/illumio/ven';

/**
 * data "secops_illumio_vens": the VENs that match the PCE's filters (20.1 GET vens), complete
 * beyond 500. Text filters match partially, as the PCE does.
 */
export interface VensData {
  name: string | null;
  hostname: string | null;
  description: string | null;
  status: string | null;
  version: string | null;
  labels: string[][] | null;
  vens: VenModel[] | null;
}

const VEN = object(Object.fromEntries(Object.entries(computedCopy(ven.schema)).map(([name, attribute]) => [name, attribute.type])));

export const vensData = defineDataSource<IllumioClient, VensData>({
  typeName: 'secops_illumio_vens',
  schema: {
    description: 'Lists Illumio VENs with the PCE\'s filters.',
    attributes: {
      name: { type: STRING, optional: true, description: 'Only VENs whose name contains this (the PCE\'s partial match).' },
      hostname: { type: STRING, optional: true, description: 'Only VENs whose hostname contains this.' },
      description: { type: STRING, optional: true, description: 'Only VENs whose description contains this.' },
      status: {
        type: STRING,
        optional: true,
        description: 'Only VENs in this status: `active`, `suspended` or `uninstalled`.',
        validators: [validators.oneOf(['active', 'suspended', 'uninstalled'])],
      },
      version: { type: STRING, optional: true, description: 'Only VENs whose release contains this.' },
      labels: { type: list(set(STRING)), optional: true, description: 'Only VENs whose workload has every label of at least one of these sets of label hrefs.' },
      vens: { type: list(VEN), computed: true, description: 'The VENs, in the PCE\'s order.' },
    },
  },

  async read(ctx, config) {
    const found = await listVens(ctx.client, {
      name: config.name ?? undefined,
      hostname: config.hostname ?? undefined,
      description: config.description ?? undefined,
      status: config.status ?? undefined,
      version: config.version ?? undefined,
      labels: labelsFilter(config.labels),
    }, ctx.signal);
    return { ...config, vens: found.map(venFromPce) };
  },
});
