import { CtyType } from './types';

/**
 * The JavaScript form of a cty value, as the codec decodes it and resource handlers see it.
 *
 * - null: `null`; unknown: an `Unknown` (refinements kept as Terraform sent them)
 * - string: `string`; bool: `boolean`
 * - number: `number` when exact as a JS number, `bigint` for integers beyond 2^53,
 *   `Decimal` for anything else (kept as its decimal text, so nothing loses precision)
 * - list, set, tuple: arrays (set order carries no meaning)
 * - map, object: plain objects keyed by name
 * - a value whose schema type is "dynamic": a `Dynamic` carrying its concrete type
 */
export type CtyValue =
  | null
  | Unknown
  | string
  | boolean
  | number
  | bigint
  | Decimal
  | Dynamic
  | CtyValue[]
  | { [name: string]: CtyValue };

export class Unknown {
  /** Raw msgpack of the refinements of a refined unknown (extension 12), re-sent as is. */
  constructor(public readonly refinements?: Uint8Array) {}
}
export const UNKNOWN = new Unknown();

export class Decimal {
  constructor(public readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export class Dynamic {
  constructor(public readonly type: CtyType, public readonly value: CtyValue) {}
}

export function isUnknown(value: unknown): value is Unknown {
  return value instanceof Unknown;
}

/** True when neither the value nor anything inside it is unknown. */
export function isWhollyKnown(value: CtyValue): boolean {
  if (value instanceof Unknown) return false;
  if (value instanceof Dynamic) return isWhollyKnown(value.value);
  if (Array.isArray(value)) return value.every(isWhollyKnown);
  if (value !== null && typeof value === 'object' && !(value instanceof Decimal)) {
    return Object.values(value).every(isWhollyKnown);
  }
  return true;
}
