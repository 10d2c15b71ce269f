import { checkSelector, isSingleComparison, parseBexpr, parseSelector } from '../../src/nomad/bexpr';

/** Inputs go-bexpr v0.1.16 (the version Nomad vendors) accepts. */
const ACCEPTED: readonly string[] = [
  '"engineering" in list.groups',
  '"project-developer" in list.roles',
  'value.owner == username',
  'value.email == "root@example.com"',
  'value.email matches ".*@example\\\\.com"',
  'value.email not matches `^bot-`',
  '`admin` in list.roles and value.team != "ops"',
  'list.roles contains "admin"',
  'list.roles not contains admin',
  '"x" not in list.groups',
  'list.groups is empty',
  'list.groups is not empty',
  'value.manager is nil',
  'value.manager is not nil',
  'not "contractor" in list.groups',
  'not not value.a == b',
  '(value.a == "1" or value.b == "2") and not (value.c == "3")',
  '((value.a == "1"))',
  '  value.a == 1  ',
  'value.count == -0.5',
  'value.count == 42',
  'value["first-name"] == "Ann"',
  'value.items.0 == x',
  '"/value/first-name" == Ann',
  'value.a==1',
  'foo/bar == 3',
  '"tab\\tand \\u00e9 and \\x41 and \\101" in list.x',
  '`raw \\ backslash` in list.x',
  'any list.groups as g { g == "eng" }',
  'all list.groups as _, g { g != "guest" }',
  'value.a == 1 or all list.g as i, v { v == "x" }',
  '(any list.g as g { g == "a" }) and value.b == 1',
  'and == or',
];

/** Inputs it rejects, with go-bexpr's exact message and the readable one the provider shows. */
const REJECTED: ReadonlyArray<readonly [string, string, string]> = [
  ['value.a ==', '1:11 (10): no match found, expected: "-", "0", "\\"", "`", [ \\t\\r\\n], [1-9] or [a-zA-Z]',
    'column 11: unexpected end of expression, expected "-", "0", "\\"", "`", whitespace, a digit or a letter'],
  ['value.a = "x"', '1:9 (8): no match found, expected: "!=", "==", "contains", "in", "is", "matches", "not" or [ \\t\\r\\n]',
    'column 9: unexpected "=", expected "!=", "==", "contains", "in", "is", "matches", "not" or whitespace'],
  ['project-developer in list.roles', '1:8 (7): no match found, expected: "!=", ".", "==", "[", [ \\t\\r\\n] or [a-zA-Z0-9_/]',
    'column 8: unexpected "-developer", expected "!=", ".", "==", "[", whitespace or a letter, digit, "_" or "/"'],
  ['"engineering" in "list.groups"', '1:18 (17): rule "match": Invalid selector',
    'column 18: expected a selector (such as list.groups) after "in" / "not in"'],
  ['(value.a == 1', '1:14 (13): rule "grouping": Unmatched parentheses',
    'column 14: unmatched parenthesis: "(" is never closed'],
  ['value.a == "open', '1:17 (16): rule "string": Unterminated string literal',
    'column 17: string literal is not terminated'],
  ['value.a == 12abc', '1:14 (13): rule "number": Invalid number literal', 'column 14: invalid number literal'],
  ['value[first] == 1', '1:7 (6): rule "index": Invalid index', 'column 7: an index must be a quoted string, as in foo["key"]'],
  ['value.a == "bad \\q escape"', '1:12 (11): rule "string": invalid syntax',
    'column 12: invalid string literal (bad escape sequence or line break inside "...")'],
  ['value.a == 1 and', '1:17 (16): no match found, expected: [ \\t\\r\\n]', 'column 17: unexpected end of expression, expected whitespace'],
  ['value.a == 1 value.b == 2', '1:14 (13): no match found, expected: "and", "or", [ \\t\\r\\n] or EOF',
    'column 14: unexpected "value.b", expected "and", "or", whitespace or end of expression'],
  ['value.a == 1 and\nvalue.b', '2:8 (24): no match found, expected: "!=", ".", "==", "[", [ \\t\\r\\n] or [a-zA-Z0-9_/]',
    'line 2, column 8: unexpected end of expression, expected "!=", ".", "==", "[", whitespace or a letter, digit, "_" or "/"'],
  ['any list.g as g { g == "a" } and value.b == 1', '1:30 (29): no match found, expected: [ \\t\\r\\n] or EOF',
    'column 30: unexpected "and", expected whitespace or end of expression'],
  [' ', '1:2 (1): no match found, expected: "(", "-", "0", "\\"", "`", "all", "any", "not", [ \\t\\r\\n], [1-9] or [a-zA-Z]',
    'column 2: unexpected end of expression, expected "(", "-", "0", "\\"", "`", "all", "any", "not", whitespace, a digit or a letter'],
];

