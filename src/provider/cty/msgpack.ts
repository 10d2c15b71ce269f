import { Decoder, ExtData, ExtensionCodec } from '@msgpack/msgpack';
import { CtyValueError, atStep, kindMismatch } from './errors';
import { canonicalFromBigInt, canonicalNumber, isCtyNumber, msgpackNumber, parseNumber } from './number';
import { parseRefinements } from './refinements';
import { ObjectAttributes, attributeType, parseTypeJson, rejectUnknownAttributes, typeToCtyJson } from './type-json';
import { CtyType } from './types';
import { isPlainRecord, normalizeString, ownValue, setOwn } from './util';
import { CtyValue, Dynamic, UNKNOWN, Unknown } from './values';

/**
 * cty's msgpack form of values (hashicorp/terraform docs/plugin-protocol/object-wire-format.md,
 * zclconf/go-cty cty/msgpack), byte for byte as cty writes it. Encoding writes the bytes directly
 * (MsgpackWriter); decoding walks the tree @msgpack/msgpack reads, converting in place.
 */

const REFINED_UNKNOWN_EXTENSION = 12;
// cty refuses bigger refinement payloads as an abuse guard (cty/msgpack/unknown.go).
const MAX_REFINEMENTS_LENGTH = 1024;
// cty writes a wholly unknown value as fixext1, type 0, one zero byte: d4 00 00.
const WHOLLY_UNKNOWN = new ExtData(0, new Uint8Array([0]));

const extensions = new ExtensionCodec();
// Every extension is an unknown value; keep type -1 raw instead of decoding it as a timestamp.
extensions.register({ type: -1, encode: () => null, decode: (data, type) => new ExtData(type, data) });

const decoder = new Decoder({ extensionCodec: extensions, useBigInt64: true, mapKeyConverter: stringKey });
const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

