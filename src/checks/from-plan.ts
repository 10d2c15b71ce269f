import { ChangeAction, Reference, ResourceView, UNKNOWN, Value, Values } from './model';
import { isKnown, sameValue } from './values';

/**
 * Resource views from a plan as `terraform show -json PLAN` prints it (format 1.x): every secops
 * resource change, and the secops data sources read at plan time. Values the plan does not know
 * yet (`after_unknown`) are unknown, except where the configuration says they are a reference to
 * another resource of the same plan: those become `Reference`s, so rules can follow them.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const RESOURCE_PREFIX = 'secops_';

/** Terraform's change actions as one word. */
function actionOf(actions: readonly Json[]): ChangeAction {
  const words = actions.join(',');
  switch (words) {
    case 'create': return 'create';
    case 'update': return 'update';
    case 'delete': return 'delete';
    case 'read': return 'read';
    case 'delete,create':
    case 'create,delete': return 'replace';
    default: return 'no-op';
  }
}

function isObject(value: Json | undefined): value is JsonObject {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value);
}

/** The planned value with unknowns marked: `after_unknown` is `true` where a value is unknown. */
function withUnknowns(value: Json | undefined, unknown: Json | undefined): Value {
  if (unknown === true) return UNKNOWN;
  if (Array.isArray(value)) {
    const marks = Array.isArray(unknown) ? unknown : [];
    return value.map((item, i) => withUnknowns(item, marks[i]));
  }
  if (isObject(value) || isObject(unknown)) {
    const marks = isObject(unknown) ? unknown : {};
    const known = isObject(value) ? value : {};
    const keys = new Set([...Object.keys(known), ...Object.keys(marks)]);
    return Object.fromEntries([...keys].map(key => [key, withUnknowns(known[key], marks[key])]));
  }
  return value === undefined ? null : value;
}

/** The configuration of every resource of the plan, by its module-qualified address, and each module's prefix. */
interface ConfiguredResource {
  readonly expressions: JsonObject;
  /** `module.a.` for a resource in module a: its references are relative to that module. */
  readonly modulePrefix: string;
  /** `secops` or `secops.<alias>`: the key of its provider configuration in `provider_config`. */
  readonly providerKey?: string;
}

function configuredResources(module: Json | undefined, prefix: string, into: Map<string, ConfiguredResource>): Map<string, ConfiguredResource> {
  if (!isObject(module)) return into;
  for (const resource of Array.isArray(module.resources) ? module.resources : []) {
    if (isObject(resource) && typeof resource.address === 'string' && isObject(resource.expressions)) {
      const providerKey = typeof resource.provider_config_key === 'string' ? resource.provider_config_key : undefined;
      into.set(prefix + resource.address, { expressions: resource.expressions, modulePrefix: prefix, ...(providerKey ? { providerKey } : {}) });
    }
  }
  const calls = isObject(module.module_calls) ? module.module_calls : {};
  for (const [name, call] of Object.entries(calls)) {
    if (isObject(call)) configuredResources(call.module, `${prefix}module.${name}.`, into);
  }
  return into;
}

/** Whether the expression is a plain constant (`{"constant_value": ...}` with no references). */
function isConstant(expression: Json | undefined): expression is JsonObject {
  return isObject(expression) && 'constant_value' in expression && !hasReferences(expression);
}

function hasReferences(expression: Json | undefined): boolean {
  return isObject(expression) && Array.isArray(expression.references) && expression.references.length > 0;
}

const TRAVERSAL = /^((?:data\.)?secops_[a-z0-9_]+\.[A-Za-z0-9_-]+(?:\[[^\]]+\])?)(?:\.([a-z0-9_]+))?$/;

/**
 * `secops_illumio_label.web.href` (or `data.….href`) in module prefix `p` → a Reference; anything
 * else (variables, locals, several resources, a longer template) undefined. An HCL configuration
 * gives only the references (it does not tell `a.href` from `"x-${a.href}"`, but an href inside a
 * longer string is nothing these resources accept); a JSON configuration (cdktf's cdk.tf.json)
 * also gives the template as `constant_value`, which must then be exactly `${<reference>}`.
 */
