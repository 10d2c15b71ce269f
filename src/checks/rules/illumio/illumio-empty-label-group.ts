import { FindingSeverity, Rule } from '../../model';
import { knownList, knownString } from '../../values';

/** A label group with no labels and no sub-groups stands for no workload at all. */
export const illumioEmptyLabelGroup: Rule = {
  id: 'illumio-empty-label-group',
  severity: FindingSeverity.WARNING,
  description: 'A label group has no labels and no sub-groups, so it references nothing.',
  remediation: 'Add the labels the group stands for, or delete the group and the scopes and rules that use it.',
  resourceTypes: ['secops_illumio_label_group'],
  check(view) {
    const labels = knownList(view.values!.labels);
    const subGroups = knownList(view.values!.sub_groups);
    if (!labels || !subGroups || labels.length > 0 || subGroups.length > 0) return [];
    const name = knownString(view.values!.name);
    return [`Label group ${name ? `"${name}" ` : ''}has no members: any scope or rule using it matches no workload.`];
  },
};