describe('checkSelector (go-bexpr grammar)', () => {
  test.each(ACCEPTED)('accepts %s', (selector) => {
    expect(checkSelector(selector)).toEqual({ ok: true });
  });

  test.each(REJECTED)('rejects %j', (selector, bexprError, error) => {
    const result = checkSelector(selector);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.bexprError).toBe(bexprError);
      expect(result.error).toBe(error);
    }
  });

  test('the empty selector is a catch-all, as Nomad skips validating it', () => {
    expect(checkSelector('')).toEqual({ ok: true });
  });

  test('reports line and column', () => {
    expect(checkSelector('value.a == 1 and\nvalue.b')).toMatchObject({ ok: false, line: 2, column: 8 });
  });

  // Test vectors of go-bexpr's own grammar_test.go, message for message.
  test.each([
    ['"/hy-phen/under_score/pi|pe/do.t/ti~lde/" == 3', '1:43 (42): no match found, expected: "in", "not" or [ \\t\\r\\n]'],
    ['foo == `12x', '1:12 (11): rule "string": Unterminated string literal'],
    ['x in foo["abc"', '1:15 (14): rule "index": Unclosed index expression'],
    ['foo["abc" == 3', '1:11 (10): rule "index": Unclosed index expression'],
    ['x in 32', '1:6 (5): rule "match": Invalid selector'],
    ['32 == 32', '1:4 (3): no match found, expected: "in", "not" or [ \\t\\r\\n]'],
    ['x in foo or not ', '1:17 (16): no match found, expected: "!=", "(", "-", "0", "==", "\\"", "`", "contains", "in", "is", "matches", "not", [ \\t\\r\\n], [1-9] or [a-zA-Z]'],
    ['all group.tasks as { t.name == "hello" }', '1:20 (19): no match found, expected: "_", [ \\t\\r\\n] or [a-zA-Z]'],
    ['all as t { t.name == "hello" }', '1:8 (7): no match found, expected: "as" or [ \\t\\r\\n]'],
  ])('go-bexpr vector %j', (selector, bexprError) => {
    const result = checkSelector(selector);
    expect(result.ok ? '' : result.bexprError).toBe(bexprError);
  });

  // Without memoisation this would backtrack 2^200 times and never finish.
  test('deeply nested parentheses parse', () => {
    const depth = 200;
    expect(checkSelector(`${'('.repeat(depth)}a == 1${')'.repeat(depth)}`)).toEqual({ ok: true });
    expect(checkSelector(`${'('.repeat(depth)}a == 1${')'.repeat(depth - 1)}`)).toMatchObject({ ok: false, column: 2 * depth + 6 });
  });
});

describe('the single-comparison shortcut accepts only what the full grammar accepts', () => {
  const spaces = ['', ' ', '  ', '\t', '\n '];
  const selectors = ['list.groups', 'value.email', 'a', 'a.b.c', 'in.and', 'x/y.z_1', '1a.b', 'a..b', 'a.', '.a', 'a b'];
  const strings = ['"team"', '""', '"a b"', '"é"', '"a\\nb"', '"a\\"b"', '"unterminated', '`raw`', '"tab\there"'];
  const shapes = (sel: string, str: string, s: string): string[] => [
    `${s}${str} in ${sel}${s}`,
    `${str}${s}in${s}${sel}`,
    `${str} not in ${sel}`,
    `${str} notin ${sel}`,
    `${sel}${s}==${s}${str}`,
    `${s}${sel} != ${str}${s}`,
    `${sel} = ${str}`,
  ];

  test('every input the shortcut takes parses with the full grammar, and the shortcut takes the common forms', () => {
    let shortcut = 0;
    for (const sel of selectors) {
      for (const str of strings) {
        for (const s of spaces) {
          for (const selector of shapes(sel, str, s)) {
            if (!isSingleComparison(selector)) continue;
            shortcut++;
            expect({ selector, result: parseSelector(selector) }).toEqual({ selector, result: { ok: true } });
          }
        }
      }
    }
    expect(shortcut).toBeGreaterThan(100);
    expect(isSingleComparison('"engineering" in list.groups')).toBe(true);
    expect(isSingleComparison('value.email == "root@example.com"')).toBe(true);
  });

  test('what the shortcut refuses still gets the full check and its error', () => {
    expect(isSingleComparison('"a\\"b" in list.x')).toBe(false);
    expect(checkSelector('"a\\"b" in list.x')).toMatchObject({ ok: false });
    expect(checkSelector('"a" in list.x and value.b == "c"')).toEqual({ ok: true });
  });
});