function referenceOf(expression: Json | undefined, modulePrefix: string): Reference | undefined {
  if (!isObject(expression) || !hasReferences(expression)) return undefined;
  const refs = (expression.references as Json[]).filter((r): r is string => typeof r === 'string');
  // Terraform lists the most specific traversal first, then its prefixes (`x.y[0].href`, `x.y[0]`, `x.y`).
  const match = TRAVERSAL.exec(refs[0] ?? '');
  if (!match) return undefined;
  const target = match[1]!;
  const base = target.replace(/\[[^\]]+\]$/, '');
  if (!refs.every(r => r === base || r === target || r.startsWith(`${target}.`))) return undefined;
  const template = expression.constant_value;
  if (template !== undefined && template !== `\${${refs[0]}}`) return undefined;
  return new Reference(modulePrefix + target, match[2] ?? '');
}

/**
 * A provider configuration's settings from its expressions: constants as they are, anything
 * computed (variables, references, functions) unknown; a block (`anchore { ... }`) as an object.
 */
function settingsOf(expressions: Json | undefined): Value {
  if (Array.isArray(expressions)) return expressions.map(settingsOf);
  if (!isObject(expressions)) return null;
  if ('constant_value' in expressions || 'references' in expressions) {
    return isConstant(expressions) ? withUnknowns(expressions.constant_value, false) : UNKNOWN;
  }
  return Object.fromEntries(Object.entries(expressions).map(([key, expression]) => [key, settingsOf(expression)]));
}

function providerSettings(configuration: JsonObject): ReadonlyMap<string, Values> {
  const configs = isObject(configuration.provider_config) ? configuration.provider_config : {};
  return new Map(Object.entries(configs)
    .filter(([, config]) => isObject(config) && config.name === 'secops')
    .map(([key, config]) => [key, settingsOf((config as JsonObject).expressions ?? {}) as Values]));
}

/** Reads an attribute of another planned resource, for matching set elements to their configuration. */
type AttributeReader = (reference: Reference) => Value;

/**
 * Puts references where the planned value is unknown and the configuration is a reference.
 * Repeated blocks come in set order, not configuration order: each planned element is paired with
 * the one configured block that can have produced it (see `pairBlocks`).
 */
function withReferences(value: Value, expression: Json | undefined, prefix: string, read: AttributeReader): Value {
  if (expression === undefined) return value;
  if (!isKnown(value)) return referenceOf(expression, prefix) ?? value;
  if (Array.isArray(value) && Array.isArray(expression)) {
    const pairs = pairBlocks(value, expression, prefix, read);
    return value.map((item, i) => (pairs[i] === undefined ? item : withReferences(item, pairs[i], prefix, read)));
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && isObject(expression) && !('references' in expression) && !('constant_value' in expression)) {
    const object = value as Values;
    return Object.fromEntries(Object.entries(object).map(([key, item]) => [key, withReferences(item, expression[key], prefix, read)]));
  }
  return value;
}

/**
 * For each planned block, the configured block it came from, when exactly one fits: every constant
 * equals the planned value, and every reference points at a value that is known exactly when the
 * planned one is (and then equal to it).
 */
function pairBlocks(planned: readonly Value[], configured: readonly Json[], prefix: string, read: AttributeReader): (Json | undefined)[] {
  const fits = (item: Value, block: Json): boolean => {
    if (!isObject(block) || item === null || typeof item !== 'object' || Array.isArray(item) || !isKnown(item)) return false;
    return Object.entries(block).every(([key, expression]) => fitsAttribute((item as Values)[key], expression, prefix, read));
  };
  const pairs: (Json | undefined)[] = planned.map(() => undefined);
  const taken = new Set<number>();
  let progress = true;
  while (progress) {
    progress = false;
    planned.forEach((item, i) => {
      if (pairs[i] !== undefined) return;
      const candidates = configured.map((_block, j) => j).filter(j => !taken.has(j) && fits(item, configured[j]!));
      if (candidates.length === 1) {
        pairs[i] = configured[candidates[0]!];
        taken.add(candidates[0]!);
        progress = true;
      }
    });
  }
  return pairs;
}

function fitsAttribute(value: Value, expression: Json, prefix: string, read: AttributeReader): boolean {
  if (!isObject(expression)) return true; // a nested block: not compared
  if (isConstant(expression)) return isKnown(value) && sameValue(value, expression.constant_value as Value);
  const reference = referenceOf(expression, prefix);
  if (!reference) return true;
  const target = read(reference);
  if (target === undefined) return true; // not in the plan: cannot tell
  return isKnown(value) ? isKnown(target) && sameValue(value, target) : !isKnown(target);
}

