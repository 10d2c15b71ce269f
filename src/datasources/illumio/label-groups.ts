import { listDraftsNamed } from './draft-lookup';
import { IllumioClient } from '../../clients/illumio/client';
import { LabelGroup } from '../../clients/illumio/policy-objects';
import { STRING, list, object, set } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';
import { LabelGroupModel, fromPce } from '../../resources/illumio/label-group';

/**
 * data "secops_illumio_label_groups": every label group of the draft policy (not pending
 * deletion), optionally of one key or with one exact name. Complete however many there are.
 */
export interface LabelGroupsData {
  name: string | null;
  key: string | null;
  label_groups: LabelGroupModel[] | null;
}

const LABEL_GROUP = object({
  href: STRING,
  key: STRING,
  name: STRING,
  description: STRING,
  external_data_set: STRING,
  external_data_reference: STRING,
  labels: set(STRING),
  sub_groups: set(STRING),
  created_at: STRING,
  updated_at: STRING,
});

export const labelGroupsData = defineDataSource<IllumioClient, LabelGroupsData>({
  typeName: 'secops_illumio_label_groups',
  schema: {
    description: 'Lists Illumio label groups (draft policy), all of them or those of one key or exact name.',
    attributes: {
      name: { type: STRING, optional: true, description: 'Only the label group with exactly this name.' },
      key: { type: STRING, optional: true, description: 'Only label groups of this label key.' },
      label_groups: { type: list(LABEL_GROUP), computed: true, description: 'The label groups, in the PCE\'s order.' },
    },
  },

  async read(ctx, config) {
    const found = await listDraftsNamed<LabelGroup>(ctx, 'label_groups', config.name);
    return { ...config, label_groups: found.filter(group => config.key === null || group.key === config.key).map(fromPce) };
  },
});
