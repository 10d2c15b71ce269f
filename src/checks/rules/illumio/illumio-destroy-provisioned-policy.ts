import { named } from './policy-objects';
import { FindingSeverity, Rule } from '../../model';
import { knownString } from '../../values';

const POLICY_OBJECTS: Readonly<Record<string, string>> = {
  secops_illumio_rule_set: 'rule set',
  secops_illumio_security_rule: 'security rule',
  secops_illumio_ip_list: 'IP list',
  secops_illumio_service: 'service',
  secops_illumio_label_group: 'label group',
};

/**
 * The provider provisions a policy object's deletion as soon as it deletes it (so one destroy
 * leaves nothing pending): the active, enforced policy changes during the apply, not at the
 * stack's next provision. A replacement deletes the enforced object first; its successor is
 * enforced only when the stack's `secops_illumio_provision` runs later in the same apply.
 */
export const illumioDestroyProvisionedPolicy: Rule = {
  id: 'illumio-destroy-provisioned-policy',
  severity: FindingSeverity.WARNING,
  description: 'The plan removes policy the PCE enforces: the deletion is provisioned during the apply.',
  remediation: 'Confirm the traffic the object allowed is no longer needed (for a replacement, that the gap until provisioning is acceptable).',
  resourceTypes: Object.keys(POLICY_OBJECTS),
  inspects: 'destroy',
  check(view) {
    if (typeof knownString(view.before?.href) !== 'string') return [];
    const what = named({ ...view, values: null }, POLICY_OBJECTS[view.type]!);
    const rules = view.type === 'secops_illumio_rule_set' ? ' and every rule in it' : '';
    return view.action === 'replace'
      ? [`Replacing ${what} deletes the enforced object first and provisions that deletion; the new one is enforced only when the stack's provision runs.`]
      : [`Destroying ${what} provisions its deletion at once: the active policy loses it${rules}.`];
  },
};
