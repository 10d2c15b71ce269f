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
   * `state` (default): inspects the resource as declared or planned (synth and plans).
   * `destroy`: inspects what a plan removes (`delete` and `replace`); plans only.
   */
  readonly inspects?: 'state' | 'destroy';
  /** The findings for one resource: each a sentence saying what exactly is wrong. */
  check(view: ResourceView, context: RuleContext): string[];
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
  /** Where the suppression was declared (construct path). */
  readonly scope: string;
}

export interface Finding {
  readonly rule: Rule;
  readonly view: ResourceView;
  /** What exactly is wrong with this resource. */
  readonly message: string;
  readonly suppression?: Suppression;
}
