import { CtyValueError, atStep, describeValue, kindMismatch } from './errors';
import { JsonNode, JsonNumber, parseJson, quoteJsonString } from './json-text';
import { isCtyNumber, isInfiniteNumber, numberText, parseNumber } from './number';
import {
  ObjectAttributes, attributeType, compareCodePoints, rejectUnknownAttributes, sortedAttributeNames, typeFromJson, typeToCtyJson,
} from './type-json';
import { CtyType } from './types';
import { isPlainRecord, normalizeString, ownValue, setOwn } from './util';
import { CtyValue, Dynamic, Unknown } from './values';

/**
 * cty's JSON form of values (zclconf/go-cty cty/json), used for `UpgradeResourceState.RawState.json`
 * (prior state, possibly written under an older schema) and for JSON `DynamicValue`s.
 */

export interface DecodeJsonOptions {
  /** Drop attributes the type lacks (state from an older schema) instead of failing on them. */
  readonly ignoreUnknownAttributes?: boolean;
}

export function decodeJsonValue(text: string | Uint8Array, type: CtyType, options: DecodeJsonOptions = {}): CtyValue {
  return new JsonValueReader(options).read(parseJson(text), type);
}

export function encodeJsonValue(value: CtyValue, type: CtyType): string {
  const parts: string[] = [];
  writeJson(value, type, parts);
  return parts.join('');
}

// ---- decoding ----

class JsonValueReader {
  constructor(private readonly options: DecodeJsonOptions) {}

  read(node: JsonNode, type: CtyType): CtyValue {
    if (node === null) return null;
    if (type === 'dynamic') return this.readDynamic(node);
    if (typeof type === 'string') return readPrimitive(node, type);
    switch (type[0]) {
      case 'list':
      case 'set':
        return this.readSequence(node, () => type[1], type[0]);
      case 'tuple':
        return this.readTuple(node, type[1]);
      case 'map':
        return this.readMap(node, type[1]);
      case 'object':
        return this.readObject(node, type[1]);
      default:
        throw new CtyValueError(`unsupported type ${JSON.stringify(type)}`);
    }
  }

  private readSequence(node: JsonNode, elementType: (index: number) => CtyType, kind: string): CtyValue[] {
    if (!Array.isArray(node)) throw kindMismatch(kind, jsonKind(node));
    const out = new Array<CtyValue>(node.length);
    for (let i = 0; i < node.length; i++) {
      try {
        out[i] = this.read(node[i], elementType(i));
      } catch (error) {
        throw atStep(error, { index: i });
      }
    }
    return out;
  }

  private readTuple(node: JsonNode, elements: readonly CtyType[]): CtyValue[] {
    if (Array.isArray(node) && node.length !== elements.length) {
      throw new CtyValueError(`expected a tuple of ${elements.length} elements, got ${node.length}`);
    }
    return this.readSequence(node, i => elements[i], 'tuple');
  }

  private readMap(node: JsonNode, element: CtyType): CtyValue {
    if (!(node instanceof Map)) throw kindMismatch('map', jsonKind(node));
    const out: { [key: string]: CtyValue } = {};
    for (const [key, entry] of node) {
      try {
        setOwn(out, normalizeString(key), this.read(entry, element));
      } catch (error) {
        throw atStep(error, { key });
      }
    }
    return out;
  }

  private readObject(node: JsonNode, attributes: ObjectAttributes): CtyValue {
    if (!(node instanceof Map)) throw kindMismatch('object', jsonKind(node));
    const out: { [key: string]: CtyValue } = {};
    for (const [name, entry] of node) {
      const attribute = attributeType(attributes, name);
      if (attribute === undefined) {
        if (this.options.ignoreUnknownAttributes) continue;
        throw new CtyValueError(`unsupported attribute "${name}"`);
      }
      try {
        setOwn(out, name, this.read(entry, attribute));
      } catch (error) {
        throw atStep(error, { attribute: name });
      }
    }
    for (const name of Object.keys(attributes)) {
      if (!Object.hasOwn(out, name)) setOwn(out, name, null);
    }
    return out;
  }

  /** `{"value": ..., "type": ...}`, keys in either order, as cty/json writes and reads it. */
  private readDynamic(node: JsonNode): CtyValue {
    if (!(node instanceof Map)) throw kindMismatch('a {"value", "type"} object for a dynamic value', jsonKind(node));
    for (const key of node.keys()) {
      if (key !== 'type' && key !== 'value') throw new CtyValueError(`invalid key "${key}" in dynamically-typed value`);
    }
    const typeNode = node.get('type');
    if (typeNode === undefined) throw new CtyValueError('missing type in dynamically-typed value');
    if (!node.has('value')) throw new CtyValueError('missing value in dynamically-typed value');
    const type = typeFromJson(plainJson(typeNode));
    const value = this.read(node.get('value')!, type);
    return type === 'dynamic' ? value : new Dynamic(type, value);
  }
}

