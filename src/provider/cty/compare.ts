import { CtyValueError, atStep, kindMismatch } from './errors';
import { canonicalNumber, isCtyNumber, numberKey, numbersEqual } from './number';
import { refinementsEqual, refinementsKey } from './refinements';
import { ObjectAttributes, compareCodePoints, rejectUnknownAttributes, sortedAttributeNames, typeToCtyJson, typesEqual } from './type-json';
import { CtyType } from './types';
import { isPlainRecord, normalizeString, ownValue, setOwn } from './util';
import { CtyValue, Dynamic, Unknown } from './values';

/**
 * Equality and shaping of values for the provider core.
 *
 * valuesEqual is cty's RawEquals: unknowns equal unknowns with the same refinements (by what they
 * promise, not how the bytes say it), sets ignore
 * order and duplicates, numbers compare as cty compares them (integers exactly, other numbers by
 * their decimal text, so 1 == 1n == Decimal('1') and the double 0.1 == Decimal('0.1')), and an
 * object attribute that is absent equals null.
 */
export function valuesEqual(a: CtyValue | undefined, b: CtyValue | undefined, type: CtyType): boolean {
  const left = a ?? null;
  const right = b ?? null;
  if (left === right) return true;
  if (left === null || right === null) return false;
  if (left instanceof Unknown || right instanceof Unknown) return unknownsEqual(left, right);
  if (type === 'dynamic') return dynamicsEqual(left, right);
  if (typeof type === 'string') return type === 'number' && isCtyNumber(left) && isCtyNumber(right) && numbersEqual(left, right);
  switch (type[0]) {
    case 'list':
      return sequencesEqual(left, right, () => type[1]);
    case 'tuple':
      return sequencesEqual(left, right, i => type[1][i]);
    case 'set':
      return setsEqual(left, right, type[1]);
    case 'map':
      return mapsEqual(left, right, type[1]);
    case 'object':
      return objectsEqual(left, right, type[1]);
    default:
      return false;
  }
}

function unknownsEqual(a: CtyValue, b: CtyValue): boolean {
  if (!(a instanceof Unknown) || !(b instanceof Unknown)) return false;
  return refinementsEqual(a, b);
}

function dynamicsEqual(a: CtyValue, b: CtyValue): boolean {
  if (!(a instanceof Dynamic) || !(b instanceof Dynamic)) return false;
  if (a.type === 'dynamic' || b.type === 'dynamic') {
    return valuesEqual(a.type === 'dynamic' ? a.value : a, b.type === 'dynamic' ? b.value : b, 'dynamic');
  }
  return typesEqual(a.type, b.type) && valuesEqual(a.value, b.value, a.type);
}

function sequencesEqual(a: CtyValue, b: CtyValue, elementType: (index: number) => CtyType): boolean {
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  return a.every((element, i) => valuesEqual(element, b[i], elementType(i)));
}

function setsEqual(a: CtyValue, b: CtyValue, element: CtyType): boolean {
  if (!Array.isArray(a) || !Array.isArray(b)) return false;
  try {
    const left = new Set(a.map(e => canonicalKey(e, element)));
    const right = new Set(b.map(e => canonicalKey(e, element)));
    return left.size === right.size && [...left].every(key => right.has(key));
  } catch (error) {
    if (error instanceof CtyValueError) return false; // an element that does not fit the type
    throw error;
  }
}

function mapsEqual(a: CtyValue, b: CtyValue, element: CtyType): boolean {
  if (!isPlainRecord(a) || !isPlainRecord(b)) return false;
  const keys = Object.keys(a).filter(key => a[key] !== undefined);
  if (keys.length !== Object.keys(b).filter(key => b[key] !== undefined).length) return false;
  return keys.every(key => Object.hasOwn(b, key) && valuesEqual(a[key] as CtyValue, b[key] as CtyValue, element));
}

