import { IllumioClient } from '../../clients/illumio/client';
import { BOOL, STRING, list, object } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';
import { LabelModel, fromPce } from '../../resources/illumio/label';

/**
 * data "secops_illumio_labels": every label that matches the filters. Complete however many there
 * are: beyond the PCE's synchronous limit (500) the client runs an async collection query.
 */
export interface LabelsData {
  key: string | null;
  value: string | null;
  partial_value_match: boolean | null;
  labels: LabelModel[] | null;
}

const LABEL = object({
  href: STRING, key: STRING, value: STRING, external_data_set: STRING, external_data_reference: STRING, created_at: STRING, updated_at: STRING,
});

export const labelsData = defineDataSource<IllumioClient, LabelsData>({
  typeName: 'secops_illumio_labels',
  schema: {
    description: 'Lists Illumio labels, all of them or those of one key and/or value.',
    attributes: {
      key: { type: STRING, optional: true, description: 'Only labels of this key.' },
      value: { type: STRING, optional: true, description: 'Only labels with this value (exactly, unless `partial_value_match`).' },
      partial_value_match: { type: BOOL, optional: true, description: 'Match `value` as a substring, as the PCE does. Default false.' },
      labels: { type: list(LABEL), computed: true, description: 'The labels, in the PCE\'s order.' },
    },
  },

  async read(ctx, config) {
    const labels = await ctx.client.listLabels({
      key: config.key ?? undefined,
      value: config.value ?? undefined,
      partialValueMatch: config.partial_value_match ?? false,
    }, ctx.signal);
    return { ...config, labels: labels.filter(l => !l.deleted).map(fromPce) };
  },
});
