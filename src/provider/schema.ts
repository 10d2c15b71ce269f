import { CtyType, list, object, set } from './cty/types';
import { CtyValue } from './cty/values';

/**
 * The Terraform schema of a resource, data source or provider block, as resource files declare
 * it. The provider layer turns it into the protocol's schema, the cty type of the object, plan
 * behaviour (computed, defaults, requires-replace) and validation.
 */
export interface Attribute {
  readonly type: CtyType;
  readonly description: string;
  readonly required?: boolean;
  readonly optional?: boolean;
  /** Set by the remote system when not configured. */
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  /**
   * A change of this attribute destroys and re-creates the object: always (`true`), or only for
   * the changes the remote system cannot make in place (a function of prior and planned value).
   * A planned value not known yet (an `Unknown`, or a collection holding one) is a change: `true`
   * replaces, and a function must decide for the values the unknown may turn out to be.
   */
  readonly requiresReplace?: boolean | ((prior: CtyValue, planned: CtyValue) => boolean);
  /**
   * Value planned when the attribute is not configured (the attribute is then optional and
   * computed on the wire).
   */
  readonly default?: CtyValue;
  /**
   * For computed attributes: the remote system may change this value on any update, so it is
   * planned as unknown whenever the object changes. Without it, the prior value is kept.
   */
  readonly changesOnUpdate?: boolean;
  readonly validators?: readonly Validator[];
  readonly deprecated?: string;
}

export type NestingMode = 'single' | 'list' | 'set';

export interface NestedBlock {
  readonly nesting: NestingMode;
  readonly block: Block;
  readonly minItems?: number;
  readonly maxItems?: number;
}

export interface Block {
  readonly description: string;
  readonly attributes: { readonly [name: string]: Attribute };
  readonly blocks?: { readonly [name: string]: NestedBlock };
  readonly deprecated?: string;
}

/** Checks one known, non-null attribute value; returns the reason it is invalid, if it is. */
export interface Validator {
  readonly description: string;
  validate(value: CtyValue): string | undefined;
}

/** Whether Terraform sees the attribute as optional+computed (defaults make it so). */
export function isOptional(attribute: Attribute): boolean {
  return !!attribute.optional || attribute.default !== undefined;
}

export function isComputed(attribute: Attribute): boolean {
  return !!attribute.computed || attribute.default !== undefined;
}

/** The cty object type of values that conform to the block. */
export function blockType(block: Block): CtyType {
  const attributes: Record<string, CtyType> = {};
  for (const [name, attribute] of Object.entries(block.attributes)) {
    attributes[name] = attribute.type;
  }
  for (const [name, nested] of Object.entries(block.blocks ?? {})) {
    attributes[name] = nestedBlockType(nested);
  }
  return object(attributes);
}

function nestedBlockType(nested: NestedBlock): CtyType {
  const element = blockType(nested.block);
  switch (nested.nesting) {
    case 'single': return element;
    case 'list': return list(element);
    case 'set': return set(element);
  }
}

/** A null value for every attribute and block of the block, except those given. */
export function emptyObject(block: Block, values: Record<string, CtyValue> = {}): Record<string, CtyValue> {
  const result: Record<string, CtyValue> = {};
  for (const name of Object.keys(block.attributes)) result[name] = values[name] ?? null;
  for (const [name, nested] of Object.entries(block.blocks ?? {})) {
    result[name] = values[name] ?? (nested.nesting === 'single' ? null : []);
  }
  return result;
}
