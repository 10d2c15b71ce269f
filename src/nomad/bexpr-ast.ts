/**
 * The syntax tree go-bexpr (v0.1.16, the version Nomad vendors) builds from a selector, with the
 * same meaning as its grammar/ast.go: `contains` is stored as `in` (selector and value swap sides
 * in the source only), `not not x` collapses to `x`, and every value is kept as its raw text.
 */

/** A path into the data: `list.groups` is ["list", "groups"], `"/list/groups"` the same. */
export interface BexprSelector {
  /** `bexpr` for `a.b["c"].0`, `jsonPointer` for `"/a/b"`. */
  readonly type: 'bexpr' | 'jsonPointer';
  readonly path: readonly string[];
}

export type BexprMatchOperator = '==' | '!=' | 'in' | 'not in' | 'is empty' | 'is not empty' | 'matches' | 'not matches' | 'is nil' | 'is not nil';

export interface BexprMatch {
  readonly kind: 'match';
  readonly selector: BexprSelector;
  readonly operator: BexprMatchOperator;
  /**
   * The value compared with, as go-bexpr's MatchValue.Raw: a string literal unquoted, a number as
   * written, and a selector written on the value side as its text (`engineering in list.roles`
   * looks for "engineering"). Undefined for `is empty` / `is nil` and their negations.
   */
  readonly value?: string;
  /** How the value was written: a selector taken as text (`prod`, `list.roles`), a number, a string literal. */
  readonly valueSyntax?: 'selector' | 'number' | 'string';
  /** The comparison as written in the selector. */
  readonly text: string;
}

export interface BexprNot {
  readonly kind: 'not';
  readonly operand: BexprExpression;
}

export interface BexprBinary {
  readonly kind: 'and' | 'or';
  readonly left: BexprExpression;
  readonly right: BexprExpression;
}

/** `any list.groups as g { g == "ops" }`; the names bound are local to `inner`. */
export interface BexprCollection {
  readonly kind: 'collection';
  readonly op: 'any' | 'all';
  readonly selector: BexprSelector;
  /** `as v` binds `default`; `as i, v` index and value; `as i, _` index; `as _, v` value. */
  readonly binding: { readonly default?: string; readonly index?: string; readonly value?: string };
  readonly inner: BexprExpression;
  readonly text: string;
}

export type BexprExpression = BexprMatch | BexprNot | BexprBinary | BexprCollection;

/** go-bexpr's Selector.String(): the form a selector takes when written on the value side. */
export function selectorString(selector: BexprSelector): string {
  if (selector.path.length === 0) return '';
  return selector.path.join(selector.type === 'bexpr' ? '.' : '/');
}

/**
 * A quoted selector's path: pointerstructure.Parse of "/" + the segments, which unescapes `~1`
 * to "/" and then `~0` to "~". `""` (no segment) is the pointer "/", one empty part.
 */
export function jsonPointerPath(segments: readonly string[]): string[] {
  const parts = segments.length === 0 ? [''] : segments;
  return parts.map(part => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = { 'a': 7, 'b': 8, 'f': 12, 'n': 10, 'r': 13, 't': 9, 'v': 11, '\\': 92, '"': 34 };

/**
 * Go's strconv.Unquote for a literal the grammar accepted and whose escapes were validated:
 * backticks keep their text except carriage returns (which Go discards); `\x` and octal escapes
 * are bytes, so the result is decoded as UTF-8 (invalid bytes become U+FFFD).
 */
export function goUnquote(literal: string): string {
  if (literal.startsWith('`')) return literal.slice(1, -1).replace(/\r/g, '');
  // Code points, not UTF-16 units: escapes are ASCII, so indices into this array stay simple.
  const body = Array.from(literal).slice(1, -1);
  const hex = (from: number, count: number) => parseInt(body.slice(from, from + count).join(''), 16);
  const bytes: number[] = [];
  const text = (s: string) => bytes.push(...Buffer.from(s, 'utf8'));
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!;
    if (char !== '\\') {
      text(char);
      continue;
    }
    const kind = body[i + 1]!;
    if (kind in SIMPLE_ESCAPES) {
      bytes.push(SIMPLE_ESCAPES[kind]!);
      i += 1;
    } else if (/[0-7]/.test(kind)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4).join(''), 8));
      i += 3;
    } else {
      const count = kind === 'x' ? 2 : kind === 'u' ? 4 : 8;
      const code = hex(i + 2, count);
      if (kind === 'x') bytes.push(code);
      else text(String.fromCodePoint(code));
      i += 1 + count;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