/** Top-level attributes whose value changes (known on both sides and different, or configured and unknown after). */
function changedAttributes(before: Values | null, after: Values | null, configured: JsonObject | undefined): string[] {
  if (!before || !after) return [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter(key => (isKnown(after[key]) ? !sameValue(before[key], after[key]) : configured?.[key] !== undefined)).sort();
}

/** Every secops resource and data source of the plan as the checks see it. */
export function planViews(plan: unknown): ResourceView[] {
  if (!isObject(plan as Json) || !Array.isArray((plan as JsonObject).resource_changes)) {
    throw new Error('not a Terraform plan in JSON: expected the output of `terraform show -json PLANFILE` (it has "resource_changes")');
  }
  const root = plan as JsonObject;
  const configuration = isObject(root.configuration) ? root.configuration : {};
  const configured = configuredResources(configuration.root_module, '', new Map());
  const providers = providerSettings(configuration);
  const raw = rawViews(root);
  const byAddress = new Map(raw.map(view => [view.address, view]));
  const read: AttributeReader = reference => {
    const target = byAddress.get(reference.address);
    const state = target?.values ?? undefined;
    return state === undefined ? undefined : reference.attribute === '' ? state : state[reference.attribute];
  };
  return raw.map(view => {
    const config = configured.get(view.address.replace(/\[[^\]]*\]$/, ''));
    const settings = config?.providerKey !== undefined ? providers.get(config.providerKey) : undefined;
    const withProvider = settings ? { ...view, providerSettings: settings } : view;
    if (!config || !view.values) return { ...withProvider, changedAttributes: changedAttributes(view.before, view.values, config?.expressions) };
    const values = withReferences(view.values, config.expressions, config.modulePrefix, read) as Values;
    return { ...withProvider, values, changedAttributes: changedAttributes(view.before, values, config.expressions) };
  });
}

/** The views before references are filled in. */
function rawViews(plan: JsonObject): ResourceView[] {
  const views: ResourceView[] = [];
  const seen = new Set<string>();
  for (const change of plan.resource_changes as Json[]) {
    if (!isObject(change) || typeof change.type !== 'string' || !change.type.startsWith(RESOURCE_PREFIX) || !isObject(change.change)) continue;
    const { actions, before, after, after_unknown: afterUnknown, before_sensitive: beforeSensitive, after_sensitive: afterSensitive } = change.change;
    const action = actionOf(Array.isArray(actions) ? actions : []);
    const address = String(change.address);
    seen.add(address);
    views.push({
      type: change.type,
      vendor: vendorOf(change.type),
      mode: change.mode === 'data' ? 'data' : 'managed',
      address,
      values: action === 'delete' ? null : withUnknowns(after ?? {}, afterUnknown) as Values,
      before: isObject(before) ? withUnknowns(before, false) as Values : null,
      action,
      changedAttributes: [],
      sensitiveAttributes: [...new Set([...sensitiveKeys(beforeSensitive), ...sensitiveKeys(afterSensitive)])].sort(),
    });
  }
  // Data sources read at plan time are not changes: they are in the prior state.
  const prior = isObject(plan.prior_state) && isObject(plan.prior_state.values) ? plan.prior_state.values.root_module : undefined;
  for (const resource of stateResources(prior)) {
    const address = String(resource.address);
    if (resource.mode !== 'data' || typeof resource.type !== 'string' || !resource.type.startsWith(RESOURCE_PREFIX) || seen.has(address)) continue;
    const values = isObject(resource.values) ? withUnknowns(resource.values, false) as Values : {};
    views.push({ type: resource.type, vendor: vendorOf(resource.type), mode: 'data', address, values, before: values, action: 'read', changedAttributes: [] });
  }
  return views;
}

/** The top-level attributes with anything sensitive in them (`after_sensitive` marks leaves `true`). */
function sensitiveKeys(marks: Json | undefined): string[] {
  const containsTrue = (mark: Json | undefined): boolean =>
    mark === true || (Array.isArray(mark) ? mark.some(containsTrue) : isObject(mark) && Object.values(mark).some(containsTrue));
  return isObject(marks) ? Object.keys(marks).filter(key => containsTrue(marks[key])) : [];
}

function stateResources(module: Json | undefined): JsonObject[] {
  if (!isObject(module)) return [];
  const own = (Array.isArray(module.resources) ? module.resources : []).filter(isObject);
  const children = (Array.isArray(module.child_modules) ? module.child_modules : []).flatMap(child => stateResources(child));
  return [...own, ...children];
}

/** `secops_illumio_rule_set` → `illumio`. */
export function vendorOf(type: string): string {
  return type.split('_')[1] ?? '';
}