function objectsEqual(a: CtyValue, b: CtyValue, attributes: ObjectAttributes): boolean {
  if (!isPlainRecord(a) || !isPlainRecord(b)) return false;
  return Object.keys(attributes).every(name =>
    valuesEqual(ownValue(a, name) as CtyValue | undefined, ownValue(b, name) as CtyValue | undefined, attributes[name]));
}

/**
 * A string equal for two values exactly when valuesEqual says they are: sets use it for order-free
 * comparison and de-duplication. Throws a CtyValueError when the value does not fit the type.
 */
export function canonicalKey(value: CtyValue | undefined, type: CtyType): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Unknown) return `unknown(${refinementsKey(value)})`;
  if (type === 'dynamic') return dynamicKey(value);
  if (typeof type === 'string') return primitiveKey(value, type);
  switch (type[0]) {
    case 'list':
      return `[${arrayOf(value, 'list').map(e => canonicalKey(e, type[1])).join(',')}]`;
    case 'tuple':
      return `[${arrayOf(value, 'tuple').map((e, i) => canonicalKey(e, type[1][i] ?? 'dynamic')).join(',')}]`;
    case 'set':
      return `[${[...new Set(arrayOf(value, 'set').map(e => canonicalKey(e, type[1])))].sort().join(',')}]`;
    case 'map':
      return mapKey(value, type[1]);
    case 'object':
      return objectKey(value, type[1]);
    default:
      throw new CtyValueError(`unsupported type ${JSON.stringify(type)}`);
  }
}

function primitiveKey(value: CtyValue, type: string): string {
  if (type === 'number' && isCtyNumber(value)) return numberKey(value);
  if (type === 'string' && typeof value === 'string') return JSON.stringify(value);
  if (type === 'bool' && typeof value === 'boolean') return String(value);
  throw kindMismatch(type, value);
}

function dynamicKey(value: CtyValue): string {
  if (!(value instanceof Dynamic)) throw kindMismatch('Dynamic', value);
  if (value.type === 'dynamic') return canonicalKey(value.value, 'dynamic');
  return `${typeToCtyJson(value.type)}:${canonicalKey(value.value, value.type)}`;
}

function mapKey(value: CtyValue, element: CtyType): string {
  if (!isPlainRecord(value)) throw kindMismatch('map', value);
  const keys = Object.keys(value).filter(key => value[key] !== undefined).sort(compareCodePoints);
  return `{${keys.map(key => `${JSON.stringify(key)}:${canonicalKey(value[key] as CtyValue, element)}`).join(',')}}`;
}

function objectKey(value: CtyValue, attributes: ObjectAttributes): string {
  if (!isPlainRecord(value)) throw kindMismatch('object', value);
  const names = sortedAttributeNames(attributes);
  return `{${names.map(name => canonicalKey(ownValue(value, name) as CtyValue | undefined, attributes[name])).join(',')}}`;
}

function arrayOf(value: CtyValue, kind: string): CtyValue[] {
  if (!Array.isArray(value)) throw kindMismatch(kind, value);
  return value;
}

/**
 * Turns what a resource handler returned into a value of exactly `type`, or throws a
 * CtyValueError naming the path of what does not fit. Objects get exactly the type's attributes
 * (missing or undefined: null; one the type lacks: an error). Numbers may be number, bigint or
 * Decimal and come out in canonical form; nothing else converts (a string is never a number).
 * Sets may be arrays or Sets and lose duplicates, as cty sets do; maps may be objects or Maps.
 * At a dynamic position a plain value gets the type cty would imply for it.
 */
export function conformValue(value: unknown, type: CtyType): CtyValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Unknown) return value;
  if (type === 'dynamic') return conformDynamic(value);
  if (typeof type === 'string') return conformPrimitive(value, type);
  switch (type[0]) {
    case 'list':
      return conformSequence(value, () => type[1], 'list');
    case 'tuple':
      return conformTuple(value, type[1]);
    case 'set':
      return conformSet(value, type[1]);
    case 'map':
      return conformMap(value, type[1]);
    case 'object':
      return conformObject(value, type[1]);
    default:
      throw new CtyValueError(`unsupported type ${JSON.stringify(type)}`);
  }
}

