import { CtyValueError } from './errors';

/**
 * JSON text in and out, as cty needs it. JSON.parse rounds numbers (2^53+1, 0.1 as a decimal), and
 * Node 20 has no access to a number's source text, so the parser here keeps every number as the
 * text it was written with. Objects become Maps, so any key (even "__proto__") is safe.
 */
export type JsonNode = null | boolean | string | JsonNumber | JsonNode[] | JsonObject;
export type JsonObject = Map<string, JsonNode>;

export class JsonNumber {
  constructor(public readonly text: string) {}
}

const MAX_DEPTH = 512;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const PLAIN_STRING_RUN = /[^"\\\u0000-\u001f]*/y;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t' };

export function parseJson(source: string | Uint8Array): JsonNode {
  const text = typeof source === 'string' ? source : new TextDecoder().decode(source);
  return parseWithoutNumbers(text) ?? new JsonParser(text).parseDocument();
}

/**
 * JSON.parse is exact for everything but numbers, and much faster than the parser below: most
 * states hold no number at all. Undefined when the text holds a number (or is not JSON: the
 * parser below then says where).
 */
function parseWithoutNumbers(text: string): JsonNode | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  return toNode(parsed);
}

/** JSON.parse's value as nodes; undefined at the first number (its text is lost). */
function toNode(value: unknown): JsonNode | undefined {
  if (typeof value === 'number') return undefined;
  if (Array.isArray(value)) {
    const nodes: JsonNode[] = [];
    for (const item of value) {
      const node = toNode(item);
      if (node === undefined) return undefined;
      nodes.push(node);
    }
    return nodes;
  }
  if (value !== null && typeof value === 'object') {
    // JSON.parse makes every key an own property, "__proto__" included.
    const object: JsonObject = new Map();
    for (const key of Object.keys(value)) {
      const node = toNode((value as Record<string, unknown>)[key]);
      if (node === undefined) return undefined;
      object.set(key, node);
    }
    return object;
  }
  return value as null | boolean | string;
}

class JsonParser {
  private pos = 0;

  constructor(private readonly text: string) {}

  parseDocument(): JsonNode {
    const value = this.parseValue(0);
    this.skipWhitespace();
    if (this.pos < this.text.length) throw this.error('unexpected data after the value');
    return value;
  }

  private parseValue(depth: number): JsonNode {
    if (depth > MAX_DEPTH) throw this.error('nesting too deep');
    this.skipWhitespace();
    const char = this.text[this.pos];
    switch (char) {
      case '{': return this.parseObject(depth);
      case '[': return this.parseArray(depth);
      case '"': return this.parseString();
      case 't': return this.parseLiteral('true', true);
      case 'f': return this.parseLiteral('false', false);
      case 'n': return this.parseLiteral('null', null);
      default: return this.parseNumber();
    }
  }

  private parseObject(depth: number): JsonObject {
    const object: JsonObject = new Map();
    this.pos++;
    if (this.consume('}')) return object;
    do {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') throw this.error('expected a string key');
      const key = this.parseString();
      if (!this.consume(':')) throw this.error('expected ":"');
      object.set(key, this.parseValue(depth + 1));
    } while (this.consume(','));
    if (!this.consume('}')) throw this.error('expected "," or "}"');
    return object;
  }

  private parseArray(depth: number): JsonNode[] {
    const array: JsonNode[] = [];
    this.pos++;
    if (this.consume(']')) return array;
    do {
      array.push(this.parseValue(depth + 1));
    } while (this.consume(','));
    if (!this.consume(']')) throw this.error('expected "," or "]"');
    return array;
  }

  private parseString(): string {
    this.pos++; // the opening quote
    let result = '';
    for (;;) {
      PLAIN_STRING_RUN.lastIndex = this.pos;
      PLAIN_STRING_RUN.exec(this.text);
      result += this.text.slice(this.pos, PLAIN_STRING_RUN.lastIndex);
      this.pos = PLAIN_STRING_RUN.lastIndex;
      const char = this.text[this.pos];
      if (char === '"') {
        this.pos++;
        return result;
      }
      if (char !== '\\') throw this.error(char === undefined ? 'unterminated string' : 'control character in string');
      result += this.parseEscape();
    }
  }

  private parseEscape(): string {
    const code = this.text[this.pos + 1];
    if (code === 'u') {
      const hex = this.text.slice(this.pos + 2, this.pos + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw this.error('invalid \\u escape');
      this.pos += 6;
      return String.fromCharCode(parseInt(hex, 16));
    }
    const replacement = code === undefined ? undefined : ESCAPES[code];
    if (replacement === undefined) throw this.error('invalid escape');
    this.pos += 2;
    return replacement;
  }

  private parseLiteral<T extends boolean | null>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) throw this.error('unexpected token');
    this.pos += word.length;
    return value;
  }

  private parseNumber(): JsonNumber {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) throw this.error(this.pos >= this.text.length ? 'unexpected end of input' : 'unexpected token');
    this.pos = NUMBER.lastIndex;
    return new JsonNumber(match[0]);
  }

  private consume(char: string): boolean {
    this.skipWhitespace();
    if (this.text[this.pos] !== char) return false;
    this.pos++;
    return true;
  }

  private skipWhitespace(): void {
    for (;;) {
      const char = this.text.charCodeAt(this.pos);
      if (char !== 0x20 && char !== 0x0a && char !== 0x0d && char !== 0x09) return;
      this.pos++;
    }
  }

  private error(problem: string): CtyValueError {
    return new CtyValueError(`invalid JSON at offset ${this.pos}: ${problem}`);
  }
}

// Go's encoding/json (Go 1.22+, which Terraform 1.11 is built with) escapes these besides '"' and
// '\\': the short forms below, other control characters as \u00XX, and, as HTML-safe output,
// '<', '>', '&', U+2028 and U+2029.
const NEEDS_ESCAPE = /["\\\u0000-\u001f<>&\u2028\u2029\ud800-\udfff]/;
const SHORT_ESCAPES: Readonly<Record<string, string>> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A JSON string literal exactly as Go's json.Marshal writes it. */
export function quoteJsonString(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return `"${value}"`;
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    out += escapeUnit(value, i);
    if (isSurrogatePair(value, i)) out += value[++i];
  }
  return out + '"';
}

function escapeUnit(value: string, i: number): string {
  const char = value[i];
  const code = value.charCodeAt(i);
  const short = SHORT_ESCAPES[char];
  if (short !== undefined) return short;
  if (code < 0x20 || char === '<' || char === '>' || char === '&' || code === 0x2028 || code === 0x2029) {
    return `\\u${code.toString(16).padStart(4, '0')}`;
  }
  // A lone surrogate cannot be UTF-8; Go writes the replacement character for invalid UTF-8.
  if (code >= 0xd800 && code <= 0xdfff && !isSurrogatePair(value, i)) return '\ufffd';
  return char;
}

function isSurrogatePair(value: string, i: number): boolean {
  const high = value.charCodeAt(i);
  const low = value.charCodeAt(i + 1);
  return high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff;
}
