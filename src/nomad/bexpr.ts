import {
  BexprCollection, BexprExpression, BexprMatch, BexprMatchOperator, BexprSelector, goUnquote, jsonPointerPath, selectorString,
} from './bexpr-ast';
import { action, and, anyChar, check, choice, cls, Expr, lit, not, opt, PegState, plus, position, raise, rule, seq, star } from './peg';

export * from './bexpr-ast';

/**
 * Nomad binding-rule selectors: go-bexpr boolean expressions (v0.1.16, the version Nomad
 * vendors), e.g. `"engineering" in list.groups and value.email matches ".*@example.com"`. One
 * parser serves the provider's plan-time check, the simulator and the review rules.
 *
 * The grammar below transcribes go-bexpr's grammar.peg rule by rule, actions included, so the
 * same inputs are accepted and give the same tree, including its quirks: `in`/`not in` put the
 * value first, `contains` the selector first; a double-quoted selector is a JSON pointer
 * (`"/a/b"`), and on the value side such a pointer stands for its parts joined by "/" (no leading
 * slash); a bare word on the value side is a value (`engineering in list.roles`); keywords are
 * lower case only; `any`/`all` collection expressions must stand alone or in parentheses; numbers
 * must be followed by whitespace, `)` or the end; double-quoted strings follow Go's escape rules
 * and cannot contain `"`. There is no inline list syntax (`[...]` only indexes a selector).
 */

export type SelectorCheck =
  | { readonly ok: true }
  | SelectorFailure;

export interface SelectorFailure {
  readonly ok: false;
  /** What is wrong and where, for people: `column 10: unexpected "abc", expected "and", "or", whitespace or end of expression`. */
  readonly error: string;
  /** The message go-bexpr (and so Nomad) produces for the same input. */
  readonly bexprError: string;
  readonly line: number;
  /** 1-based column of the problem. */
  readonly column: number;
}

/** A parse: the tree of a valid selector, or why it is invalid. */
export type BexprParse = { readonly ok: true; readonly ast: BexprExpression } | SelectorFailure;

const ws = cls('[ \\t\\r\\n]', /[ \t\r\n]/);
const _ = rule('"whitespace"', () => plus(ws));
const EOF = rule('EOF', () => not(anyChar));

const Input = rule('Input', () => choice(
  seq(opt(_), lit('('), opt(_), OrExpression, opt(_), lit(')'), opt(_), EOF),
  seq(opt(_), OrExpression, opt(_), EOF),
));

const OrExpression: Expr = rule('OrExpression', () => choice(
  action(seq(AndExpression, _, lit('or'), _, OrExpression), binary('or')),
  AndExpression,
  CollectionExpression,
));

const AndExpression: Expr = rule('AndExpression', () => choice(
  action(seq(NotExpression, _, lit('and'), _, AndExpression), binary('and')),
  NotExpression,
));

const NotExpression: Expr = rule('NotExpression', () => choice(
  action(seq(lit('not'), _, NotExpression), ([operand]): BexprExpression => {
    const inner = operand as BexprExpression;
    return inner.kind === 'not' ? inner.operand : { kind: 'not', operand: inner };
  }),
  ParenthesizedExpression,
));

const CollectionExpression: Expr = rule('CollectionExpression', () => action(seq(
  choice(CollectionOpAny, CollectionOpAll), Selector, _, lit('as'), _, CollectionIdentifiers,
  opt(_), lit('{'), opt(_), OrExpression, opt(_), lit('}'),
), ([collectionOp, selector, binding, inner], text): BexprCollection => ({
  kind: 'collection',
  op: collectionOp as BexprCollection['op'],
  selector: selector as BexprSelector,
  binding: binding as BexprCollection['binding'],
  inner: inner as BexprExpression,
  text,
})));

const CollectionIdentifiers: Expr = rule('"collection-identifiers"', () => choice(
  action(seq(Identifier, opt(_), lit(','), opt(_), Identifier), ([index, value]) => ({ index, value })),
  action(seq(Identifier, opt(_), lit(','), opt(_), lit('_')), ([index]) => ({ index })),
  action(seq(lit('_'), opt(_), lit(','), opt(_), Identifier), ([value]) => ({ value })),
  action(Identifier, ([name]) => ({ default: name })),
));

const CollectionOpAny: Expr = rule('CollectionOpAny', () => action(seq(lit('any'), _), () => 'any'));
const CollectionOpAll: Expr = rule('CollectionOpAll', () => action(seq(lit('all'), _), () => 'all'));

