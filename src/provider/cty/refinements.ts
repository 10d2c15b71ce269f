import { Decoder, encode } from '@msgpack/msgpack';
import { CtyValueError } from './errors';
import { CtyNumber, canonicalFromBigInt, canonicalNumber, isInfiniteNumber, msgpackNumber, numberKey, numbersEqual, parseNumber } from './number';
import { CtyType } from './types';
import { normalizeString } from './util';
import { Decimal, Unknown } from './values';

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

/** cty's encoder truncates a longer prefix (cty/msgpack/unknown.go) so the blob stays small. */
export const MAX_STRING_PREFIX_BYTES = 256;

// cty's keys are small integers; anything else is an error, as in cty.
const decoder = new Decoder({ useBigInt64: true, mapKeyConverter: integerKey });
const utf8 = new TextEncoder();

/**
 * Reads an unknown's refinements as cty's decoder does: keys it does not know are ignored, a
 * known key with a malformed value is an error, and with `type` a refinement that cannot apply
 * to it (a prefix on a non-string, bounds on a non-number, lengths on a non-collection) is too.
 * A value refined as definitely null promises nothing here (parseRefinements says null).
 */
export function readRefinements(value: Unknown, type?: CtyType): Refinements {
  return parseRefinements(value.refinements, type) ?? {};
}

/** The refinements of raw bytes, or null when they say the value is null. */
export function parseRefinements(bytes: Uint8Array | undefined, type?: CtyType): Refinements | null {
  if (!bytes || bytes.length <= 1) return {};
  const entries = firstMsgpackValue(bytes);
  if (entries === null || typeof entries !== 'object' || Array.isArray(entries)) {
    throw new CtyValueError('unknown value refinements are not a msgpack map');
  }
  let refinements: Refinements = {};
  for (const [key, raw] of Object.entries(entries)) {
    const entry = refinementEntry(Number(key), raw);
    if (entry === null) return null;
    if (type !== undefined) checkFits(entry, type);
    refinements = { ...refinements, ...entry };
  }
  return refinements;
}

/** cty ignores bytes after the refinement map, so only the first value is read. */
function firstMsgpackValue(bytes: Uint8Array): unknown {
  try {
    for (const item of decoder.decodeMulti(bytes)) return item;
  } catch (error) {
    if (error instanceof CtyValueError) throw error;
    // otherwise fall through: reported by the caller as not a map
  }
  return undefined;
}

function integerKey(key: unknown): number {
  if (typeof key === 'bigint' || (typeof key === 'number' && Number.isInteger(key))) return Number(key);
  throw malformed('non-integer key in map');
}

function refinementEntry(key: number, raw: unknown): Refinements | null {
  switch (key) {
    case NULLNESS:
      if (typeof raw !== 'boolean') throw malformed('null refinement is not boolean');
      return raw ? null : { notNull: true };
    case STRING_PREFIX:
      if (typeof raw !== 'string') throw malformed('string prefix refinement is not string');
      return { stringPrefix: normalizeString(raw) };
    case NUMBER_MIN:
    case NUMBER_MAX:
      return { [key === NUMBER_MIN ? 'numberLowerBound' : 'numberUpperBound']: numberBound(raw) };
    case LENGTH_MIN:
    case LENGTH_MAX:
      return { [key === LENGTH_MIN ? 'lengthLowerBound' : 'lengthUpperBound']: length(raw) };
    default:
      return {}; // a refinement from a later cty: ignored, as the protocol asks
  }
}

function malformed(what: string): CtyValueError {
  return new CtyValueError(`unknown value refinements are malformed: ${what}`);
}

function numberBound(raw: unknown): NumberBound {
  if (!Array.isArray(raw) || raw.length !== 2 || typeof raw[1] !== 'boolean') throw malformed('a number bound must be [number, bool]');
  const [bound, inclusive] = raw as [unknown, boolean];
  const value = typeof bound === 'number' ? canonicalNumber(bound)
    : typeof bound === 'bigint' ? canonicalFromBigInt(bound)
      : typeof bound === 'string' ? parseNumber(bound) : undefined;
  if (value === undefined) throw malformed('a number bound must be [number, bool]');
  return { value, inclusive };
}

function length(raw: unknown): number {
  const value = typeof raw === 'bigint' ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw malformed('a length bound must be an integer');
  return value;
}

