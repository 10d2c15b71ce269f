import { findOneDraft, hrefOrNameProblems } from './draft-lookup';
import { IllumioClient } from '../../clients/illumio/client';
import { LabelGroup } from '../../clients/illumio/policy-objects';
import { STRING, set } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';
import { LabelGroupModel, fromPce } from '../../resources/illumio/label-group';

/**
 * data "secops_illumio_label_group": one draft label group, by href or by its exact name. The PCE
 * matches names partially; this never takes "the first hit": no match or several fail.
 */
export const labelGroupData = defineDataSource<IllumioClient, LabelGroupModel>({
  typeName: 'secops_illumio_label_group',
  schema: {
    description: 'Reads one Illumio label group of the draft policy by `href` or exact `name`.',
    attributes: {
      href: { type: STRING, optional: true, computed: true, description: 'The label group\'s href; give this or `name`.' },
      name: { type: STRING, optional: true, computed: true, description: 'Name, matched exactly; give this or `href`.' },
      key: { type: STRING, computed: true, description: 'Label key of its members.' },
      description: { type: STRING, computed: true, description: 'Description.' },
      external_data_set: { type: STRING, computed: true, description: 'External system that owns the label group.' },
      external_data_reference: { type: STRING, computed: true, description: 'The label group\'s ID there.' },
      labels: { type: set(STRING), computed: true, description: 'Hrefs of the member labels.' },
      sub_groups: { type: set(STRING), computed: true, description: 'Hrefs of member label groups.' },
      created_at: { type: STRING, computed: true, description: 'When the label group was created.' },
      updated_at: { type: STRING, computed: true, description: 'When the label group was last changed.' },
    },
  },

  validate: hrefOrNameProblems,

  async read(ctx, config) {
    return fromPce(await findOneDraft<LabelGroup>(ctx, 'label_groups', 'label group', config));
  },
});
