import { isUnknown, UNKNOWN, Unknown } from '../provider/cty/values';

/**
 * The review checks' model. A rule sees every resource the same way whether it comes from a
 * cdktf stack at synth or from a `terraform show -json` plan: a `ResourceView` with the
 * Terraform type, the Terraform address and the snake_case attribute values, where a value not
 * known yet is `UNKNOWN` and a value that is a reference to another resource is a `Reference`
 * (which the rule context resolves when the target is in the same stack or plan).
 */

/** How serious a finding is. Error findings fail `cdktf synth`. */
export enum FindingSeverity {
  /** Weakens security outright; fails synth. */
  ERROR = 'error',
  /** Likely a mistake or a risk a reviewer must accept. */
  WARNING = 'warning',
  /** Worth a reviewer's look. */
  NOTE = 'note',
}

export { UNKNOWN, Unknown, isUnknown };

/** `${secops_illumio_ip_list.office.href}`: an attribute of another resource, known only at apply. */
export class Reference {
  constructor(
    /** The target's address: `secops_illumio_ip_list.office`, `data.secops_illumio_ip_list.any`, `module.m.secops_...`. */
    readonly address: string,
    /** The attribute referred to, `href`; empty for the whole resource. */
    readonly attribute: string,
  ) {}
}

/** Attribute values as Terraform sees them (snake_case), with unknowns and references marked. */
export type Value = null | undefined | string | number | boolean | Unknown | Reference | Value[] | { [name: string]: Value };
export type Values = { readonly [name: string]: Value };

/** What a plan does to a resource; `declared` at synth, where nothing is compared with state. */
export type ChangeAction = 'declared' | 'create' | 'update' | 'replace' | 'delete' | 'no-op' | 'read';

export interface ResourceView {
  /** `secops_nomad_acl_binding_rule`. */
  readonly type: string;
  /** `nomad`: the second part of the type name. */
  readonly vendor: string;
  readonly mode: 'managed' | 'data';
  /** The Terraform address, `secops_nomad_acl_binding_rule.engineers` (data sources start with `data.`). */
  readonly address: string;
  /** The values after the change (the declared values at synth); null when destroyed. */
  readonly values: Values | null;
  /** The values before the change (plans only); null when created. */
  readonly before: Values | null;
  readonly action: ChangeAction;
  /** Attributes whose value changes (updates and replacements in plans). */
  readonly changedAttributes: readonly string[];
  /** The construct path at synth (`stack/engineers`). */
  readonly constructPath?: string;
  /**
   * Top-level attributes Terraform marks sensitive (plans): rules may read them, but their
   * findings must not quote them, and the review never prints them.
   */
  readonly sensitiveAttributes?: readonly string[];
  /**
   * The settings of the `provider "secops"` configuration the resource uses (its alias, else the
   * default one), as the configuration states them: `{ anchore: { account: "eng" } }`. A setting
   * not written there may still come from the environment, so unset means "not known here".
   * Undefined when the configuration is not available. Never printed.
   */
  readonly providerSettings?: Values;
}

/** What a rule can ask about the rest of the stack or plan. */
export interface RuleContext {
  /** Every resource and data source of the stack or plan. */
  readonly views: readonly ResourceView[];
  /**
   * The resource a value points at: a `Reference`, or an href/id string equal to the known `href`
   * of a resource in the same stack or plan. Undefined when it cannot be told.
   */
  resolve(value: Value): ResourceView | undefined;
}

/** One check. Each lives in its own file, src/checks/rules/<vendor>/<id>.ts. */
export interface Rule {
  /** Stable identifier, the file name: `nomad-management-without-selector`. Used in suppressions. */
  readonly id: string;
  readonly severity: FindingSeverity;
  /** One line: what is wrong. */
  readonly description: string;
  /** One or two sentences: how to fix it. */
  readonly remediation: string;
  /** The resource types the rule inspects. */
  readonly resourceTypes: readonly string[];
  /**
   * The severity at the `strict` level, when higher than `severity`: a warning strict review
   * treats as an error (see docs/guides/review-checks.md).
   */
  readonly strictSeverity?: FindingSeverity;
  /**
   * `state` (default): inspects the resource as declared or planned (synth and plans).
   * `destroy`: inspects what a plan removes (`delete` and `replace`); plans only.
   */
  readonly inspects?: 'state' | 'destroy';
  /** The findings for one resource: each a sentence saying what exactly is wrong. */
  check(view: ResourceView, context: RuleContext): string[];
}

/**
 * How strictly to review: `baseline` reports each rule at its `severity`; `strict` raises the
 * rules that have a `strictSeverity` to it (selected warnings become errors).
 */
export type CheckLevel = 'baseline' | 'strict';
export const CHECK_LEVELS: readonly CheckLevel[] = ['baseline', 'strict'];

/** The level named, or an error listing the levels. */
export function checkLevel(name: string | undefined): CheckLevel {
  if (name === undefined) return 'baseline';
  if (!(CHECK_LEVELS as readonly string[]).includes(name)) throw new Error(`Unknown secops check level "${name}"; the levels are ${CHECK_LEVELS.map(l => `"${l}"`).join(', ')}`);
  return name as CheckLevel;
}

/** The severity of the rule's findings at a level. */
export function severityAt(rule: Rule, level: CheckLevel): FindingSeverity {
  return level === 'strict' && rule.strictSeverity !== undefined ? rule.strictSeverity : rule.severity;
}

/** A vendor's rules, picked by name. */
export interface RulePack {
  /** `nomad`: the vendor's name in resource types. */
  readonly name: string;
  /** `Nomad`: how people write it. */
  readonly title: string;
  readonly rules: readonly Rule[];
  /** Readable name of a resource type, `ACL binding rule`; defaults to the type's words. */
  readonly nouns?: Readonly<Record<string, string>>;
  /** A short readable identification of the resource (its name, key=value, ...), when the generic one says too little. */
  describe?(view: ResourceView, values: Values, context: RuleContext): string | undefined;
}

export interface Suppression {
  readonly ruleId: string;
  readonly reason: string;
  /** Where the suppression was declared: a construct path, or the address a plan suppression names. */
  readonly scope: string;
  /**
   * Only findings on this resource address, its instances (`x.y` covers `x.y["a"]`) or, for
   * `module.m`, the module's resources. Unset: every resource under the construct `scope`.
   */
  readonly address?: string;
}

/**
 * The construct suppressions synthesis writes beside each checked stack's cdk.tf.json, by resource
 * address (a JSON list of `{ruleId, address, reason, constructPath}`): `secops review` of the
 * stack's plan applies them without `--suppressions`.
 */
export const SUPPRESSIONS_FILE_NAME = 'secops-suppressions.json';

/** `rule-id[secops_x.y]`: a suppression of one finding, the rule's on one resource address. */
export function parseSuppressionId(text: string): { ruleId: string; address?: string } {
  const match = /^([a-z0-9-]+)\[(.+)\]$/.exec(text.trim());
  return match ? { ruleId: match[1]!, address: match[2]! } : { ruleId: text.trim() };
}

export interface Finding {
  readonly rule: Rule;
  readonly view: ResourceView;
  /** What exactly is wrong with this resource. */
  readonly message: string;
  /** The rule's severity at the level the review ran at. */
  readonly severity: FindingSeverity;
  readonly suppression?: Suppression;
}