const ParenthesizedExpression: Expr = rule('"grouping"', () => choice(
  seq(lit('('), opt(_), OrExpression, opt(_), lit(')')),
  MatchExpression,
  seq(lit('('), opt(_), OrExpression, opt(_), not(lit(')')), raise('Unmatched parentheses')),
));

const MatchExpression: Expr = rule('"match"', () => choice(MatchSelectorOpValue, MatchSelectorOp, MatchValueOpSelector));

const MatchSelectorOpValue: Expr = rule('"match"', () => action(seq(
  Selector,
  choice(opValue('==', symbol(opt(_), '==', opt(_))), opValue('!=', symbol(opt(_), '!=', opt(_))), opValue('in', keywords('contains')),
    opValue('not in', keywords('not', 'contains')), opValue('matches', keywords('matches')), opValue('not matches', keywords('not', 'matches'))),
  Value,
), ([selector, operator, value], text) => match(selector, operator, value, text)));

const MatchSelectorOp: Expr = rule('"match"', () => action(seq(
  Selector,
  choice(opValue('is empty', trailing('is', 'empty')), opValue('is not empty', trailing('is', 'not', 'empty')),
    opValue('is nil', trailing('is', 'nil')), opValue('is not nil', trailing('is', 'not', 'nil'))),
), ([selector, operator], text) => match(selector, operator, undefined, text)));

const MatchValueOpSelector: Expr = rule('"match"', () => choice(
  action(seq(Value, choice(opValue('in', keywords('in')), opValue('not in', keywords('not', 'in'))), Selector),
    ([value, operator, selector], text) => match(selector, operator, value, text)),
  seq(Value, choice(keywords('in'), keywords('not', 'in')), not(Selector), raise('Invalid selector')),
));

const Selector: Expr = rule('"selector"', () => choice(
  action(seq(Identifier, star(SelectorOrIndex)), (path): BexprSelector => ({ type: 'bexpr', path: path as string[] })),
  action(seq(lit('"'), star(JsonPointerSegment), lit('"')),
    (segments): BexprSelector => ({ type: 'jsonPointer', path: jsonPointerPath(segments as string[]) })),
));

const JsonPointerSegment: Expr = rule('JsonPointerSegment', () => action(
  seq(lit('/'), plus(cls('[\\pL\\pN-_.~:|]', /[\p{L}\p{N}\-_.~:|]/u))), (_values, text) => text.slice(1)));

const Identifier: Expr = rule('Identifier', () => action(
  seq(cls('[a-zA-Z]', /[a-zA-Z]/), star(cls('[a-zA-Z0-9_/]', /[a-zA-Z0-9_/]/))), (_values, text) => text));

const SelectorOrIndex: Expr = rule('SelectorOrIndex', () => choice(
  seq(lit('.'), Identifier),
  IndexExpression,
  action(seq(lit('.'), plus(cls('[0-9]', /[0-9]/))), (_values, text) => text.slice(1)),
));

const IndexExpression: Expr = rule('"index"', () => choice(
  seq(lit('['), opt(_), StringLiteral, opt(_), lit(']')),
  seq(lit('['), opt(_), not(StringLiteral), raise('Invalid index')),
  seq(lit('['), opt(_), StringLiteral, opt(_), not(lit(']')), raise('Unclosed index expression')),
));

const Value: Expr = rule('"value"', () => choice(
  action(Selector, ([selector]): MatchValue => ({ raw: selectorString(selector as BexprSelector), syntax: 'selector' })),
  action(NumberLiteral, (_values, raw): MatchValue => ({ raw, syntax: 'number' })),
  action(StringLiteral, ([raw]): MatchValue => ({ raw: raw as string, syntax: 'string' })),
));

const NumberLiteral: Expr = rule('"number"', () => choice(
  seq(opt(lit('-')), IntegerOrFloat, and(AfterNumbers)),
  seq(opt(lit('-')), IntegerOrFloat, not(AfterNumbers), raise('Invalid number literal')),
));

const AfterNumbers: Expr = rule('AfterNumbers', () => and(choice(_, EOF, lit(')'))));

const IntegerOrFloat: Expr = rule('IntegerOrFloat', () => seq(
  choice(lit('0'), seq(cls('[1-9]', /[1-9]/), star(cls('[0-9]', /[0-9]/)))),
  opt(seq(lit('.'), plus(cls('[0-9]', /[0-9]/)))),
));

const RawStringChar: Expr = rule('RawStringChar', () => seq(not(lit('`')), anyChar));
const DoubleStringChar: Expr = rule('DoubleStringChar', () => seq(not(lit('"')), anyChar));

