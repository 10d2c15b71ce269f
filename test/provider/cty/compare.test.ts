import { errorOf, fromHex } from './fixtures';
import { canonicalKey, conformValue, impliedType, valuesEqual } from '../../../src/provider/cty/compare';
import { BOOL, CtyType, DYNAMIC, NUMBER, STRING, list, map, object, set, tuple } from '../../../src/provider/cty/types';
import { CtyValue, Decimal, Dynamic, UNKNOWN, Unknown } from '../../../src/provider/cty/values';

describe('valuesEqual', () => {
  test.each<[string, CtyValue, CtyValue, CtyType, boolean]>([
    ['1 == 1n', 1, 1n, NUMBER, true],
    ['1 == Decimal("1")', 1, new Decimal('1'), NUMBER, true],
    ['1n == Decimal("1.000")', 1n, new Decimal('1.000'), NUMBER, true],
    ['2^53+1 as bigint == as decimal text', 9007199254740993n, new Decimal('9007199254740993'), NUMBER, true],
    ['2^53+1 != 2^53', 9007199254740993n, 9007199254740992, NUMBER, false],
    ['0.5 == Decimal("5e-1")', 0.5, new Decimal('5e-1'), NUMBER, true],
    ['the double 0.1 == Decimal("0.1"), as cty says (same JSON text)', 0.1, new Decimal('0.1'), NUMBER, true],
    ['0.1 != 0.10000000000000001 as decimals', new Decimal('0.1'), new Decimal('0.10000000000000001'), NUMBER, false],
    ['a JS integer beyond 2^53 compares exactly', 2 ** 70, 1180591620717411303424n, NUMBER, true],
    ['and not by its shortest digits', 2 ** 70, 1180591620717411300000n, NUMBER, false],
    ['1 != 1.5', 1, 1.5, NUMBER, false],
    ['Infinity == Decimal("Inf")', Infinity, new Decimal('Inf'), NUMBER, true],
    ['strings', 'a', 'a', STRING, true],
    ['different strings', 'a', 'b', STRING, false],
    ['null == null', null, null, STRING, true],
    ['null != ""', null, '', STRING, false],
    ['unknown == unknown', UNKNOWN, new Unknown(), STRING, true],
    ['unknown != refined unknown', UNKNOWN, new Unknown(fromHex('8101c2')), STRING, false],
    ['refined unknowns with the same refinements', new Unknown(fromHex('8101c2')), new Unknown(fromHex('8101c2')), STRING, true],
    ['unknown != a value', UNKNOWN, 'a', STRING, false],
    ['lists in order', ['a', 'b'], ['a', 'b'], list(STRING), true],
    ['lists out of order', ['a', 'b'], ['b', 'a'], list(STRING), false],
    ['sets in any order', ['a', 'b'], ['b', 'a'], set(STRING), true],
    ['sets ignore duplicates', ['a', 'a', 'b'], ['b', 'a'], set(STRING), true],
    ['sets of different elements', ['a', 'c'], ['b', 'a'], set(STRING), false],
    ['sets of numbers by value', [1, 2n], [new Decimal('2'), 1n], set(NUMBER), true],
    ['sets of objects in any order', [{ id: 1, n: 'a' }, { id: 2, n: 'b' }], [{ id: 2, n: 'b' }, { id: 1, n: 'a' }], set(object({ id: NUMBER, n: STRING })), true],
    ['sets of objects differing in one attribute', [{ id: 1, n: 'a' }], [{ id: 1, n: 'b' }], set(object({ id: NUMBER, n: STRING })), false],
    ['maps', { a: 1, b: 2 }, { b: 2n, a: 1 }, map(NUMBER), true],
    ['maps with a missing key', { a: 1, b: 2 }, { a: 1 }, map(NUMBER), false],
    ['maps with an extra key', { a: 1 }, { a: 1, c: 2 }, map(NUMBER), false],
    ['objects: an absent attribute equals null', { a: 'x', b: null }, { a: 'x' }, object({ a: STRING, b: STRING }), true],
    ['objects differing deep inside', { r: [{ p: 1 }] }, { r: [{ p: 2 }] }, object({ r: list(object({ p: NUMBER })) }), false],
    ['tuples', ['a', 1], ['a', 1n], tuple([STRING, NUMBER]), true],
    ['dynamic values of the same type', new Dynamic(NUMBER, 1), new Dynamic(NUMBER, 1n), DYNAMIC, true],
    ['dynamic values of different types', new Dynamic(STRING, '1'), new Dynamic(NUMBER, 1), DYNAMIC, false],
    ['dynamic objects whose type attributes are listed in another order', new Dynamic(object({ a: STRING, b: BOOL }), { a: 'x', b: true }),
      new Dynamic(object({ b: BOOL, a: STRING }), { b: true, a: 'x' }), DYNAMIC, true],
  ])('%s', (_name, a, b, type, expected) => {
    expect(valuesEqual(a, b, type)).toBe(expected);
    expect(valuesEqual(b, a, type)).toBe(expected);
  });

  test('a value that does not fit the type is unequal, not a crash', () => {
    expect(valuesEqual(['a'], 'a', list(STRING))).toBe(false);
    expect(valuesEqual([1], [[]], set(NUMBER))).toBe(false);
  });
});

