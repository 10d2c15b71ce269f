import { nomadManagementBinding } from './nomad-management-binding';
import { nomadManagementWithoutSelector } from './nomad-management-without-selector';
import { nomadSelectorNeverMatches } from './nomad-selector-never-matches';
import { nomadSelectorSuspiciousComparison } from './nomad-selector-suspicious-comparison';
import { RulePack } from '../../model';
import { nounsOf } from '../../nouns';
import { knownString } from '../../values';

/** The Nomad pack: one rule per file in this folder. */
export const nomadPack: RulePack = {
  name: 'nomad',
  title: 'Nomad',
  rules: [nomadManagementWithoutSelector, nomadSelectorNeverMatches, nomadSelectorSuspiciousComparison, nomadManagementBinding],
  nouns: nounsOf('nomad', { secops_nomad_acl_binding_rule: 'ACL binding rule' }),
  describe(view, values) {
    if (view.type !== 'secops_nomad_acl_binding_rule') return undefined;
    const [method, bindType, bindName] = [values.auth_method, values.bind_type, values.bind_name].map(knownString);
    if (!method || !bindType) return undefined;
    return `on auth method "${method}", grants ${bindType === 'management' ? 'management' : `${bindType} "${bindName ?? '?'}"`}`;
  },
};