/**
 * Which refinements a type can carry, as cty's RefinementBuilder allows them: nullness for any
 * type but dynamic, a prefix only for strings, bounds only for numbers, lengths only for lists,
 * sets and maps. cty cannot refine an unknown of unknown type at all.
 */
function checkFits(refinements: Refinements, type: CtyType): void {
  const kind = typeof type === 'string' ? type : type[0];
  const misfit = kind === 'dynamic' && Object.keys(refinements).length > 0 ? 'any refinement'
    : refinements.stringPrefix !== undefined && kind !== 'string' ? 'a string prefix'
      : (refinements.numberLowerBound ?? refinements.numberUpperBound) !== undefined && kind !== 'number' ? 'number bounds'
        : (refinements.lengthLowerBound ?? refinements.lengthUpperBound) !== undefined && !['list', 'set', 'map'].includes(kind) ? 'length bounds'
          : undefined;
  if (misfit) throw new CtyValueError(`an unknown ${kind} value cannot be refined with ${misfit}`);
}

/**
 * An unknown of `type` carrying refinements, encoded as cty encodes them (keys in cty's order,
 * the map header written by hand because @msgpack/msgpack writes object keys as strings and these
 * are integers). With nothing to promise it is the plain unknown. Refinements the type cannot
 * carry, or bounds that contradict each other, are refused; a prefix longer than cty's limit is
 * cut as cty cuts it (truncateStringPrefix). A shorter prefix is sent whole (cty's
 * StringPrefixFull): the caller promises it is not followed by a combining character.
 */
export function refinedUnknown(type: CtyType, refinements: Refinements): Unknown {
  checkFits(meaningful(refinements), type);
  checkConsistent(refinements);
  const prefix = refinements.stringPrefix ? truncateStringPrefix(refinements.stringPrefix) : '';
  const entries: Array<[number, unknown]> = [];
  if (refinements.notNull) entries.push([NULLNESS, false]);
  if (isFiniteBound(refinements.numberLowerBound)) entries.push([NUMBER_MIN, boundWire(refinements.numberLowerBound)]);
  if (isFiniteBound(refinements.numberUpperBound)) entries.push([NUMBER_MAX, boundWire(refinements.numberUpperBound)]);
  if (prefix) entries.push([STRING_PREFIX, prefix]);
  if (refinements.lengthLowerBound) entries.push([LENGTH_MIN, msgpackNumber(refinements.lengthLowerBound)]);
  if (refinements.lengthUpperBound !== undefined) entries.push([LENGTH_MAX, msgpackNumber(refinements.lengthUpperBound)]);
  if (entries.length === 0) return new Unknown();
  const parts = [Uint8Array.of(0x80 + entries.length), ...entries.flatMap(([key, value]) => [encode(key), encode(value, { useBigInt64: true })])];
  return new Unknown(concat(parts));
}

/** What cty would keep: no infinite bounds, no zero lower length, no empty prefix, no notNull: false. */
function meaningful(refinements: Refinements): Refinements {
  const { notNull, stringPrefix, numberLowerBound, numberUpperBound, lengthLowerBound, lengthUpperBound } = refinements;
  return {
    ...(notNull ? { notNull } : {}),
    ...(stringPrefix ? { stringPrefix: normalizeString(stringPrefix) } : {}),
    ...(isFiniteBound(numberLowerBound) ? { numberLowerBound } : {}),
    ...(isFiniteBound(numberUpperBound) ? { numberUpperBound } : {}),
    ...(lengthLowerBound ? { lengthLowerBound } : {}),
    ...(lengthUpperBound !== undefined ? { lengthUpperBound } : {}),
  };
}

function checkConsistent(refinements: Refinements): void {
  const { numberLowerBound: lower, numberUpperBound: upper, lengthLowerBound: minLength = 0, lengthUpperBound: maxLength } = refinements;
  for (const bound of [minLength, maxLength]) {
    if (bound !== undefined && (!Number.isSafeInteger(bound) || bound < 0)) throw new CtyValueError(`length bound ${bound} is not a length`);
  }
  if (maxLength !== undefined && maxLength < minLength) throw new CtyValueError(`length upper bound ${maxLength} is less than lower bound ${minLength}`);
  if (isFiniteBound(lower) && isFiniteBound(upper)) {
    const order = approximateOrder(lower.value, upper.value);
    if (order > 0 || (order === 0 && !(lower.inclusive && upper.inclusive) && numbersEqual(lower.value, upper.value))) {
      throw new CtyValueError(`number lower bound ${numberKey(lower.value)} is above upper bound ${numberKey(upper.value)}`);
    }
  }
}