export function encodeValue(value: CtyValue, type: CtyType): Uint8Array {
  const out = new MsgpackWriter();
  writeValue(out, value, type);
  return out.bytes();
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

/**
 * Writes msgpack straight from the value and its type, the bytes @msgpack/msgpack would write for
 * the same tree (compact ints, float64, str/bin/array/map/ext headers), without building the tree:
 * a large state is a few hundred thousand values, and a copy of each cost more than the writing.
 * Object attributes and map keys go in sorted order, as cty writes them.
 */
class MsgpackWriter {
  private buffer = Buffer.allocUnsafe(64 * 1024);
  private position = 0;

  public bytes(): Uint8Array {
    return new Uint8Array(this.buffer.buffer, this.buffer.byteOffset, this.position).slice();
  }

  public nil(): void { this.u8(0xc0); }
  public bool(value: boolean): void { this.u8(value ? 0xc3 : 0xc2); }

  public number(value: number | bigint | string): void {
    if (typeof value === 'string') return this.string(value);
    if (typeof value === 'bigint') {
      this.ensure(9);
      this.buffer[this.position++] = value >= 0n ? 0xcf : 0xd3;
      if (value >= 0n) this.buffer.writeBigUInt64BE(value, this.position);
      else this.buffer.writeBigInt64BE(value, this.position);
      this.position += 8;
      return;
    }
    // msgpackNumber hands over integers in [-2^31, 2^32) only; anything else is a float64.
    if (!Number.isInteger(value)) return this.fixed(0xcb, 8, at => this.buffer.writeDoubleBE(value, at));
    if (value >= 0) {
      if (value < 0x80) return this.u8(value);
      if (value < 0x100) return this.fixed(0xcc, 1, at => this.buffer.writeUInt8(value, at));
      if (value < 0x10000) return this.fixed(0xcd, 2, at => this.buffer.writeUInt16BE(value, at));
      return this.fixed(0xce, 4, at => this.buffer.writeUInt32BE(value, at));
    }
    if (value >= -0x20) return this.u8(0xe0 + (value + 0x20)); // negative fixint: 111xxxxx
    if (value >= -0x80) return this.fixed(0xd0, 1, at => this.buffer.writeInt8(value, at));
    if (value >= -0x8000) return this.fixed(0xd1, 2, at => this.buffer.writeInt16BE(value, at));
    return this.fixed(0xd2, 4, at => this.buffer.writeInt32BE(value, at));
  }

  public string(value: string): void {
    if (value.length < 0x100 && this.asciiString(value)) return;
    const length = Buffer.byteLength(value);
    this.header(length, 0xa0, 32, 0xd9, 0xda, 0xdb);
    this.ensure(length);
    this.position += this.buffer.write(value, this.position, length, 'utf8');
  }

  /**
   * Writes a short ASCII string byte by byte, which beats Buffer#write's call for the names and
   * identifiers that make up most of a state; false (and nothing kept) when it is not ASCII.
   */
  private asciiString(value: string): boolean {
    const start = this.position;
    this.ensure(2 + value.length);
    let at = start + (value.length < 32 ? 1 : 2);
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      if (code >= 0x80) return false;
      this.buffer[at++] = code;
    }
    if (value.length < 32) {
      this.buffer[start] = 0xa0 + value.length;
    } else {
      this.buffer[start] = 0xd9;
      this.buffer[start + 1] = value.length;
    }
    this.position = at;
    return true;
  }

  public binary(value: Uint8Array): void {
    this.header(value.length, -1, 0, 0xc4, 0xc5, 0xc6);
    this.raw(value);
  }

  public arrayHeader(length: number): void { this.header(length, 0x90, 16, -1, 0xdc, 0xdd); }
  public mapHeader(length: number): void { this.header(length, 0x80, 16, -1, 0xde, 0xdf); }

  public extension(type: number, data: Uint8Array): void {
    const fixed = ({ 1: 0xd4, 2: 0xd5, 4: 0xd6, 8: 0xd7, 16: 0xd8 } as Record<number, number>)[data.length];
    if (fixed !== undefined) this.u8(fixed);
    else this.header(data.length, -1, 0, 0xc7, 0xc8, 0xc9);
    this.u8(type < 0 ? type + 0x100 : type); // the type byte is an int8
    this.raw(data);
  }

  /** A length header: the fix form below `fixLimit`, else the 8-, 16- or 32-bit form (-1: none). */
  private header(length: number, fix: number, fixLimit: number, code8: number, code16: number, code32: number): void {
    if (length < fixLimit) return this.u8(fix + length);
    if (code8 >= 0 && length < 0x100) return this.fixed(code8, 1, at => this.buffer.writeUInt8(length, at));
    if (length < 0x10000) return this.fixed(code16, 2, at => this.buffer.writeUInt16BE(length, at));
    return this.fixed(code32, 4, at => this.buffer.writeUInt32BE(length, at));
  }

  private fixed(code: number, size: number, write: (at: number) => void): void {
    this.ensure(1 + size);
    this.buffer[this.position] = code;
    write(this.position + 1);
    this.position += 1 + size;
  }

  private u8(value: number): void {
    this.ensure(1);
    this.buffer[this.position++] = value;
  }

  private raw(value: Uint8Array): void {
    this.ensure(value.length);
    this.buffer.set(value, this.position);
    this.position += value.length;
  }

  private ensure(size: number): void {
    if (this.position + size <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.position + size));
    this.buffer.copy(grown, 0, 0, this.position);
    this.buffer = grown;
  }
}

function writeValue(out: MsgpackWriter, value: CtyValue | undefined, type: CtyType): void {
  if (type === 'dynamic') return writeDynamic(out, value);
  if (value === null || value === undefined) return out.nil();
  if (value instanceof Unknown) return writeUnknown(out, value);
  if (typeof type === 'string') return writePrimitive(out, value, type);
  switch (type[0]) {
    case 'list':
    case 'set':
      if (!Array.isArray(value)) throw kindMismatch(type[0], value);
      return writeElements(out, value, () => type[1]);
    case 'tuple':
      if (!Array.isArray(value)) throw kindMismatch('tuple', value);
      if (value.length !== type[1].length) throw new CtyValueError(`expected a tuple of ${type[1].length} elements, got ${value.length}`);
      return writeElements(out, value, index => type[1][index]);
    case 'map':
      return writeMap(out, value, type[1]);
    case 'object':
      return writeObject(out, value, type[1]);
    default:
      throw new CtyValueError(`unsupported type ${JSON.stringify(type)}`);
  }
}

