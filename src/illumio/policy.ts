/**
 * The PCE's draft policy collections (`sec_policy/draft/<type>`) and the Terraform resource type of
 * each one's objects. The client, the provision resource, the simulator and the synth-time
 * auto-provisioning all derive their lists from this one (test/illumio/policy.test.ts ties them):
 * a type missing from one of them would silently drop its objects from provisioning.
 */
export const DRAFT_POLICY_RESOURCES = {
  label_groups: 'secops_illumio_label_group',
  ip_lists: 'secops_illumio_ip_list',
  services: 'secops_illumio_service',
  rule_sets: 'secops_illumio_rule_set',
  virtual_services: 'secops_illumio_virtual_service',
} as const;

/** A draft policy collection, e.g. `ip_lists`. */
export type DraftPolicyType = keyof typeof DRAFT_POLICY_RESOURCES;

export const DRAFT_POLICY_TYPES = Object.keys(DRAFT_POLICY_RESOURCES) as readonly DraftPolicyType[];

/**
 * Every Terraform resource type whose changes a policy version provisions: the draft collections'
 * objects, security rules (provisioned with their rule set) and the singleton firewall settings.
 */
export const PROVISIONED_RESOURCE_TYPES: readonly string[] = [
  ...Object.values(DRAFT_POLICY_RESOURCES),
  'secops_illumio_security_rule',
  'secops_illumio_firewall_settings',
];

/** The PCE's built-in IP list that covers every address; 20.1's document does not list it, every PCE has it by this name. */
export const ANY_IP_LIST_NAME = 'Any (0.0.0.0/0 and ::/0)';
/** The PCE's built-in service that covers every protocol and port. */
export const ALL_SERVICES_NAME = 'All Services';

/**
 * What a draft object is when the PCE builds it into every org (it cannot be deleted), or
 * undefined. Such objects can be imported and configured; destroy only forgets them.
 */
export function builtInPolicyObject(type: 'services' | 'ip_lists', name: string | null | undefined): string | undefined {
  const builtIn = type === 'services' ? ALL_SERVICES_NAME : ANY_IP_LIST_NAME;
  return name === builtIn ? `the PCE's built-in ${type === 'services' ? 'service' : 'IP list'} "${builtIn}"` : undefined;
}
