import { Decoder, Encoder, ExtData, ExtensionCodec } from '@msgpack/msgpack';
import { CtyValueError, atStep, kindMismatch } from './errors';
import { canonicalFromBigInt, canonicalNumber, isCtyNumber, msgpackNumber, parseNumber } from './number';
import { parseRefinements } from './refinements';
import { ObjectAttributes, attributeType, parseTypeJson, rejectUnknownAttributes, typeToCtyJson } from './type-json';
import { CtyType } from './types';
import { isPlainRecord, normalizeString, ownValue, setOwn } from './util';
import { CtyValue, Dynamic, UNKNOWN, Unknown } from './values';

/**
 * cty's msgpack form of values (hashicorp/terraform docs/plugin-protocol/object-wire-format.md,
 * zclconf/go-cty cty/msgpack), byte for byte as cty writes it. Encoding builds the tree
 * @msgpack/msgpack writes; decoding walks the tree it reads, converting in place.
 */

const REFINED_UNKNOWN_EXTENSION = 12;
// cty refuses bigger refinement payloads as an abuse guard (cty/msgpack/unknown.go).
const MAX_REFINEMENTS_LENGTH = 1024;
// cty writes a wholly unknown value as fixext1, type 0, one zero byte: d4 00 00.
const WHOLLY_UNKNOWN = new ExtData(0, new Uint8Array([0]));

/** What @msgpack/msgpack is handed: maps are null-prototype objects so any key is safe. */
type Wire = null | boolean | number | bigint | string | Uint8Array | ExtData | Wire[] | { [key: string]: Wire };

const extensions = new ExtensionCodec();
// Every extension is an unknown value; keep type -1 raw instead of decoding it as a timestamp.
extensions.register({ type: -1, encode: () => null, decode: (data, type) => new ExtData(type, data) });

const encoder = new Encoder({ extensionCodec: extensions, useBigInt64: true, sortKeys: true, maxDepth: 1000 });
const decoder = new Decoder({ extensionCodec: extensions, useBigInt64: true, mapKeyConverter: stringKey });
const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

export function encodeValue(value: CtyValue, type: CtyType): Uint8Array {
  return encoder.encode(toWire(value, type));
}