function conformPrimitive(value: unknown, type: string): CtyValue {
  switch (type) {
    case 'string':
      if (typeof value !== 'string') throw kindMismatch('string', value);
      return normalizeString(value);
    case 'number':
      if (!isCtyNumber(value)) throw kindMismatch('number', value);
      return canonicalNumber(value);
    case 'bool':
      if (typeof value !== 'boolean') throw kindMismatch('bool', value);
      return value;
    default:
      throw new CtyValueError(`unsupported type ${JSON.stringify(type)}`);
  }
}

function conformSequence(value: unknown, elementType: (index: number) => CtyType, kind: string): CtyValue[] {
  if (!Array.isArray(value)) throw kindMismatch(kind, value);
  const out = new Array<CtyValue>(value.length);
  for (let i = 0; i < value.length; i++) {
    try {
      out[i] = conformValue(value[i], elementType(i));
    } catch (error) {
      throw atStep(error, { index: i });
    }
  }
  return out;
}

function conformTuple(value: unknown, elements: readonly CtyType[]): CtyValue[] {
  if (Array.isArray(value) && value.length !== elements.length) {
    throw new CtyValueError(`expected a tuple of ${elements.length} elements, got ${value.length}`);
  }
  return conformSequence(value, i => elements[i], 'tuple');
}

function conformSet(value: unknown, element: CtyType): CtyValue[] {
  const elements = conformSequence(value instanceof Set ? [...value] : value, () => element, 'set');
  const seen = new Set<string>();
  return elements.filter(e => {
    const key = canonicalKey(e, element);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function conformMap(value: unknown, element: CtyType): CtyValue {
  const entries = value instanceof Map ? [...value.entries()] : isPlainRecord(value) ? Object.entries(value) : undefined;
  if (entries === undefined) throw kindMismatch('map', value);
  const out: { [key: string]: CtyValue } = {};
  for (const [key, entry] of entries) {
    if (typeof key !== 'string') throw new CtyValueError(`map key ${String(key)} is not a string`);
    if (entry === undefined) continue;
    try {
      setOwn(out, normalizeString(key), conformValue(entry, element));
    } catch (error) {
      throw atStep(error, { key });
    }
  }
  return out;
}

function conformObject(value: unknown, attributes: ObjectAttributes): CtyValue {
  if (!isPlainRecord(value)) throw kindMismatch('object', value);
  rejectUnknownAttributes(value, attributes);
  const out: { [key: string]: CtyValue } = {};
  for (const name of Object.keys(attributes)) {
    try {
      setOwn(out, name, conformValue(ownValue(value, name), attributes[name]));
    } catch (error) {
      throw atStep(error, { attribute: name });
    }
  }
  return out;
}

function conformDynamic(value: unknown): CtyValue {
  if (value instanceof Dynamic) {
    if (value.type === 'dynamic') return conformValue(value.value, 'dynamic');
    return new Dynamic(value.type, conformValue(value.value, value.type));
  }
  const type = impliedType(value);
  return new Dynamic(type, conformValue(value, type));
}

/** The type cty would give a plain JS value (as cty/json's ImpliedType does for JSON). */
export function impliedType(value: unknown): CtyType {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (isCtyNumber(value)) return 'number';
  if (value === null || value === undefined || value instanceof Unknown || value instanceof Dynamic) return 'dynamic';
  if (Array.isArray(value)) return ['tuple', value.map(impliedType)];
  if (isPlainRecord(value)) {
    const attributes: Record<string, CtyType> = {};
    for (const [name, entry] of Object.entries(value)) {
      if (entry !== undefined) setOwn(attributes, name, impliedType(entry));
    }
    return ['object', attributes];
  }
  throw kindMismatch('a value with a cty type', value);
}
