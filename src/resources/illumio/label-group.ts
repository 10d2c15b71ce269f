import { configuredBody, deleteAndProvision, readDraft, updateDraftAndRead } from './draft';
import { illumioHref } from './import-id';
import { IllumioClient } from '../../clients/illumio/client';
import { LabelGroup } from '../../clients/illumio/policy-objects';
import { STRING, set } from '../../provider/cty/types';
import { defineResource } from '../../provider/definitions';
import { validators } from '../../provider/validate';

/**
 * secops_illumio_label_group: a label group of the draft policy
 * (`/orgs/:org/sec_policy/draft/label_groups`), labels of one key and other groups of that key
 * named together. Written to draft only: the stack's `secops_illumio_provision` provisions it.
 */
export interface LabelGroupModel {
  href: string | null;
  key: string;
  name: string;
  description: string | null;
  external_data_set: string | null;
  external_data_reference: string | null;
  labels: string[] | null;
  sub_groups: string[] | null;
  created_at: string | null;
  updated_at: string | null;
}

export const labelGroup = defineResource<IllumioClient, LabelGroupModel>({
  typeName: 'secops_illumio_label_group',
  importId: illumioHref('sec_policy/draft/label_groups/:id', { policy: true }),
  schema: {
    description: 'An Illumio label group in the draft policy: labels (and other label groups) of one key, used as one in scopes and rules. Provisioned by `secops_illumio_provision`.',
    attributes: {
      href: { type: STRING, computed: true, description: 'The label group\'s draft href. Import with `terraform import <address> <href>`.' },
      key: {
        type: STRING,
        required: true,
        requiresReplace: true,
        description: 'Label key of every member (`role`, `app`, `env` or `loc`). Changing it replaces the group.',
        validators: [validators.notEmpty()],
      },
      name: { type: STRING, required: true, description: 'Name, unique among label groups.', validators: [validators.notEmpty(), validators.maxLength(255)] },
      description: { type: STRING, optional: true, description: 'Description.' },
      external_data_set: { type: STRING, optional: true, description: 'Name of the external system that owns this label group, with `external_data_reference`.' },
      external_data_reference: { type: STRING, optional: true, description: 'The label group\'s ID in that external system.' },
      labels: { type: set(STRING), optional: true, default: [], description: 'Hrefs of the member labels (all of `key`).' },
      sub_groups: { type: set(STRING), optional: true, default: [], description: 'Hrefs of member label groups (all of `key`).' },
      created_at: { type: STRING, computed: true, description: 'When the label group was created (RFC 3339).' },
      updated_at: { type: STRING, computed: true, changesOnUpdate: true, description: 'When the label group was last changed (RFC 3339).' },
    },
  },

  async create(ctx, planned) {
    const created = await ctx.client.createDraft<LabelGroup>('label_groups', { key: planned.key, ...body(planned) }, ctx.signal);
    return fromPce(created);
  },

  async read(ctx, current) {
    const found = await readDraft<LabelGroup>(ctx, current.href!);
    return found ? fromPce(found) : undefined;
  },

  async update(ctx, planned, prior) {
    const updated = await updateDraftAndRead<LabelGroup>(ctx, prior.href!, configuredBody(body(planned), planned, prior), 'label group');
    return fromPce(updated);
  },

  async delete(ctx, current) {
    await deleteAndProvision(ctx, 'label_groups', current.href!);
  },

  async importState(_ctx, href) {
    return { href };
  },
});

function body(model: LabelGroupModel): Record<string, unknown> {
  return {
    name: model.name,
    description: model.description ?? '',
    // 20.1: string or null; null clears a reference the configuration no longer sets.
    external_data_set: model.external_data_set,
    external_data_reference: model.external_data_reference,
    labels: (model.labels ?? []).map(href => ({ href })),
    sub_groups: (model.sub_groups ?? []).map(href => ({ href })),
  };
}

export function fromPce(pce: LabelGroup): LabelGroupModel {
  return {
    href: pce.href,
    key: pce.key,
    name: pce.name,
    description: pce.description ? pce.description : null,
    external_data_set: pce.external_data_set ?? null,
    external_data_reference: pce.external_data_reference ?? null,
    labels: (pce.labels ?? []).map(ref => ref.href),
    sub_groups: (pce.sub_groups ?? []).map(ref => ref.href),
    created_at: pce.created_at ?? null,
    updated_at: pce.updated_at ?? null,
  };
}
