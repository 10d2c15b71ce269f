import { CtyValueError } from './errors';
import { quoteJsonString } from './json-text';
import { CtyType } from './types';
import { setOwn } from './util';

/**
 * Type helpers the codecs share, and the exact JSON text cty writes for a type (cty.Type.MarshalJSON):
 * no spaces, object attributes and optional-attribute names sorted bytewise, strings escaped as
 * Go's encoding/json does. Dynamic values carry this text, so its bytes must match cty's.
 */
export type ObjectAttributes = { readonly [name: string]: CtyType };

const PRIMITIVES: ReadonlySet<string> = new Set(['string', 'number', 'bool', 'dynamic']);
const jsonCache = new WeakMap<object, string>();
const namesCache = new WeakMap<object, readonly string[]>();

export function typeToCtyJson(type: CtyType): string {
  if (typeof type === 'string') return `"${type}"`;
  let text = jsonCache.get(type);
  if (text === undefined) {
    text = complexTypeJson(type);
    jsonCache.set(type, text);
  }
  return text;
}

function complexTypeJson(type: Exclude<CtyType, string>): string {
  switch (type[0]) {
    case 'list':
    case 'set':
    case 'map':
      return `["${type[0]}",${typeToCtyJson(type[1])}]`;
    case 'tuple':
      return `["tuple",[${type[1].map(typeToCtyJson).join(',')}]]`;
    case 'object': {
      const attributes = sortedAttributeNames(type[1]).map(name => `${quoteJsonString(name)}:${typeToCtyJson(type[1][name])}`);
      const optional = type.length === 3 && type[2].length > 0 ? `,[${[...type[2]].sort(compareCodePoints).map(quoteJsonString).join(',')}]` : '';
      return `["object",{${attributes.join(',')}}${optional}]`;
    }
    default:
      throw new CtyValueError(`unsupported type ${JSON.stringify(type)}`);
  }
}

export function typesEqual(a: CtyType, b: CtyType): boolean {
  return a === b || typeToCtyJson(a) === typeToCtyJson(b);
}

/** Parses type JSON (a dynamic value's type, bytes or text) and checks its shape. */
export function parseTypeJson(text: string | Uint8Array): CtyType {
  const source = typeof text === 'string' ? text : new TextDecoder().decode(text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch {
    throw new CtyValueError(`invalid type JSON ${JSON.stringify(source)}`);
  }
  return typeFromJson(parsed);
}

/** Checks that a parsed JSON value is a type in Terraform's JSON form. */
export function typeFromJson(json: unknown): CtyType {
  if (typeof json === 'string' && PRIMITIVES.has(json)) return json as CtyType;
  if (!Array.isArray(json) || typeof json[0] !== 'string') throw invalidType(json);
  const [kind, argument] = json;
  switch (kind) {
    case 'list':
    case 'set':
    case 'map':
      if (json.length !== 2) throw invalidType(json);
      return [kind, typeFromJson(argument)];
    case 'tuple':
      if (json.length !== 2 || !Array.isArray(argument)) throw invalidType(json);
      return ['tuple', argument.map(typeFromJson)];
    case 'object':
      return objectTypeFromJson(json);
    default:
      throw invalidType(json);
  }
}

function objectTypeFromJson(json: unknown[]): CtyType {
  const [, attributes, optional] = json;
  if (json.length > 3 || attributes === null || typeof attributes !== 'object' || Array.isArray(attributes)) throw invalidType(json);
  const types: Record<string, CtyType> = {};
  for (const [name, attribute] of Object.entries(attributes)) {
    setOwn(types, name, typeFromJson(attribute));
  }
  if (json.length === 2) return ['object', types];
  if (!Array.isArray(optional) || !optional.every(name => typeof name === 'string')) throw invalidType(json);
  return ['object', types, optional as string[]];
}

function invalidType(json: unknown): CtyValueError {
  return new CtyValueError(`invalid type ${JSON.stringify(json)}`);
}

/** Attribute names in the order cty writes them: sorted by UTF-8 bytes (Go's sort.Strings). */
export function sortedAttributeNames(attributes: ObjectAttributes): readonly string[] {
  let names = namesCache.get(attributes);
  if (names === undefined) {
    names = Object.keys(attributes).sort(compareCodePoints);
    namesCache.set(attributes, names);
  }
  return names;
}

/**
 * Orders strings by code point, which is UTF-8 byte order. JS's default sort compares UTF-16
 * units and puts U+E000..U+FFFF after astral characters, unlike Go.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codeUnitRank(x) - codeUnitRank(y);
  }
  return a.length - b.length;
}

function codeUnitRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000; // surrogates: code points above U+FFFF
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

export function attributeType(attributes: ObjectAttributes, name: string): CtyType | undefined {
  return Object.hasOwn(attributes, name) ? attributes[name] : undefined;
}

/** An attribute the type lacks is a mistake to report, not data to drop silently. */
export function rejectUnknownAttributes(value: { readonly [name: string]: unknown }, attributes: ObjectAttributes): void {
  for (const name of Object.keys(value)) {
    if (value[name] !== undefined && attributeType(attributes, name) === undefined) {
      throw new CtyValueError(`unsupported attribute "${name}"`);
    }
  }
}
