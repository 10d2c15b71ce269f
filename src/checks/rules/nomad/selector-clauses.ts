/**
 * What the Nomad rules need to know about a binding-rule selector (go-bexpr syntax, which
 * src/nomad/bexpr.ts validates): the selectors it reads, and, for a selector that is
 * only comparisons joined by `and`, each comparison. Only selectors that are valid are analysed.
 */

export interface Clause {
  /** The selector read, normalised: `list.groups` (a JSON pointer `"/list/groups"` gives the same). */
  readonly selector: string;
  readonly operator: '==' | '!=' | 'in' | 'not in' | 'contains' | 'not contains' | 'matches' | 'not matches'
  | 'is empty' | 'is not empty' | 'is nil' | 'is not nil';
  /** The literal compared with (unquoted), when there is one. */
  readonly value?: string;
  /** The comparison as written. */
  readonly text: string;
}

interface Token {
  readonly kind: 'string' | 'number' | 'selector' | 'word' | 'symbol';
  readonly text: string;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'contains', 'matches', 'is', 'empty', 'nil', 'any', 'all', 'as']);
const SCANNER = /\s*(?:(`[^`]*`|"(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?)|(==|!=|[(){},])|([a-zA-Z][a-zA-Z0-9_/]*(?:\.[a-zA-Z0-9_/]+|\[\s*(?:"(?:[^"\\]|\\.)*"|`[^`]*`)\s*\])*)|(_))/y;

function tokens(selector: string): Token[] | undefined {
  const found: Token[] = [];
  SCANNER.lastIndex = 0;
  while (SCANNER.lastIndex < selector.length) {
    if (/^\s*$/.test(selector.slice(SCANNER.lastIndex))) break;
    const match = SCANNER.exec(selector);
    if (!match) return undefined;
    const [, string, number, symbol, name, underscore] = match;
    if (string !== undefined) found.push({ kind: 'string', text: string });
    else if (number !== undefined) found.push({ kind: 'number', text: number });
    else if (symbol !== undefined) found.push({ kind: 'symbol', text: symbol });
    else if (name !== undefined) found.push({ kind: KEYWORDS.has(name) ? 'word' : 'selector', text: name });
    else found.push({ kind: 'selector', text: underscore! });
  }
  return found;
}

/** The literal's text: `"a\"b"` → `a"b`, `` `raw` `` → `raw`. */
function unquote(literal: string): string {
  if (literal.startsWith('`')) return literal.slice(1, -1);
  try {
    return JSON.parse(literal) as string;
  } catch {
    return literal.slice(1, -1);
  }
}

/** `list.groups`, `value["email"]`, `"/value/email"` → dotted form. */
function normalise(token: Token): string {
  if (token.kind === 'string') return unquote(token.text).split('/').filter(Boolean).join('.');
  return token.text.replace(/\[\s*("(?:[^"\\]|\\.)*"|`[^`]*`)\s*\]/g, (_, key: string) => `.${unquote(key)}`);
}

/** The selectors the expression reads (for collection expressions, without their local names). */
export function selectorsRead(selector: string): { readonly selector: string; readonly local: boolean }[] | undefined {
  const list = tokens(selector);
  if (!list) return undefined;
  const locals = new Set<string>();
  list.forEach((token, i) => {
    if (token.text === 'as') {
      for (let j = i + 1; j < list.length && list[j]!.text !== '{'; j++) if (list[j]!.kind === 'selector') locals.add(list[j]!.text);
    }
  });
  const read: { selector: string; local: boolean }[] = [];
  list.forEach((token, i) => {
    const next = list[i + 1]?.text;
    const previous = list[i - 1]?.text;
    const isPointer = token.kind === 'string' && (previous === 'in' || ['==', '!=', 'contains', 'matches', 'is'].includes(next ?? '')
      || (next === 'not' && ['contains', 'matches'].includes(list[i + 2]?.text ?? '')));
    if (token.kind === 'selector' && token.text !== '_' && previous !== 'as' && previous !== ',') {
      read.push({ selector: normalise(token), local: locals.has(token.text.split(/[.[]/)[0]!) });
    } else if (isPointer && token.text.startsWith('"/')) {
      read.push({ selector: normalise(token), local: false });
    }
  });
  return read;
}

/** Each comparison of a selector made only of comparisons joined by `and`; undefined for any other shape. */
export function conjunction(selector: string): Clause[] | undefined {
  const list = tokens(selector);
  if (!list || list.length === 0) return undefined;
  // `or`, `not`-prefixed groups, parentheses and collection blocks: not a plain conjunction.
  if (list.some(t => t.text === 'or' || (t.kind === 'symbol' && t.text !== '==' && t.text !== '!='))) return undefined;
  const parts: Token[][] = [[]];
  for (const token of list) {
    if (token.text === 'and') parts.push([]);
    else parts[parts.length - 1]!.push(token);
  }
  const clauses = parts.map(clauseOf);
  return clauses.every((c): c is Clause => c !== undefined) ? clauses : undefined;
}

function clauseOf(part: Token[]): Clause | undefined {
  const words = part.map(t => (t.kind === 'word' || t.kind === 'symbol' ? t.text : '•')).join(' ');
  const text = part.map(t => t.text).join(' ');
  const literal = (t: Token | undefined) => (t === undefined ? undefined : t.kind === 'string' ? unquote(t.text) : t.text);
  const first = part[0];
  const last = part[part.length - 1];
  if (!first || !last) return undefined;
  const selectorFirst: Record<string, Clause['operator']> = {
    '• == •': '==',
    '• != •': '!=',
    '• contains •': 'contains',
    '• not contains •': 'not contains',
    '• matches •': 'matches',
    '• not matches •': 'not matches',
    '• is empty': 'is empty',
    '• is not empty': 'is not empty',
    '• is nil': 'is nil',
    '• is not nil': 'is not nil',
  };
  const operator = selectorFirst[words];
  if (operator) {
    return { selector: normalise(first), operator, ...(part.length > 2 && !operator.startsWith('is') ? { value: literal(last) } : {}), text };
  }
  if (words === '• in •' || words === '• not in •') {
    return { selector: normalise(last), operator: words === '• in •' ? 'in' : 'not in', value: literal(first), text };
  }
  return undefined;
}
