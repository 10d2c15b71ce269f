/**
 * The built-in rules and templates a fresh organisation starts with. The document shows three
 * catalogue entries in full (app-armor, cluster-role-binding, company-banned-list) and names
 * others in its examples (privileged, privilege-escalation, deny-ephemeral-containers); the rest
 * follow Kubernetes hardening checks the console offers, with the same fields. Presets appear only
 * where the document shows them (app-armor).
 */
export interface CatalogueRule {
  readonly rule_id: string;
  readonly name: string;
  readonly description: string;
  /** null for custom rules ("Will be null for custom rules"). */
  readonly risk: 'low' | 'medium' | 'high' | null;
  readonly category: string;
  readonly supported_actions: readonly string[];
  readonly preset_support: unknown;
  readonly presets: readonly CataloguePreset[] | null;
  readonly custom_rule_metadata: Readonly<Record<string, unknown>> | null;
}

export interface CataloguePreset {
  readonly id: string;
  readonly name: string;
  readonly security_settings: readonly { readonly path: string; readonly action: string; readonly value: string }[];
}

export interface CatalogueTemplate {
  readonly template_id: string;
  readonly name: string;
  readonly rules: readonly { readonly id: string; readonly action: string }[];
}

const ALERT_BLOCK = ['alert', 'block'] as const;
const ENFORCE_ALERT_BLOCK = ['enforce', 'alert', 'block'] as const;
const APP_ARMOR_PATH = 'metadata.annotations[container.apparmor.security.beta.kubernetes.io/*]';

const rule = (
  rule_id: string, name: string, description: string, risk: CatalogueRule['risk'], category: string, supported_actions: readonly string[],
): CatalogueRule => ({
  rule_id, name, description, risk, category, supported_actions, preset_support: null, presets: null, custom_rule_metadata: null,
});

export const BUILT_IN_RULES: readonly CatalogueRule[] = [
  {
    ...rule('app-armor', 'AppArmor', 'AppArmor (Application Armor) is a Linux security module that protects an operating system and its applications from security threats. To use it, a system administrator associates an AppArmor security profile with each program.', 'medium', 'Workload Security', ENFORCE_ALERT_BLOCK),
    preset_support: { is_required: true, security_settings: [{ path: APP_ARMOR_PATH, supported_actions: ['REMOVE', 'ENFORCE'] }], default_settings: null },
    presets: [
      { id: 'b8c2b952-960d-4ca7-b0a6-d81f1e0bc574', name: 'remove', security_settings: [{ path: APP_ARMOR_PATH, action: 'REMOVE', value: '' }] },
      { id: 'e85f797b-c384-46c9-a7d4-07a87fcc40bd', name: 'localhost', security_settings: [{ path: APP_ARMOR_PATH, action: 'ENFORCE', value: 'localhost/test' }] },
      { id: 'ea4de48f-dc31-4dba-bf9d-9eb77adc4b97', name: 'runtime-default', security_settings: [{ path: APP_ARMOR_PATH, action: 'ENFORCE', value: 'runtime/default' }] },
    ],
  },
  rule('cluster-role-binding', 'Cluster role binding', 'Binds a user or service account to a role in a cluster and all its namespaces.', 'medium', 'RBAC', ALERT_BLOCK),
  rule('company-banned-list', 'Company banned list', 'Prevents deployment of images with company banned files.', 'high', 'Container Images', ALERT_BLOCK),
  rule('deny-ephemeral-containers', 'Ephemeral containers', 'Ephemeral containers run inside a running pod for troubleshooting and bypass the pod\'s admission checks.', 'medium', 'Workload Security', ALERT_BLOCK),
  rule('host-network', 'Host network', 'Pods on the host network can reach the node\'s loopback services and sniff its traffic.', 'high', 'Network', ALERT_BLOCK),
  rule('privilege-escalation', 'Allow privilege escalation', 'A process can gain more privileges than its parent (setuid binaries, file capabilities).', 'high', 'Workload Security', ENFORCE_ALERT_BLOCK),
  rule('privileged', 'Privileged container', 'A privileged container has every capability of the host and can escape to the node.', 'high', 'Workload Security', ALERT_BLOCK),
  rule('read-only-root-filesystem', 'Read-only root file system', 'A writable root file system lets an attacker install tools and persist.', 'low', 'Workload Security', ENFORCE_ALERT_BLOCK),
  rule('run-as-non-root', 'Run as non-root', 'Containers running as root widen the impact of an escape.', 'medium', 'Workload Security', ENFORCE_ALERT_BLOCK),
  rule('critical-vulnerabilities', 'Critical vulnerabilities', 'Prevents deployment of images with critical vulnerabilities that have a fix.', 'high', 'Container Images', ALERT_BLOCK),
];

/**
 * Built-in templates cannot be changed, extended with add_rules or deleted (those calls name
 * "custom templates"). They are listed with `custom_template_metadata: null`, which is how clients
 * tell them apart; the document's one example template (cis-benchmark-1-6-0) carries metadata, so
 * this marking is the simulator's reading, not the document's.
 */
export const BUILT_IN_TEMPLATES: readonly CatalogueTemplate[] = [
  { template_id: 'cis-benchmark-1-6-0', name: 'CiS benchmark 1.6.0', rules: [{ id: 'privileged', action: 'alert' }, { id: 'privilege-escalation', action: 'alert' }] },
  {
    template_id: 'workload-hardening',
    name: 'Workload hardening',
    rules: [{ id: 'run-as-non-root', action: 'enforce' }, { id: 'read-only-root-filesystem', action: 'alert' }, { id: 'host-network', action: 'block' }],
  },
];

/** The protected scope every organisation has ("Any" in the policies_scopes example): all clusters, all namespaces. */
export const ANY_SCOPE = { scope_id: 'any-scope-id', name: 'Any', lifecycle_phase: 'deployed' } as const;
