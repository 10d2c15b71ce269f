/**
 * Wire shapes of the Carbon Black Cloud Container Management API (Kubernetes guardrails), with
 * the API's own snake_case names. Fields the server assigns are optional so one type serves
 * requests and responses.
 */

/** The states a policy can be in. */
export const POLICY_STATUSES = ['enabled', 'disabled', 'draft'] as const;
export type PolicyStatus = typeof POLICY_STATUSES[number];

/**
 * Scope lifecycle phases. The document does not enumerate them: its examples show `build`,
 * `deployed` and `any`, which is the list the simulator and the validators accept.
 */
export const LIFECYCLE_PHASES = ['any', 'build', 'deployed'] as const;

/** Every action a rule may support (the union of the catalogue's `supported_actions`). */
export const RULE_ACTIONS = ['alert', 'block', 'enforce'] as const;

/** A rule as a policy includes it. */
export interface PolicyRule {
  readonly id: string;
  readonly action: string;
  readonly is_enabled?: boolean;
  readonly preset_id?: string;
  readonly preset_name?: string;
}

export interface ExceptionLabel {
  readonly key: string;
  readonly value: string;
}

/** A workload excluded from one rule of a policy; `*` in cluster, namespace or kind means all. */
export interface PolicyException {
  readonly name?: string;
  readonly username?: string;
  readonly labels?: readonly ExceptionLabel[];
  readonly cluster?: string;
  readonly namespace?: string;
  readonly kind?: string;
}

export interface ScopeMetadata {
  readonly scope_id: string;
  readonly scope_name: string;
}

/** What `PUT .../policies` takes: a create without `policy_id`, an update with it. */
export interface PolicyWrite {
  readonly policy_id?: string;
  readonly name: string;
  readonly scope_id: string;
  readonly status: string;
  readonly rules?: readonly PolicyRule[];
  /** Exceptions keyed by rule id. */
  readonly exceptions?: Readonly<Record<string, readonly PolicyException[]>>;
  readonly include_init_containers?: boolean;
  readonly include_ephemeral_containers?: boolean;
}

/** Server stamps shared by policies and scopes. */
export interface Stamps {
  readonly creator: string;
  readonly created_on: number;
  readonly created_on_iso: string;
  readonly modified_by: string;
  readonly modified_on: number;
  readonly modified_on_iso: string;
}

/** `GET .../policies/{policy_id}`. */
export interface Policy extends Stamps {
  readonly policy_id: string;
  readonly name: string;
  readonly scope_metadata: ScopeMetadata;
  readonly rules: readonly PolicyRule[];
  readonly exceptions: Readonly<Record<string, readonly PolicyException[]>>;
  readonly include_init_containers: boolean;
  readonly include_ephemeral_containers: boolean;
  readonly status: string;
}

/** One item of `GET .../policies` (no rules, a count of exceptions). */
export interface PolicySummary extends Stamps {
  readonly policy_id: string;
  readonly name: string;
  readonly scope_metadata: ScopeMetadata;
  readonly exceptions_count: number;
  readonly status: string;
}

/** What `POST .../scopes` takes: a create without `scope_id`, an update with it. */
export interface ScopeWrite {
  readonly scope_id?: string;
  readonly name: string;
  readonly lifecycle_phase?: string;
  readonly clusters?: readonly string[];
  readonly clusters_groups?: readonly string[];
  readonly namespaces?: readonly string[];
  readonly is_protected?: boolean;
}

/** `GET .../scopes/{scope_id}`. */
export interface Scope extends Stamps {
  readonly scope_id: string;
  readonly name: string;
  readonly lifecycle_phase: string;
  readonly is_protected: boolean;
  readonly clusters_groups: readonly string[];
  readonly clusters: readonly string[];
  readonly namespaces: readonly string[];
  readonly grouping_type: string;
  readonly workloads_count: number;
}

/** `GET .../policies_scopes[/{scope_id}]`: a scope and the policy applied on it (null: none). */
export interface ScopeWithPolicy {
  readonly scope_id: string;
  readonly name: string;
  readonly policy_metadata: { readonly policy_id: string; readonly policy_name: string } | null;
  readonly workload_count: number;
  readonly lifecycle_phase: string;
}

export interface SecuritySetting {
  readonly path: string;
  readonly action: string;
  readonly value: string;
}

export interface RulePreset {
  readonly id: string;
  readonly name: string;
  readonly rule_id: string;
  readonly policies: readonly unknown[];
  readonly security_settings: readonly SecuritySetting[];
}

export interface PresetSupport {
  readonly is_required: boolean;
  readonly security_settings: readonly { readonly path: string; readonly supported_actions: readonly string[] }[];
  readonly default_settings: unknown;
}

/** One entry of the rule catalogue (`GET .../rules`). Custom rules carry `custom_rule_metadata` and no risk. */
export interface Rule {
  readonly rule_id: string;
  readonly name: string;
  readonly description: string;
  readonly risk: string | null;
  readonly category: string;
  readonly supported_actions: readonly string[];
  readonly preset_support: PresetSupport | null;
  readonly presets: readonly RulePreset[] | null;
  readonly policies: readonly { readonly policy_id: string; readonly policy_name: string }[];
  readonly templates: readonly { readonly template_id: string; readonly template_name: string }[];
  readonly custom_rule_metadata: Readonly<Record<string, unknown>> | null;
}

/** A rule as a template lists it. */
export interface TemplateRule {
  readonly id: string;
  readonly action: string;
}

/** What `POST .../templates` takes: a create without `template_id`, an update with it. */
export interface TemplateWrite {
  readonly template_id?: string;
  readonly name: string;
  readonly rules: readonly TemplateRule[];
}

/** One item of `GET .../templates`; built-in templates have no `custom_template_metadata`. */
export interface Template {
  readonly template_id: string;
  readonly name: string;
  readonly rules: readonly TemplateRule[];
  readonly custom_template_metadata: { readonly creator: string; readonly created_on: number; readonly created_on_iso: string } | null;
}
