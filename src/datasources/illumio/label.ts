import { IllumioClient } from '../../clients/illumio/client';
import { STRING } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';
import { LabelModel, fromPce } from '../../resources/illumio/label';

/**
 * data "secops_illumio_label": one label, by href or by its exact key and value. The PCE matches
 * values partially; this data source never takes "the first hit": no match or several fail.
 */
export const labelData = defineDataSource<IllumioClient, LabelModel>({
  typeName: 'secops_illumio_label',
  schema: {
    description: 'Reads one Illumio label by `href`, or by exact `key` and `value`.',
    attributes: {
      href: { type: STRING, optional: true, computed: true, description: 'The label\'s href; give this, or `key` and `value`.' },
      key: { type: STRING, optional: true, computed: true, description: 'Label type, matched exactly.' },
      value: { type: STRING, optional: true, computed: true, description: 'Label name, matched exactly.' },
      external_data_set: { type: STRING, computed: true, description: 'External system that owns the label.' },
      external_data_reference: { type: STRING, computed: true, description: 'The label\'s ID there.' },
      created_at: { type: STRING, computed: true, description: 'When the label was created.' },
      updated_at: { type: STRING, computed: true, description: 'When the label was last changed.' },
    },
  },

  validate(config) {
    const given = (value: unknown) => value !== null;
    if (given(config.href) && (given(config.key) || given(config.value))) {
      return [{ path: ['href'], summary: 'Conflicting arguments', detail: 'give either href, or key and value, not both' }];
    }
    if (!given(config.href) && !(given(config.key) && given(config.value))) {
      return [{ path: [], summary: 'Missing arguments', detail: 'give href, or both key and value' }];
    }
    return [];
  },

  async read(ctx, config) {
    if (config.href !== null) {
      const found = await ctx.client.getLabel(config.href, ctx.signal);
      if (!found) throw new Error(`The PCE has no label ${config.href}`);
      return fromPce(found);
    }
    const matches = await ctx.client.listLabels({ key: config.key, value: config.value }, ctx.signal);
    if (matches.length !== 1) {
      const which = `key "${config.key}" and value "${config.value}"`;
      throw new Error(matches.length === 0 ? `The PCE has no label with ${which}` : `${matches.length} labels have ${which}: ${matches.map(m => m.href).join(', ')}`);
    }
    return fromPce(matches[0]!);
  },
});