const StringLiteral: Expr = rule('"string"', () => choice(
  action(check(choice(seq(lit('`'), star(RawStringChar), lit('`')), seq(lit('"'), star(DoubleStringChar), lit('"'))), goUnquoteProblem),
    // An invalid literal has raised its error already (the parse fails); its value is unused.
    (_values, text) => (goUnquoteProblem(text) === undefined ? goUnquote(text) : text)),
  seq(choice(seq(lit('`'), star(RawStringChar)), seq(lit('"'), star(DoubleStringChar))), EOF, raise('Unterminated string literal')),
));

function binary(kind: 'and' | 'or'): (values: unknown[]) => BexprExpression {
  return ([left, right]) => ({ kind, left: left as BexprExpression, right: right as BexprExpression });
}

/** go-bexpr's MatchValue: the raw text, and (for the review) how it was written. */
interface MatchValue {
  readonly raw: string;
  readonly syntax: NonNullable<BexprMatch['valueSyntax']>;
}

function match(selector: unknown, operator: unknown, value: unknown, text: string): BexprMatch {
  const base = { kind: 'match', selector: selector as BexprSelector, operator: operator as BexprMatchOperator, text } as const;
  if (value === undefined) return base;
  const { raw, syntax } = value as MatchValue;
  return { ...base, value: raw, valueSyntax: syntax };
}

/** An operator's syntax, valued as the operator go-bexpr stores (`contains` is `in`). */
function opValue(value: BexprMatchOperator, syntax: Expr): Expr {
  return action(syntax, () => value);
}

/** `_? "==" _?` and friends. */
function symbol(before: Expr, text: string, after: Expr): Expr {
  return seq(before, lit(text), after);
}

/** `_ "not" _ "in" _`: keywords surrounded by mandatory whitespace. */
function keywords(...words: string[]): Expr {
  return seq(...words.flatMap((word) => [_, lit(word)]), _);
}

/** `_ "is" _ "empty"`: keywords preceded by whitespace, nothing after the last. */
function trailing(...words: string[]): Expr {
  return seq(...words.flatMap((word) => [_, lit(word)]));
}

/**
 * Most binding-rule selectors are one comparison, `"team" in list.groups` or
 * `value.email == "a@example.com"`. Those are accepted without running the parser: the pattern
 * matches only a strict subset of the grammar above (plain identifiers, double-quoted strings
 * with no escapes or control characters, which Go unquotes unchanged).
 */
const SINGLE_COMPARISON = (() => {
  const space = '[ \\t\\r\\n]';
  const identifier = '[a-zA-Z][a-zA-Z0-9_/]*';
  const selector = `${identifier}(?:\\.${identifier})*`;
  const string = '"[^"\\\\\\x00-\\x1f\\ud800-\\udfff]*"';
  const inList = `${string}${space}+(?:not${space}+)?in${space}+${selector}`;
  const equals = `${selector}${space}*(?:==|!=)${space}*${string}`;
  return new RegExp(`^${space}*(?:${inList}|${equals})${space}*$`);
})();

/**
 * Checks a Go selector expression the way Nomad does (ACLBindingRule.Validate runs
 * bexpr.CreateEvaluator). The empty string is accepted: Nomad skips validation for it and
 * treats it as a catch-all rule.
 */
export function checkSelector(selector: string): SelectorCheck {
  if (selector === '' || isSingleComparison(selector)) {
    return { ok: true };
  }
  return parseSelector(selector);
}

/** Whether the selector is one plain comparison (accepted without the parser). */
export function isSingleComparison(selector: string): boolean {
  return SINGLE_COMPARISON.test(selector);
}

/** The full go-bexpr grammar check, with no shortcut. */
export function parseSelector(selector: string): SelectorCheck {
  const parsed = parseBexpr(selector);
  return parsed.ok ? { ok: true } : parsed;
}

/** Parses a selector as go-bexpr does (the empty selector, which Nomad never parses, is invalid here). */
export function parseBexpr(selector: string): BexprParse {
  const state = new PegState(selector);
  const matched = Input(state);
  if (matched && state.errors.length === 0) {
    return { ok: true, ast: state.values[0] as BexprExpression };
  }
  return state.errors.length > 0 ? raisedFailure(state) : noMatchFailure(state);
}