function writeUnknown(out: MsgpackWriter, value: Unknown): void {
  const refinements = value.refinements;
  // An empty refinement map must be sent as the plain form (object-wire-format.md).
  if (refinements && refinements.length > 1) out.extension(REFINED_UNKNOWN_EXTENSION, refinements);
  else out.extension(WHOLLY_UNKNOWN.type, WHOLLY_UNKNOWN.data as Uint8Array);
}

function writePrimitive(out: MsgpackWriter, value: CtyValue, type: string): void {
  switch (type) {
    case 'string':
      if (typeof value !== 'string') throw kindMismatch('string', value);
      return out.string(normalizeString(value));
    case 'number':
      if (!isCtyNumber(value)) throw kindMismatch('number', value);
      return out.number(msgpackNumber(value));
    case 'bool':
      if (typeof value !== 'boolean') throw kindMismatch('bool', value);
      return out.bool(value);
    default:
      throw new CtyValueError(`unsupported type ${JSON.stringify(type)}`);
  }
}

function writeElements(out: MsgpackWriter, value: readonly CtyValue[], elementType: (index: number) => CtyType): void {
  out.arrayHeader(value.length);
  for (let i = 0; i < value.length; i++) {
    try {
      writeValue(out, value[i], elementType(i));
    } catch (error) {
      throw atStep(error, { index: i });
    }
  }
}

function writeMap(out: MsgpackWriter, value: CtyValue, element: CtyType): void {
  if (!isPlainRecord(value)) throw kindMismatch('map', value);
  // A JS object's undefined property is an absent key; keys are NFC as cty keeps them.
  const entries = new Map<string, CtyValue>();
  for (const key of Object.keys(value)) {
    if (value[key] !== undefined) entries.set(normalizeString(key), value[key] as CtyValue);
  }
  out.mapHeader(entries.size);
  for (const key of [...entries.keys()].sort()) {
    out.string(key);
    try {
      writeValue(out, entries.get(key), element);
    } catch (error) {
      throw atStep(error, { key });
    }
  }
}

/** Sorted attribute names per object type, computed once per type (types are shared, values are many). */
const sortedAttributeNames = new WeakMap<ObjectAttributes, readonly string[]>();

function writeObject(out: MsgpackWriter, value: CtyValue, attributes: ObjectAttributes): void {
  if (!isPlainRecord(value)) throw kindMismatch('object', value);
  rejectUnknownAttributes(value, attributes);
  let names = sortedAttributeNames.get(attributes);
  if (names === undefined) {
    names = Object.keys(attributes).sort();
    sortedAttributeNames.set(attributes, names);
  }
  out.mapHeader(names.length);
  for (const name of names) {
    out.string(name);
    try {
      writeValue(out, ownValue(value, name) as CtyValue | undefined, attributes[name]);
    } catch (error) {
      throw atStep(error, { attribute: name });
    }
  }
}

function writeDynamic(out: MsgpackWriter, value: CtyValue | undefined): void {
  if (value === null || value === undefined) return out.nil();
  // cty never refines an unknown of dynamic type (cty/msgpack/unknown.go), so neither do we.
  if (value instanceof Unknown) return out.extension(WHOLLY_UNKNOWN.type, WHOLLY_UNKNOWN.data as Uint8Array);
  if (!(value instanceof Dynamic)) throw kindMismatch('Dynamic', value);
  if (value.type === 'dynamic') return writeDynamic(out, value.value);
  out.arrayHeader(2);
  out.binary(utf8.encode(typeToCtyJson(value.type)));
  writeValue(out, value.value, value.type);
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