/** Exact for numbers and bigints; decimals by their nearest double (0 when that cannot tell). */
function approximateOrder(a: CtyNumber, b: CtyNumber): number {
  if (typeof a !== 'object' && typeof b !== 'object') return a < b ? -1 : a > b ? 1 : 0;
  const left = Number(a instanceof Decimal ? a.text : a);
  const right = Number(b instanceof Decimal ? b.text : b);
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * A prefix cut to cty's limit as cty/msgpack cuts it: a prefix over 256 UTF-8 bytes is cut at
 * 255 bytes and then backed off to a boundary nothing appended could change
 * (ctystrings.SafeKnownPrefix). Where the cut splits a character, the text before it is kept if
 * its last character is one nothing can combine with (Unicode NFC "inert"); otherwise the last
 * grapheme cluster goes unless it is one of cty's delimiters. Inertness is judged by general
 * category (exact for ASCII); where that misjudges, the result is shorter than cty's, never wrong:
 * any cut of a true prefix is still a true prefix.
 */
export function truncateStringPrefix(prefix: string): string {
  const text = normalizeString(prefix);
  if (utf8.encode(text).length <= MAX_STRING_PREFIX_BYTES) return text;
  const { head, splitChar } = headWithin(text, MAX_STRING_PREFIX_BYTES - 1);
  if (splitChar && isInert([...head].at(-1) ?? '')) return head;
  const final = [...graphemes.segment(head)].at(-1);
  if (final === undefined || SAFE_LAST_CHARACTERS.includes(final.segment)) return head;
  return head.slice(0, final.index);
}

/**
 * Characters NFC never joins to what follows: not letters (which take diacritics), marks, math
 * symbols (which take U+0338) or modifier symbols (some Greek ones compose), nor format characters.
 */
function isInert(char: string): boolean {
  if (char.length === 1 && char < '\x80') return !/[A-Za-z<=>]/.test(char);
  return /^[\p{N}\p{P}\p{Zs}\p{So}\p{Sc}]$/u.test(char);
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
// ctystrings' sequenceMustEndGraphemeCluster: characters no later one can join.
const SAFE_LAST_CHARACTERS = [...'-_:;/\\,.(){}[]|?!~ \t@#$%^&*+"\''];

/** The longest run of whole characters within `limit` UTF-8 bytes, and whether a character was split. */
function headWithin(text: string, limit: number): { head: string; splitChar: boolean } {
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = utf8Length(char.codePointAt(0)!);
    if (bytes + size > limit) return { head: text.slice(0, end), splitChar: bytes < limit };
    bytes += size;
    end += char.length;
  }
  return { head: text, splitChar: false };
}

function utf8Length(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
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

/**
 * cty's RawEquals for two unknowns: equal when they promise the same things, however the bytes
 * say it (key order, a bound as int, float or text, an explicit zero lower length, an infinite
 * bound, a key from a later cty). Bytes that do not parse compare as bytes.
 */
export function refinementsEqual(a: Unknown, b: Unknown): boolean {
  return refinementsKey(a) === refinementsKey(b);
}

/** A string equal for two unknowns exactly when refinementsEqual says they are. */
export function refinementsKey(value: Unknown): string {
  let parsed: Refinements | null;
  try {
    parsed = parseRefinements(value.refinements);
  } catch (error) {
    if (!(error instanceof CtyValueError)) throw error;
    return `raw:${Array.from(value.refinements ?? [], byte => byte.toString(16).padStart(2, '0')).join('')}`;
  }
  if (parsed === null) return 'null';
  const r = meaningful(parsed);
  const bound = (b: NumberBound | undefined) => (b ? `${numberKey(b.value)}${b.inclusive ? '=' : ''}` : '');
  const parts = [
    r.notNull ? '!' : '',
    r.stringPrefix === undefined ? '' : JSON.stringify(r.stringPrefix),
    `${bound(r.numberLowerBound)}..${bound(r.numberUpperBound)}`,
    `${r.lengthLowerBound ?? 0}..${r.lengthUpperBound ?? ''}`,
  ];
  return parts.join('|');
}