function raisedFailure(state: PegState): SelectorFailure {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const error of state.errors) {
    const at = position(state.chars, error.index);
    const line = `${at.line}:${at.column} (${at.offset}): rule ${error.rule}: ${error.message}`;
    if (!seen.has(line)) {
      seen.add(line);
      lines.push(line);
    }
  }
  const first = state.errors[0]!;
  const at = position(state.chars, first.index);
  return {
    ok: false,
    bexprError: lines.join('\n'),
    error: `${where(at.line, at.column)}: ${humanMessage(first.message)}`,
    line: at.line,
    column: at.column,
  };
}

function noMatchFailure(state: PegState): SelectorFailure {
  const at = position(state.chars, state.maxFailPos);
  const unique = new Set(state.expected);
  const eof = unique.delete('!.');
  const wanted = [...unique].sort();
  const bexprList = eof ? [...wanted, 'EOF'] : wanted;
  const readable = [...new Set(bexprList.map(readableWant))];
  return {
    ok: false,
    bexprError: `${at.line}:${at.column} (${at.offset}): no match found, expected: ${listJoin(bexprList)}`,
    error: `${where(at.line, at.column)}: unexpected ${found(state.chars, state.maxFailPos)}, expected ${listJoin(readable)}`,
    line: at.line,
    column: at.column,
  };
}

function where(line: number, column: number): string {
  return line === 1 ? `column ${column}` : `line ${line}, column ${column}`;
}

/** go's "a, b or c". */
function listJoin(items: readonly string[]): string {
  if (items.length <= 1) {
    return items.join('');
  }
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

const READABLE_WANTS: Readonly<Record<string, string>> = {
  '[ \\t\\r\\n]': 'whitespace',
  '[a-zA-Z]': 'a letter',
  '[a-zA-Z0-9_/]': 'a letter, digit, "_" or "/"',
  '[0-9]': 'a digit',
  '[1-9]': 'a digit',
  '[\\pL\\pN-_.~:|]': 'a JSON pointer character',
  'EOF': 'end of expression',
};

function readableWant(want: string): string {
  return READABLE_WANTS[want] ?? want;
}

function found(chars: readonly string[], index: number): string {
  if (index >= chars.length) {
    return 'end of expression';
  }
  const rest = chars.slice(index).join('');
  const token = /^[^\s()]+/.exec(rest)?.[0] ?? rest[0] ?? '';
  return JSON.stringify(token.length > 24 ? `${token.slice(0, 24)}…` : token);
}

const HUMAN_MESSAGES: Readonly<Record<string, string>> = {
  'Unmatched parentheses': 'unmatched parenthesis: "(" is never closed',
  'Invalid selector': 'expected a selector (such as list.groups) after "in" / "not in"',
  'Invalid index': 'an index must be a quoted string, as in foo["key"]',
  'Unclosed index expression': 'index expression is not closed with "]"',
  'Invalid number literal': 'invalid number literal',
  'Unterminated string literal': 'string literal is not terminated',
  'invalid syntax': 'invalid string literal (bad escape sequence or line break inside "...")',
};

function humanMessage(message: string): string {
  return HUMAN_MESSAGES[message] ?? message;
}

/** Go's strconv.Unquote acceptance, which go-bexpr applies to every string literal. */
function goUnquoteProblem(literal: string): string | undefined {
  if (literal.startsWith('`')) {
    return undefined;
  }
  const body = literal.slice(1, -1);
  let i = 0;
  while (i < body.length) {
    const char = body[i]!;
    if (char === '\n') {
      return 'invalid syntax';
    }
    if (char !== '\\') {
      i++;
      continue;
    }
    const length = escapeLength(body, i);
    if (length === 0) {
      return 'invalid syntax';
    }
    i += length;
  }
  return undefined;
}

/** Length of the valid Go escape at `at` (starting with the backslash), or 0 when invalid in "...". */
function escapeLength(body: string, at: number): number {
  const kind = body[at + 1] ?? '';
  if ('abfnrtv\\"'.includes(kind) && kind !== '') {
    return 2;
  }
  if (/[0-7]/.test(kind)) {
    const digits = body.slice(at + 1, at + 4);
    return /^[0-7]{3}$/.test(digits) && parseInt(digits, 8) <= 255 ? 4 : 0;
  }
  const hexDigits: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };
  const count = hexDigits[kind];
  if (count === undefined) {
    return 0;
  }
  const hex = body.slice(at + 2, at + 2 + count);
  if (!new RegExp(`^[0-9a-fA-F]{${count}}$`).test(hex)) {
    return 0;
  }
  const value = parseInt(hex, 16);
  const validRune = kind === 'x' || (value <= 0x10ffff && (value < 0xd800 || value > 0xdfff));
  return validRune ? 2 + count : 0;
}
