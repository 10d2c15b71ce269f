import { decodeMulti, encode } from '@msgpack/msgpack';
import { CtyValueError } from './errors';
import { CtyNumber, canonicalFromBigInt, canonicalNumber, isInfiniteNumber, msgpackNumber, parseNumber } from './number';
import { Unknown } from './values';

/**
 * What a refined unknown promises about its final value (object-wire-format.md): the provider
 * may rely on these, and must honour in apply any it planned.
 */
export interface Refinements {
  /** True when the value is known not to be null. */
  readonly notNull?: boolean;
  readonly stringPrefix?: string;
  readonly numberLowerBound?: NumberBound;
  readonly numberUpperBound?: NumberBound;
  /** Inclusive bounds on the length of a list, set or map. */
  readonly lengthLowerBound?: number;
  readonly lengthUpperBound?: number;
}

export interface NumberBound {
  readonly value: CtyNumber;
  readonly inclusive: boolean;
}

const NULLNESS = 1;
const STRING_PREFIX = 2;
const NUMBER_MIN = 3;
const NUMBER_MAX = 4;
const LENGTH_MIN = 5;
const LENGTH_MAX = 6;

/** Reads an unknown's raw refinements; keys it does not know are ignored, as the protocol asks. */
export function readRefinements(value: Unknown): Refinements {
  if (!value.refinements || value.refinements.length <= 1) return {};
  const entries = firstMsgpackValue(value.refinements);
  if (entries === null || typeof entries !== 'object' || Array.isArray(entries)) {
    throw new CtyValueError('unknown value refinements are not a msgpack map');
  }
  const raw = entries as Record<string, unknown>;
  return {
    ...(raw[NULLNESS] === false ? { notNull: true } : {}),
    ...(typeof raw[STRING_PREFIX] === 'string' ? { stringPrefix: raw[STRING_PREFIX] } : {}),
    ...optional('numberLowerBound', numberBound(raw[NUMBER_MIN])),
    ...optional('numberUpperBound', numberBound(raw[NUMBER_MAX])),
    ...optional('lengthLowerBound', length(raw[LENGTH_MIN])),
    ...optional('lengthUpperBound', length(raw[LENGTH_MAX])),
  };
}

/** cty ignores bytes after the refinement map, so only the first value is read. */
function firstMsgpackValue(bytes: Uint8Array): unknown {
  try {
    for (const item of decodeMulti(bytes, { useBigInt64: true })) return item;
  } catch {
    // fall through: reported below as not a map
  }
  return undefined;
}

function optional<K extends string, V>(name: K, value: V | undefined): { [key in K]?: V } {
  return value === undefined ? {} : ({ [name]: value } as { [key in K]: V });
}

function numberBound(raw: unknown): NumberBound | undefined {
  if (!Array.isArray(raw) || raw.length !== 2 || typeof raw[1] !== 'boolean') return undefined;
  const [bound, inclusive] = raw as [unknown, boolean];
  const value = typeof bound === 'number' ? canonicalNumber(bound)
    : typeof bound === 'bigint' ? canonicalFromBigInt(bound)
      : typeof bound === 'string' ? parseNumber(bound) : undefined;
  return value === undefined ? undefined : { value, inclusive };
}

function length(raw: unknown): number | undefined {
  if (typeof raw === 'bigint') return Number(raw);
  return typeof raw === 'number' && Number.isInteger(raw) ? raw : undefined;
}

/**
 * An unknown carrying refinements, encoded as cty encodes them (keys in cty's order, the map
 * header written by hand because @msgpack/msgpack writes object keys as strings and these are
 * integers). With nothing to promise it is the plain unknown.
 */
export function refinedUnknown(refinements: Refinements): Unknown {
  const entries: Array<[number, unknown]> = [];
  if (refinements.notNull) entries.push([NULLNESS, false]);
  if (isFiniteBound(refinements.numberLowerBound)) entries.push([NUMBER_MIN, boundWire(refinements.numberLowerBound)]);
  if (isFiniteBound(refinements.numberUpperBound)) entries.push([NUMBER_MAX, boundWire(refinements.numberUpperBound)]);
  if (refinements.stringPrefix) entries.push([STRING_PREFIX, refinements.stringPrefix]);
  if (refinements.lengthLowerBound) entries.push([LENGTH_MIN, msgpackNumber(refinements.lengthLowerBound)]);
  if (refinements.lengthUpperBound !== undefined) entries.push([LENGTH_MAX, msgpackNumber(refinements.lengthUpperBound)]);
  if (entries.length === 0) return new Unknown();
  const parts = [Uint8Array.of(0x80 + entries.length), ...entries.flatMap(([key, value]) => [encode(key), encode(value, { useBigInt64: true })])];
  return new Unknown(concat(parts));
}

/** cty leaves out a bound at infinity: it is no bound. */
function isFiniteBound(bound: NumberBound | undefined): bound is NumberBound {
  return bound !== undefined && !isInfiniteNumber(bound.value);
}

function boundWire(bound: NumberBound): unknown[] {
  return [msgpackNumber(bound.value), bound.inclusive];
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