describe('the syntax tree (go-bexpr grammar actions)', () => {
  const tree = (selector: string) => {
    const parsed = parseBexpr(selector);
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.ast;
  };
  /** A comparison whose value (if any) is written as a bare word. */
  const match = (path: string[], operator: string, value: string | undefined, text: string, type = 'bexpr') =>
    ({ kind: 'match', selector: { type, path }, operator, ...(value === undefined ? {} : { value, valueSyntax: 'selector' }), text });

  test('a bare word on the value side is a literal, not a selector read', () => {
    expect(tree('engineering in list.roles')).toEqual(match(['list', 'roles'], 'in', 'engineering', 'engineering in list.roles'));
    expect(tree('value.env == prod.eu')).toEqual(match(['value', 'env'], '==', 'prod.eu', 'value.env == prod.eu'));
    expect(tree('list.groups contains admins')).toEqual(match(['list', 'groups'], 'in', 'admins', 'list.groups contains admins'));
    expect(tree('list.groups not contains admins')).toMatchObject({ operator: 'not in', value: 'admins' });
  });

  test('numbers keep their text; strings are unquoted as Go does', () => {
    expect(tree('value.a == -0.50')).toMatchObject({ value: '-0.50', valueSyntax: 'number' });
    expect(tree('value.a == "x"')).toMatchObject({ value: 'x', valueSyntax: 'string' });
    expect(tree('value.a == "tab\\t\\u00e9\\x41\\101"')).toMatchObject({ value: 'tab\téAA' });
    // No escape lets a " into a double-quoted string: the literal ends at the first one.
    expect(checkSelector('value.a == "a\\"b"').ok).toBe(false);
    expect(tree('value.a == "\\xc3\\xa9"')).toMatchObject({ value: 'é' });
    expect(tree('value.a == `raw \\n\r`')).toMatchObject({ value: 'raw \\n' });
    expect(tree('value.a == "😀"')).toMatchObject({ value: '😀' });
  });

  test('JSON pointers: unescaped as selectors, joined without the leading "/" as values', () => {
    expect(tree('"/value/a~1b~0c" == x')).toEqual(match(['value', 'a/b~c'], '==', 'x', '"/value/a~1b~0c" == x', 'jsonPointer'));
    expect(tree('"/a/b" in list.x')).toMatchObject({ value: 'a/b' });
    expect(tree('value.a == ""')).toMatchObject({ value: '' });
    expect(tree('value.a == "/"')).toMatchObject({ value: '/' });
  });

  test('indexes and numeric parts become path parts', () => {
    expect(tree('list.g["a b"].0 == x')).toMatchObject({ selector: { path: ['list', 'g', 'a b', '0'] } });
    expect(tree('x in foo["y"]')).toMatchObject({ value: 'x', selector: { path: ['foo', 'y'] } });
    expect(tree('foo["y"].z in list.g')).toMatchObject({ value: 'foo.y.z' });
  });

  test('precedence: not over and over or; not not collapses; parentheses group', () => {
    const [a, b, c] = ['value.a == 1', 'value.b == 2', 'value.c == 3'].map(tree);
    expect(tree('value.a == 1 or value.b == 2 and value.c == 3')).toEqual({ kind: 'or', left: a, right: { kind: 'and', left: b, right: c } });
    expect(tree('(value.a == 1 or value.b == 2) and value.c == 3')).toEqual({ kind: 'and', left: { kind: 'or', left: a, right: b }, right: c });
    expect(tree('not value.a == 1 and value.b == 2')).toEqual({ kind: 'and', left: { kind: 'not', operand: a }, right: b });
    expect(tree('not not value.a == 1')).toEqual(a);
    expect(tree('not not not value.a == 1')).toEqual({ kind: 'not', operand: a });
  });

  test('unary operators and collections', () => {
    expect(tree('list.g is not empty')).toEqual(match(['list', 'g'], 'is not empty', undefined, 'list.g is not empty'));
    expect(tree('value.m is nil')).toMatchObject({ operator: 'is nil' });
    expect(tree('any list.g as i, v { v == "x" }')).toMatchObject({
      kind: 'collection', op: 'any', selector: { path: ['list', 'g'] }, binding: { index: 'i', value: 'v' }, inner: { selector: { path: ['v'] } },
    });
    expect(tree('all value as _, v { v != "" }')).toMatchObject({ op: 'all', binding: { value: 'v' } });
    expect(tree('all value as k { k != "" }')).toMatchObject({ binding: { default: 'k' } });
  });
});