/** cty/json converts between primitives where cty's convert package would (unmarshalPrimitive). */
function readPrimitive(node: JsonNode, type: string): CtyValue {
  switch (type) {
    case 'string':
      if (typeof node === 'string') return normalizeString(node);
      if (node instanceof JsonNumber) return node.text;
      if (typeof node === 'boolean') return String(node);
      throw kindMismatch('string', jsonKind(node));
    case 'number': {
      const text = node instanceof JsonNumber ? node.text : typeof node === 'string' ? node : undefined;
      const parsed = text === undefined ? undefined : parseNumber(text);
      if (parsed === undefined) throw new CtyValueError(`expected number, got ${describeJson(node)}`);
      return parsed;
    }
    case 'bool':
      if (typeof node === 'boolean') return node;
      if (node === 'true' || node === '1') return true;
      if (node === 'false' || node === '0') return false;
      throw new CtyValueError(`expected bool, got ${describeJson(node)}`);
    default:
      throw new CtyValueError(`unsupported type ${JSON.stringify(type)}`);
  }
}

/** A parsed type description as plain JSON (types hold no numbers, so nothing is lost). */
function plainJson(node: JsonNode): unknown {
  if (node instanceof JsonNumber) return Number(node.text);
  if (Array.isArray(node)) return node.map(plainJson);
  if (node instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [key, entry] of node) setOwn(out, key, plainJson(entry));
    return out;
  }
  return node;
}

/** Stand-ins for what a JSON node is, so kindMismatch names JSON kinds. */
function jsonKind(node: JsonNode): unknown {
  if (node instanceof JsonNumber) return 0;
  if (node instanceof Map) return {};
  return node;
}

function describeJson(node: JsonNode): string {
  if (typeof node === 'string') return `string ${JSON.stringify(node)}`;
  return describeValue(jsonKind(node));
}

// ---- encoding ----

function writeJson(value: CtyValue | undefined, type: CtyType, out: string[]): void {
  if (value instanceof Unknown) throw new CtyValueError('value is not known; JSON cannot hold unknown values');
  if (type === 'dynamic') return writeDynamic(value, out);
  if (value === null || value === undefined) {
    out.push('null');
    return;
  }
  if (typeof type === 'string') {
    out.push(primitiveJson(value, type));
    return;
  }
  switch (type[0]) {
    case 'list':
    case 'set':
      return writeSequence(value, () => type[1], type[0], out);
    case 'tuple':
      if (Array.isArray(value) && value.length !== type[1].length) {
        throw new CtyValueError(`expected a tuple of ${type[1].length} elements, got ${value.length}`);
      }
      return writeSequence(value, i => type[1][i], 'tuple', out);
    case 'map':
      return writeMap(value, type[1], out);
    case 'object':
      return writeObject(value, type[1], out);
    default:
      throw new CtyValueError(`unsupported type ${JSON.stringify(type)}`);
  }
}

function primitiveJson(value: CtyValue, type: string): string {
  switch (type) {
    case 'string':
      if (typeof value !== 'string') throw kindMismatch('string', value);
      return quoteJsonString(normalizeString(value));
    case 'number':
      if (!isCtyNumber(value)) throw kindMismatch('number', value);
      if (isInfiniteNumber(value)) throw new CtyValueError('cannot serialize infinity as JSON');
      return numberText(value);
    case 'bool':
      if (typeof value !== 'boolean') throw kindMismatch('bool', value);
      return value ? 'true' : 'false';
    default:
      throw new CtyValueError(`unsupported type ${JSON.stringify(type)}`);
  }
}

function writeSequence(value: CtyValue, elementType: (index: number) => CtyType, kind: string, out: string[]): void {
  if (!Array.isArray(value)) throw kindMismatch(kind, value);
  out.push('[');
  for (let i = 0; i < value.length; i++) {
    if (i > 0) out.push(',');
    try {
      writeJson(value[i], elementType(i), out);
    } catch (error) {
      throw atStep(error, { index: i });
    }
  }
  out.push(']');
}

/** cty iterates map elements in key order, so its JSON has them sorted. */
function writeMap(value: CtyValue, element: CtyType, out: string[]): void {
  if (!isPlainRecord(value)) throw kindMismatch('map', value);
  const keys = Object.keys(value).filter(key => value[key] !== undefined).sort(compareCodePoints);
  writeMembers(keys, key => [value[key] as CtyValue, element], key => ({ key }), out);
}

function writeObject(value: CtyValue, attributes: ObjectAttributes, out: string[]): void {
  if (!isPlainRecord(value)) throw kindMismatch('object', value);
  rejectUnknownAttributes(value, attributes);
  const entry = (name: string): [CtyValue, CtyType] => [(ownValue(value, name) ?? null) as CtyValue, attributes[name]];
  writeMembers(sortedAttributeNames(attributes), entry, attribute => ({ attribute }), out);
}

function writeMembers(
  names: readonly string[],
  entry: (name: string) => [CtyValue, CtyType],
  step: (name: string) => { key: string } | { attribute: string },
  out: string[],
): void {
  out.push('{');
  names.forEach((name, i) => {
    if (i > 0) out.push(',');
    out.push(quoteJsonString(name), ':');
    try {
      writeJson(...entry(name), out);
    } catch (error) {
      throw atStep(error, step(name));
    }
  });
  out.push('}');
}

/** `{"value":...,"type":...}` in that order, as cty/json's marshalDynamic writes it. */
function writeDynamic(value: CtyValue | undefined, out: string[]): void {
  if (value === null || value === undefined) {
    out.push('null');
    return;
  }
  if (!(value instanceof Dynamic)) throw kindMismatch('Dynamic', value);
  if (value.type === 'dynamic') return writeDynamic(value.value, out);
  out.push('{"value":');
  writeJson(value.value, value.type, out);
  out.push(',"type":', typeToCtyJson(value.type), '}');
}
