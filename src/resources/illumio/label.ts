import { illumioHref } from './import-id';
import { IllumioClient } from '../../clients/illumio/client';
import { Label } from '../../clients/illumio/types';
import { STRING } from '../../provider/cty/types';
import { defineResource } from '../../provider/definitions';
import { validators } from '../../provider/validate';

/**
 * secops_illumio_label: a label of the PCE (`/orgs/:org/labels`), the key/value pair that
 * segmentation policy is written against. Key and value are unique together in the org. The key
 * cannot change, so a new key replaces the label; the value changes in place. Labels are not part
 * of the draft/active policy: a change applies at once, with no provisioning.
 */
export interface LabelModel {
  href: string | null;
  key: string;
  value: string;
  external_data_set: string | null;
  external_data_reference: string | null;
  created_at: string | null;
  updated_at: string | null;
}

export const label = defineResource<IllumioClient, LabelModel>({
  typeName: 'secops_illumio_label',
  importId: illumioHref('labels/:id'),
  schema: {
    description: 'An Illumio label: a key (`role`, `app`, `env` or `loc` on Illumio Core 20.1) and a value, unique together in the org.',
    attributes: {
      href: {
        type: STRING,
        computed: true,
        description: 'The label\'s href, e.g. `/orgs/1/labels/12`. Import with `terraform import <address> <href>`.',
      },
      key: {
        type: STRING,
        required: true,
        requiresReplace: true,
        description: 'Label type: `role`, `app`, `env` or `loc` (newer PCEs add their own label dimensions). Changing it replaces the label.',
        validators: [validators.notEmpty()],
      },
      value: { type: STRING, required: true, description: 'Label name, e.g. `web`.', validators: [validators.notEmpty()] },
      external_data_set: { type: STRING, optional: true, description: 'Name of the external system that owns this label, with `external_data_reference`.' },
      external_data_reference: { type: STRING, optional: true, description: 'The label\'s ID in that external system.' },
      created_at: { type: STRING, computed: true, description: 'When the label was created (RFC 3339).' },
      updated_at: { type: STRING, computed: true, changesOnUpdate: true, description: 'When the label was last changed (RFC 3339).' },
    },
  },

  async create(ctx, planned) {
    const created = await ctx.client.createLabel({
      key: planned.key,
      value: planned.value,
      external_data_set: planned.external_data_set ?? undefined,
      external_data_reference: planned.external_data_reference ?? undefined,
    }, ctx.signal);
    return fromPce(created);
  },

  async read(ctx, current) {
    // Concurrent refreshes of many labels share one collection read instead of a GET each.
    const found = await ctx.client.readShared<Label>(current.href!);
    // A soft-deleted label no longer exists for policy: plan its creation again.
    return found && !found.deleted ? fromPce(found) : undefined;
  },

  async update(ctx, planned, prior) {
    await ctx.client.updateLabel(prior.href!, {
      value: planned.value,
      external_data_set: planned.external_data_set,
      external_data_reference: planned.external_data_reference,
    }, ctx.signal);
    // The PCE answers an update with 204 and no body: read the label as it now is.
    const updated = await ctx.client.getLabel(prior.href!, ctx.signal);
    if (!updated) throw new Error(`The PCE updated label ${prior.href} but no longer returns it`);
    return fromPce(updated);
  },

  async delete(ctx, current) {
    await ctx.client.deleteLabel(current.href!, ctx.signal);
  },

  async importState(_ctx, href) {
    return { href };
  },
});

export function fromPce(pce: Label): LabelModel {
  return {
    href: pce.href,
    key: pce.key,
    value: pce.value,
    external_data_set: pce.external_data_set ?? null,
    external_data_reference: pce.external_data_reference ?? null,
    created_at: pce.created_at ?? null,
    updated_at: pce.updated_at ?? null,
  };
}