export function decodeValue(bytes: Uint8Array, type: CtyType): CtyValue {
  let raw: unknown;
  try {
    raw = decoder.decode(bytes);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Truncated input surfaces as a RangeError from DataView (or the decoder's "Insufficient data").
    const reason = error instanceof RangeError && !message.startsWith('Extra ') ? 'unexpected end of data' : message;
    throw new CtyValueError(`invalid msgpack: ${reason}`);
  }
  return fromWire(raw, type);
}

function stringKey(key: unknown): string {
  if (typeof key !== 'string') throw new CtyValueError(`map key ${String(key)} is not a string`);
  return key;
}

// ---- encoding ----

function toWire(value: CtyValue | undefined, type: CtyType): Wire {
  if (type === 'dynamic') return dynamicToWire(value);
  if (value === null || value === undefined) return null;
  if (value instanceof Unknown) return unknownToWire(value);
  if (typeof type === 'string') return primitiveToWire(value, type);
  switch (type[0]) {
    case 'list':
    case 'set':
      return sequenceToWire(value, type[1], type[0]);
    case 'tuple':
      return tupleToWire(value, type[1]);
    case 'map':
      return mapToWire(value, type[1]);
    case 'object':
      return objectToWire(value, type[1]);
    default:
      throw new CtyValueError(`unsupported type ${JSON.stringify(type)}`);
  }
}

function unknownToWire(value: Unknown): ExtData {
  const refinements = value.refinements;
  // An empty refinement map must be sent as the plain form (object-wire-format.md).
  return refinements && refinements.length > 1 ? new ExtData(REFINED_UNKNOWN_EXTENSION, refinements) : WHOLLY_UNKNOWN;
}

function primitiveToWire(value: CtyValue, type: string): Wire {
  switch (type) {
    case 'string':
      if (typeof value !== 'string') throw kindMismatch('string', value);
      return normalizeString(value);
    case 'number':
      if (!isCtyNumber(value)) throw kindMismatch('number', value);
      return msgpackNumber(value);
    case 'bool':
      if (typeof value !== 'boolean') throw kindMismatch('bool', value);
      return value;
    default:
      throw new CtyValueError(`unsupported type ${JSON.stringify(type)}`);
  }
}

function sequenceToWire(value: CtyValue, element: CtyType, kind: string): Wire[] {
  if (!Array.isArray(value)) throw kindMismatch(kind, value);
  const out = new Array<Wire>(value.length);
  for (let i = 0; i < value.length; i++) {
    try {
      out[i] = toWire(value[i], element);
    } catch (error) {
      throw atStep(error, { index: i });
    }
  }
  return out;
}

function tupleToWire(value: CtyValue, elements: readonly CtyType[]): Wire[] {
  if (!Array.isArray(value)) throw kindMismatch('tuple', value);
  if (value.length !== elements.length) throw new CtyValueError(`expected a tuple of ${elements.length} elements, got ${value.length}`);
  const out = new Array<Wire>(value.length);
  for (let i = 0; i < value.length; i++) {
    try {
      out[i] = toWire(value[i], elements[i]);
    } catch (error) {
      throw atStep(error, { index: i });
    }
  }
  return out;
}

function mapToWire(value: CtyValue, element: CtyType): Wire {
  if (!isPlainRecord(value)) throw kindMismatch('map', value);
  const out: { [key: string]: Wire } = Object.create(null);
  for (const key of Object.keys(value)) {
    const entry = value[key] as CtyValue | undefined;
    if (entry === undefined) continue; // a JS object's undefined property is an absent key
    try {
      out[normalizeString(key)] = toWire(entry, element);
    } catch (error) {
      throw atStep(error, { key });
    }
  }
  return out;
}

function objectToWire(value: CtyValue, attributes: ObjectAttributes): Wire {
  if (!isPlainRecord(value)) throw kindMismatch('object', value);
  rejectUnknownAttributes(value, attributes);
  const out: { [key: string]: Wire } = Object.create(null);
  for (const name of Object.keys(attributes)) {
    try {
      out[name] = toWire(ownValue(value, name) as CtyValue | undefined, attributes[name]);
    } catch (error) {
      throw atStep(error, { attribute: name });
    }
  }
  return out;
}

function dynamicToWire(value: CtyValue | undefined): Wire {
  if (value === null || value === undefined) return null;
  // cty never refines an unknown of dynamic type (cty/msgpack/unknown.go), so neither do we.
  if (value instanceof Unknown) return WHOLLY_UNKNOWN;
  if (!(value instanceof Dynamic)) throw kindMismatch('Dynamic', value);
  if (value.type === 'dynamic') return dynamicToWire(value.value);
  return [utf8.encode(typeToCtyJson(value.type)), toWire(value.value, value.type)];
}

// ---- decoding ----

function fromWire(raw: unknown, type: CtyType): CtyValue {
  if (raw instanceof ExtData) return unknownFromWire(raw, type);
  if (type === 'dynamic') return dynamicFromWire(raw);
  if (raw === null) return null;
  if (typeof type === 'string') return primitiveFromWire(raw, type);
  switch (type[0]) {
    case 'list':
    case 'set':
      return sequenceFromWire(raw, type[1], type[0]);
    case 'tuple':
      return tupleFromWire(raw, type[1]);
    case 'map':
      return mapFromWire(raw, type[1]);
    case 'object':
      return objectFromWire(raw, type[1]);
    default:
      throw new CtyValueError(`unsupported type ${JSON.stringify(type)}`);
  }
}

/**
 * Any extension is an unknown (object-wire-format.md); only type 12 with a body carries
 * refinements, kept as raw bytes once checked as cty checks them (well formed, fitting the type).
 * A dynamic unknown drops them, and one refined as null is the null value, as in cty.
 */
function unknownFromWire(raw: ExtData, type: CtyType): CtyValue {
  const body = raw.data as Uint8Array; // a decoded extension always holds bytes
  if (raw.type !== REFINED_UNKNOWN_EXTENSION || body.length <= 1 || type === 'dynamic') return UNKNOWN;
  if (body.length > MAX_REFINEMENTS_LENGTH) throw new CtyValueError('oversize unknown value refinement');
  if (!isMsgpackMapHeader(body[0])) throw new CtyValueError('unknown value refinements are not a msgpack map');
  if (parseRefinements(body, type) === null) return null;
  // A copy (not Buffer#slice, which is a view): the body points into the request's buffer.
  return new Unknown(new Uint8Array(body));
}

function isMsgpackMapHeader(byte: number): boolean {
  return (byte >= 0x80 && byte <= 0x8f) || byte === 0xde || byte === 0xdf;
}

function primitiveFromWire(raw: unknown, type: string): CtyValue {
  switch (type) {
    case 'string':
      if (typeof raw === 'string') return normalizeString(raw);
      if (raw instanceof Uint8Array) return normalizeString(utf8Decoder.decode(raw)); // cty reads bin as string too
      throw kindMismatch('string', raw);
    case 'number':
      return numberFromWire(raw);
    case 'bool':
      if (typeof raw !== 'boolean') throw kindMismatch('bool', raw);
      return raw;
    default:
      throw new CtyValueError(`unsupported type ${JSON.stringify(type)}`);
  }
}

function numberFromWire(raw: unknown): CtyValue {
  if (typeof raw === 'number') return canonicalNumber(raw);
  if (typeof raw === 'bigint') return canonicalFromBigInt(raw);
  if (typeof raw === 'string') {
    const parsed = parseNumber(raw);
    if (parsed === undefined) throw new CtyValueError(`expected number, got string ${JSON.stringify(raw)}`);
    return parsed;
  }
  throw kindMismatch('number', raw);
}

function sequenceFromWire(raw: unknown, element: CtyType, kind: string): CtyValue[] {
  if (!Array.isArray(raw)) throw kindMismatch(kind, raw);
  for (let i = 0; i < raw.length; i++) {
    try {
      raw[i] = fromWire(raw[i], element);
    } catch (error) {
      throw atStep(error, { index: i });
    }
  }
  return raw as CtyValue[];
}

function tupleFromWire(raw: unknown, elements: readonly CtyType[]): CtyValue[] {
  if (!Array.isArray(raw)) throw kindMismatch('tuple', raw);
  if (raw.length !== elements.length) throw new CtyValueError(`expected a tuple of ${elements.length} elements, got ${raw.length}`);
  for (let i = 0; i < raw.length; i++) {
    try {
      raw[i] = fromWire(raw[i], elements[i]);
    } catch (error) {
      throw atStep(error, { index: i });
    }
  }
  return raw as CtyValue[];
}

function mapFromWire(raw: unknown, element: CtyType): CtyValue {
  if (!isPlainRecord(raw)) throw kindMismatch('map', raw);
  for (const key of Object.keys(raw)) {
    try {
      raw[key] = fromWire(raw[key], element);
    } catch (error) {
      throw atStep(error, { key });
    }
  }
  return raw as { [key: string]: CtyValue };
}

function objectFromWire(raw: unknown, attributes: ObjectAttributes): CtyValue {
  if (!isPlainRecord(raw)) throw kindMismatch('object', raw);
  for (const name of Object.keys(raw)) {
    const attribute = attributeType(attributes, name);
    if (attribute === undefined) throw new CtyValueError(`unsupported attribute "${name}"`);
    try {
      raw[name] = fromWire(raw[name], attribute);
    } catch (error) {
      throw atStep(error, { attribute: name });
    }
  }
  for (const name of Object.keys(attributes)) {
    if (!Object.hasOwn(raw, name)) setOwn(raw, name, null);
  }
  return raw as { [key: string]: CtyValue };
}

function dynamicFromWire(raw: unknown): CtyValue {
  if (raw === null) return null;
  if (!Array.isArray(raw) || raw.length !== 2) throw new CtyValueError('a dynamic value must be a [type, value] array');
  const [typeJson, inner] = raw as [unknown, unknown];
  if (typeof typeJson !== 'string' && !(typeJson instanceof Uint8Array)) throw kindMismatch('type JSON', typeJson);
  const type = parseTypeJson(typeJson);
  const value = fromWire(inner, type);
  return type === 'dynamic' ? value : new Dynamic(type, value);
}
