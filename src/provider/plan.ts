import { valuesEqual } from './cty/compare';
import { CtyValue, UNKNOWN, Unknown } from './cty/values';
import { ObjectValue } from './definitions';
import { Attribute, Block, NestedBlock, blockType, isComputed } from './schema';

/**
 * Plan logic shared by every resource (Terraform's resource instance change lifecycle):
 * Terraform proposes the configuration merged with the prior state; the provider decides what
 * computed values will be, which changes force replacement, and what defaults apply.
 */
export interface PlannedChange {
  readonly planned: ObjectValue | null;
  /** Attribute paths whose change forces a new object. */
  readonly requiresReplace: string[][];
}

export function planChange(
  block: Block,
  prior: ObjectValue | null,
  proposed: ObjectValue | null,
  config: ObjectValue | null,
): PlannedChange {
  if (proposed === null) return { planned: null, requiresReplace: [] };
  if (prior === null) {
    return { planned: planObject(block, proposed, config, { creating: true, changed: true }), requiresReplace: [] };
  }
  const type = blockType(block);
  const kept = planObject(block, proposed, config, { creating: false, changed: false });
  const requiresReplace = replacedAttributes(block, prior, kept);
  if (requiresReplace.length > 0) {
    // A replacement is a new object: everything the remote system computes is unknown again.
    return { planned: planObject(block, proposed, config, { creating: true, changed: true }), requiresReplace };
  }
  const changed = !valuesEqual(withoutComputedOnly(block, prior), withoutComputedOnly(block, kept), type);
  return { planned: changed ? planObject(block, proposed, config, { creating: false, changed: true }) : kept, requiresReplace };
}

interface PlanMode {
  /** The object will be created: computed values not configured are unknown. */
  readonly creating: boolean;
  /** The object changes: attributes marked changesOnUpdate become unknown. */
  readonly changed: boolean;
}

function planObject(block: Block, proposed: ObjectValue, config: ObjectValue | null, mode: PlanMode): ObjectValue {
  const planned: ObjectValue = { ...proposed };
  for (const [name, attribute] of Object.entries(block.attributes)) {
    const configured = config ? config[name] ?? null : null;
    planned[name] = planAttribute(attribute, proposed[name] ?? null, configured, mode);
  }
  for (const [name, nested] of Object.entries(block.blocks ?? {})) {
    planned[name] = planNestedBlock(nested, proposed[name] ?? null, config ? config[name] ?? null : null, mode);
  }
  return planned;
}

function planAttribute(attribute: Attribute, proposed: CtyValue, configured: CtyValue, mode: PlanMode): CtyValue {
  if (!isComputed(attribute) || configured !== null) return proposed;
  if (attribute.default !== undefined) return attribute.default;
  if (mode.creating) return UNKNOWN;
  if (attribute.changesOnUpdate && mode.changed) return UNKNOWN;
  // Unchanged computed value: Terraform proposes the prior value; keep it.
  return proposed;
}

function planNestedBlock(nested: NestedBlock, proposed: CtyValue, configured: CtyValue, mode: PlanMode): CtyValue {
  if (proposed === null || proposed instanceof Unknown) return proposed;
  if (nested.nesting === 'single') {
    return planObject(nested.block, proposed as ObjectValue, asObject(configured), mode);
  }
  const configuredElements = Array.isArray(configured) ? configured : [];
  return (proposed as CtyValue[]).map((element, index) =>
    element === null || element instanceof Unknown
      ? element
      : planObject(nested.block, element as ObjectValue, asObject(configuredElements[index] ?? null), mode));
}

function asObject(value: CtyValue): ObjectValue | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Unknown)
    ? value as ObjectValue
    : null;
}

/**
 * The requires-replace attributes whose planned value differs from the prior one. A value not yet
 * known (wholly or in part) counts as different, as in Terraform's SDKs: planning an update and then
 * learning at apply that it needed a replacement would be an inconsistent final plan. A function
 * gets the unknown value and decides.
 */
function replacedAttributes(block: Block, prior: ObjectValue, planned: ObjectValue): string[][] {
  return Object.entries(block.attributes)
    .filter(([name, attribute]) => attribute.requiresReplace
      && !valuesEqual(prior[name] ?? null, planned[name] ?? null, attribute.type)
      && (attribute.requiresReplace === true || attribute.requiresReplace(prior[name] ?? null, planned[name] ?? null)))
    .map(([name]) => [name]);
}

/** The object with computed-only attributes nulled, to compare what the user controls. */
function withoutComputedOnly(block: Block, value: ObjectValue): ObjectValue {
  const result: ObjectValue = { ...value };
  for (const [name, attribute] of Object.entries(block.attributes)) {
    if (attribute.computed && !attribute.optional && !attribute.required) result[name] = null;
  }
  return result;
}