describe('canonicalKey', () => {
  test('equal values share a key; set order and number form do not matter', () => {
    const type = object({ s: set(NUMBER), m: map(STRING) });
    expect(canonicalKey({ s: [2, 1n], m: { b: 'y', a: 'x' } }, type)).toBe(canonicalKey({ s: [new Decimal('1'), 2], m: { a: 'x', b: 'y' } }, type));
    expect(canonicalKey({ s: [1], m: {} }, type)).not.toBe(canonicalKey({ s: [2], m: {} }, type));
  });
});

describe('conformValue', () => {
  const rule = object({ name: STRING, port: NUMBER, enabled: BOOL });
  const type = object({ id: STRING, rules: list(rule), tags: set(STRING), labels: map(STRING), pair: tuple([STRING, NUMBER]) });

  test('gives objects exactly the type attributes: missing and undefined become null', () => {
    expect(conformValue({ id: 'x', rules: [{ name: 'r', port: 1, enabled: undefined }] }, type)).toStrictEqual({
      id: 'x', rules: [{ name: 'r', port: 1, enabled: null }], tags: null, labels: null, pair: null,
    });
  });

  test('puts numbers in canonical form', () => {
    const numbers = conformValue([5n, 9007199254740993n, new Decimal('2.50'), new Decimal('0.1'), 2 ** 60, -0], list(NUMBER));
    expect(numbers).toStrictEqual([5, 9007199254740993n, 2.5, new Decimal('0.1'), 1152921504606846976n, 0]);
  });

  test('accepts Sets for sets and Maps for maps, and drops duplicate set elements', () => {
    expect(conformValue(new Set(['b', 'a']), set(STRING))).toStrictEqual(['b', 'a']);
    expect(conformValue([1, 1n, new Decimal('1'), 2], set(NUMBER))).toStrictEqual([1, 2]);
    expect(conformValue(new Map([['k', 'v']]), map(STRING))).toStrictEqual({ k: 'v' });
  });

  test('keeps unknowns and returns a new value, leaving the input alone', () => {
    const input = { id: UNKNOWN, rules: [] };
    const out = conformValue(input, type) as Record<string, CtyValue>;
    expect(out.id).toBe(UNKNOWN);
    expect(out).not.toBe(input);
    expect(input).toStrictEqual({ id: UNKNOWN, rules: [] });
  });

  test('gives a plain value at a dynamic position the type cty would imply', () => {
    const value = conformValue({ a: 'x', b: [1, true], c: null }, DYNAMIC);
    expect(value).toStrictEqual(new Dynamic(object({ a: STRING, b: tuple([NUMBER, BOOL]), c: DYNAMIC }), { a: 'x', b: [1, true], c: null }));
    expect(conformValue(new Dynamic(list(NUMBER), [1n]), DYNAMIC)).toStrictEqual(new Dynamic(list(NUMBER), [1]));
    expect(impliedType([])).toStrictEqual(tuple([]));
  });

  test.each<[string, unknown, string]>([
    ['a string where a number belongs', { rules: [{ port: '443' }] }, '.rules[0].port: expected number, got string'],
    ['a number where a string belongs', { rules: [{}, {}, { name: 7 }] }, '.rules[2].name: expected string, got number'],
    ['a string where a bool belongs', { rules: [{ enabled: 'true' }] }, '.rules[0].enabled: expected bool, got string'],
    ['an attribute the type lacks', { rules: [{ nmae: 'x' }] }, '.rules[0]: unsupported attribute "nmae"'],
    ['an object where a list belongs', { rules: { name: 'x' } }, '.rules: expected list, got object'],
    ['a class instance where an object belongs', { rules: [new Date(0)] }, '.rules[0]: expected object, got Date'],
    ['a wrong tuple length', { pair: ['a'] }, '.pair: expected a tuple of 2 elements, got 1'],
    ['a map element of the wrong kind', { labels: { team: false } }, '.labels["team"]: expected string, got boolean'],
    ['NaN', { rules: [{ port: NaN }] }, '.rules[0].port: NaN is not a number cty can hold'],
  ])('names the path of %s', (_name, value, message) => {
    expect(errorOf(() => conformValue(value, type)).message).toBe(message);
  });
});
