import { FindingSeverity, Rule } from '../../model';
import { isKnownBlank, knownString } from '../../values';

/**
 * A management token bypasses every ACL policy. Even with a selector (the error case without one
 * is nomad-management-without-selector), a reviewer should see each rule that grants one.
 */
export const nomadManagementBinding: Rule = {
  id: 'nomad-management-binding',
  severity: FindingSeverity.WARNING,
  strictSeverity: FindingSeverity.ERROR,
  description: 'A binding rule grants management tokens, which bypass every ACL policy.',
  remediation: 'Bind an ACL role or policy with only the capabilities needed; keep management for a break-glass identity pinned by its selector.',
  resourceTypes: ['secops_nomad_acl_binding_rule'],
  check(view) {
    const values = view.values!;
    if (knownString(values.bind_type) !== 'management' || isKnownBlank(values.selector)) return [];
    const selector = knownString(values.selector);
    return [`Identities matching ${selector ? `\`${selector}\`` : 'its selector'} get a management token (every permission, no ACL check).`];
  },
};
