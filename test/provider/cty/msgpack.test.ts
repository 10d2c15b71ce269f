import { Encoder } from '@msgpack/msgpack';
import { errorOf, fromHex, NUMBERS_PLANNED_HEX, NUMBERS_PLANNED_VALUE, PREFIX_PLANNED_HEX, PREFIX_PLANNED_VALUE, SHAPES_PLANNED_HEX, SHAPES_PLANNED_VALUE, TERRAFORM_DATA, toHex } from './fixtures';
import { decodeValue, encodeValue } from '../../../src/provider/cty/msgpack';
import { BOOL, CtyType, DYNAMIC, NUMBER, STRING, list, map, object, set, tuple } from '../../../src/provider/cty/types';
import { CtyValue, Decimal, Dynamic, UNKNOWN, Unknown } from '../../../src/provider/cty/values';

function expectBytes(value: CtyValue, type: CtyType, hex: string): void {
  expect(toHex(encodeValue(value, type))).toBe(hex);
  expect(decodeValue(fromHex(hex), type)).toStrictEqual(value);
}

function roundTrip(value: CtyValue, type: CtyType): CtyValue {
  return decodeValue(encodeValue(value, type), type);
}

describe('bytes Terraform 1.11.4 wrote (plan files of terraform_data, see fixtures.ts)', () => {
  test.each([
    ['numbers of every encoding, a tuple, a null dynamic attribute', NUMBERS_PLANNED_HEX, NUMBERS_PLANNED_VALUE],
    ['sorted map keys, a set, a list of objects, every int width, escapes-free strings', SHAPES_PLANNED_HEX, SHAPES_PLANNED_VALUE],
    ['a refined unknown string with a prefix inside a dynamic value', PREFIX_PLANNED_HEX, PREFIX_PLANNED_VALUE],
  ])('%s: decodes to the exact value and encodes back to the same bytes', (_name, hex, value) => {
    expectBytes(value, TERRAFORM_DATA, hex);
  });

  test('decodes from a Buffer (as gRPC hands it over) and keeps refinements as copies', () => {
    const buffer = Buffer.from(PREFIX_PLANNED_HEX, 'hex');
    const decoded = decodeValue(buffer, TERRAFORM_DATA) as { input: Dynamic };
    buffer.fill(0);
    expect((decoded.input.value as Unknown).refinements).toStrictEqual(fromHex('8201c202a77072656669782d'));
  });
});

// Fixtures from hashicorp/terraform-plugin-go tftypes/value_msgpack_test.go (TestValueFromMsgPack,
// TestMarshalMsgPack), whose encoder mirrors go-cty cty/msgpack byte for byte.
describe('bytes from terraform-plugin-go tftypes fixtures', () => {
  const greeting = object({ greeting: STRING });
  test.each<[string, CtyType, CtyValue, string]>([
    ['hello-string', STRING, 'hello', 'a568656c6c6f'],
    ['empty-string', STRING, '', 'a0'],
    ['null-string', STRING, null, 'c0'],
    ['unknown-string', STRING, UNKNOWN, 'd40000'],
    ['true-bool', BOOL, true, 'c3'],
    ['false-bool', BOOL, false, 'c2'],
    ['int-number', NUMBER, 1, '01'],
    ['int64-positive-number', NUMBER, 9223372036854775807n, 'cf7fffffffffffffff'],
    ['int64-negative-number', NUMBER, -9223372036854775808n, 'd38000000000000000'],
    ['uint64-number (beyond int64: decimal text)', NUMBER, 18446744073709551615n, 'b43138343436373434303733373039353531363135'],
    ['float-number', NUMBER, 1.5, 'cb3ff8000000000000'],
    ['float64 smallest', NUMBER, Number.MIN_VALUE, 'cb0000000000000001'],
    ['big-number', NUMBER, 10n ** 100n - 1n, `d964${'39'.repeat(100)}`],
    ['awkward-fraction-number', NUMBER, new Decimal('0.8'), 'a3302e38'],
    ['positive-infinity-number', NUMBER, Infinity, 'cb7ff0000000000000'],
    ['negative-infinity-number', NUMBER, -Infinity, 'cbfff0000000000000'],
    ['dynamic-bool', DYNAMIC, new Dynamic(BOOL, true), '92c40622626f6f6c22c3'],
    ['dynamic-list', DYNAMIC, new Dynamic(list(STRING), ['hello']), '92c4115b226c697374222c22737472696e67225d91a568656c6c6f'],
    ['dynamic-map', DYNAMIC, new Dynamic(map(STRING), { hello: 'hello' }), '92c4105b226d6170222c22737472696e67225d81a568656c6c6fa568656c6c6f'],
    ['dynamic-number', DYNAMIC, new Dynamic(NUMBER, 1), '92c408226e756d6265722201'],
    ['dynamic-set', DYNAMIC, new Dynamic(set(STRING), ['hello']), '92c4105b22736574222c22737472696e67225d91a568656c6c6f'],
    ['dynamic-string', DYNAMIC, new Dynamic(STRING, 'hello'), '92c40822737472696e6722a568656c6c6f'],
    ['string-dynamic-null', DYNAMIC, new Dynamic(STRING, null), '92c40822737472696e6722c0'],
    ['dynamic-null', DYNAMIC, null, 'c0'],
    ['dynamic-unknown', DYNAMIC, UNKNOWN, 'd40000'],
    ['object-dynamic', object({ greeting: DYNAMIC }), { greeting: new Dynamic(STRING, 'hello') }, '81a86772656574696e6792c40822737472696e6722a568656c6c6f'],
    ['object-dynamic-null', object({ a: DYNAMIC }), { a: null }, '81a161c0'],
    ['list-dynamic', list(DYNAMIC), [new Dynamic(STRING, 'hello')], '9192c40822737472696e6722a568656c6c6f'],
    ['dynamic-list-string-null', list(DYNAMIC), [new Dynamic(STRING, null)], '9192c40822737472696e6722c0'],
    ['dynamic-list-unknown', list(DYNAMIC), [UNKNOWN], '91d40000'],
    ['tuple-dynamic', tuple([DYNAMIC, DYNAMIC]), [new Dynamic(STRING, 'hello'), new Dynamic(STRING, 'world')],
      '9292c40822737472696e6722a568656c6c6f92c40822737472696e6722a5776f726c64'],
    ['list-string-hello', list(STRING), ['hello'], '91a568656c6c6f'],
    ['list-string-unknown', list(STRING), [UNKNOWN], '91d40000'],
    ['list-string-null-string', list(STRING), [null], '91c0'],
    ['list-string-null', list(STRING), null, 'c0'],
    ['list-string-empty', list(STRING), [], '90'],
    ['set-string-unknown', set(STRING), [UNKNOWN], '91d40000'],
    ['map-string-hello', map(STRING), { greeting: 'hello' }, '81a86772656574696e67a568656c6c6f'],
    ['map-string-unknown', map(STRING), { greeting: UNKNOWN }, '81a86772656574696e67d40000'],
    ['map-string-empty', map(STRING), {}, '80'],
    ['tuple-string-null', tuple([STRING]), [null], '91c0'],
    ['tuple-empty', tuple([]), [], '90'],
    ['object-string-hello', greeting, { greeting: 'hello' }, '81a86772656574696e67a568656c6c6f'],
    ['object-string-unknown', greeting, { greeting: UNKNOWN }, '81a86772656574696e67d40000'],
    ['object-string-multi-null', object({ a: STRING, b: STRING }), { a: null, b: null }, '82a161c0a162c0'],
    ['object-string-multi-unknown', object({ b: STRING, a: STRING }), { a: UNKNOWN, b: UNKNOWN }, '82a161d40000a162d40000'],
    ['object-empty', object({}), {}, '80'],
    ['unknown-bool-with-nullness-refinement', BOOL, new Unknown(fromHex('8101c2')), 'c7030c8101c2'],
    ['unknown-string-with-prefix-refinement', STRING, new Unknown(fromHex('8201c202a97072656669783a2f2f')), 'c70e0c8201c202a97072656669783a2f2f'],
    ['unknown-number-with-bound-refinements', NUMBER, new Unknown(fromHex('8301c2039201c3049205c3')), 'c70b0c8301c2039201c3049205c3'],
    ['unknown-list-with-bound-refinements', list(STRING), new Unknown(fromHex('8301c205010605')), 'c7070c8301c205010605'],
  ])('%s', (_name, type, value, hex) => {
    expectBytes(value, type, hex);
  });

  test('an unknown of dynamic type drops refinements, as cty does (unknown-dynamic-refinements-ignored)', () => {
    expect(toHex(encodeValue(new Unknown(fromHex('8101c2')), DYNAMIC))).toBe('d40000');
    expect(decodeValue(fromHex('c7030c8101c2'), DYNAMIC)).toStrictEqual(UNKNOWN);
  });
});

describe('numbers: the form cty writes, decoded without loss', () => {
  // Derived from go-cty cty/msgpack/marshal.go: an int64 integer is a compact msgpack int
  // (vmihailenco EncodeInt: non-negative as uint), an exact non-integer double is float64,
  // anything else its decimal text (big.Float.Text('f', -1)).
  test.each<[string, CtyValue, string, CtyValue?]>([
    ['small int', 7, '07'],
    ['negative int', -5, 'fb'],
    ['int8', -100, 'd09c'],
    ['uint8', 255, 'ccff'],
    ['uint32 upper bound', 4294967295, 'ceffffffff'],
    ['int32 lower bound', -2147483648, 'd280000000'],
    ['2^32 as uint64', 4294967296, 'cf0000000100000000'],
    ['2^53 + 1', 9007199254740993n, 'cf0020000000000001'],
    ['int64 max', 9223372036854775807n, 'cf7fffffffffffffff'],
    ['int64 min', -9223372036854775808n, 'd38000000000000000'],
    ['uint64 max: beyond int64, so decimal text', 18446744073709551615n, 'b43138343436373434303733373039353531363135'],
    ['2^64: beyond int64 though a double holds it', 18446744073709551616n, 'b43138343436373434303733373039353531363136'],
    ['-2^63 - 1', -9223372036854775809n, 'b42d39323233333732303336383534373735383039'],
    ['float', 0.25, 'cb3fd0000000000000'],
    ['0.1 as a decimal: not a double, so text', new Decimal('0.1'), 'a3302e31'],
    ['a long decimal', new Decimal('123456789012345678901234567890.5'), 'd9203132333435363738393031323334353637383930313233343536373839302e35'],
    ['the double 0.1 (not the decimal) is float64', 0.1, 'cb3fb999999999999a'],
    ['negative zero is the integer 0', -0, '00', 0],
    ['a JS number beyond 2^53 is written exactly', 2 ** 70, 'b631313830353931363230373137343131333033343234', 1180591620717411303424n],
    ['a Decimal holding an integer is an int', new Decimal('42.000'), '2a', 42],
    ['a Decimal a double holds exactly is float64', new Decimal('5e-1'), 'cb3fe0000000000000', 0.5],
    ['a small bigint is a compact int', 300n, 'cd012c', 300],
    ['a Decimal in exponent form is written without exponent', new Decimal('1E-7'), 'a9302e30303030303031', new Decimal('0.0000001')],
  ])('%s', (_name, value, hex, decoded = value) => {
    expect(toHex(encodeValue(value, NUMBER))).toBe(hex);
    expect(decodeValue(fromHex(hex), NUMBER)).toStrictEqual(decoded);
  });

  test.each<[string, string, CtyValue]>([
    ['uint64 form of a small number', 'cf0000000000000005', 5],
    ['int64 form of a small negative number', 'd3fffffffffffffffb', -5],
    ['float64 holding an integer', 'cb4014000000000000', 5],
    ['float64 holding an integer beyond 2^53', 'cb4415af1d78b58c40', 100000000000000000000n],
    ['float32', 'ca3fc00000', 1.5],
    ['decimal text of a small integer', 'a3313233', 123],
    ['decimal text in exponent form', 'a431653230', 100000000000000000000n],
    ['decimal text a double holds', 'a3302e35', 0.5],
    ['decimal text of infinity', 'a3496e66', Infinity],
  ])('decodes %s', (_name, hex, expected) => {
    expect(decodeValue(fromHex(hex), NUMBER)).toStrictEqual(expected);
  });

  test('an integer is never float64, however large (tftypes writes Number.MAX_VALUE as cb7fef..., cty as text)', () => {
    const digits = BigInt(Number.MAX_VALUE).toString();
    const hex = `da0135${Buffer.from(digits).toString('hex')}`;
    expect(digits).toHaveLength(309);
    expect(toHex(encodeValue(Number.MAX_VALUE, NUMBER))).toBe(hex);
    expect(decodeValue(fromHex(hex), NUMBER)).toBe(BigInt(Number.MAX_VALUE));
  });

  test('re-encodes what it decoded as cty would: 0x05 for uint64-form 5, text for a float64 of 1e20', () => {
    expect(toHex(encodeValue(decodeValue(fromHex('cf0000000000000005'), NUMBER), NUMBER))).toBe('05');
    expect(toHex(encodeValue(decodeValue(fromHex('cb4415af1d78b58c40'), NUMBER), NUMBER))).toBe('b5313030303030303030303030303030303030303030');
  });
});

describe('round trips with null and unknown at every level', () => {
  const rule = object({ name: STRING, port: NUMBER, enabled: BOOL, tags: set(STRING) });
  const policy = object({
    name: STRING,
    scope: object({ id: STRING, labels: map(STRING) }),
    rules: list(rule),
    pair: tuple([STRING, NUMBER]),
    extra: DYNAMIC,
  });
  const full: CtyValue = {
    name: 'prod',
    scope: { id: 's-1', labels: { env: 'prod', team: 'sec' } },
    rules: [
      { name: 'web', port: 443, enabled: true, tags: ['a', 'b'] },
      { name: 'db', port: 5432, enabled: false, tags: [] },
    ],
    pair: ['x', 9007199254740993n],
    extra: new Dynamic(object({ n: NUMBER, l: list(STRING) }), { n: new Decimal('0.1'), l: ['q'] }),
  };

  test('a full value', () => {
    expect(roundTrip(full, policy)).toStrictEqual(full);
  });

  test.each<[string, CtyValue]>([
    ['null at the top', null],
    ['unknown at the top', UNKNOWN],
    ['refined unknown at the top', new Unknown(fromHex('8101c2'))],
    ['null and unknown attributes', { ...(full as object), name: null, scope: UNKNOWN, extra: null } as CtyValue],
    ['null and unknown elements', {
      ...(full as object),
      rules: [null, UNKNOWN, { name: UNKNOWN, port: null, enabled: UNKNOWN, tags: [UNKNOWN, 'x'] }],
      pair: [null, UNKNOWN],
      scope: { id: null, labels: { a: null, b: UNKNOWN } },
    } as CtyValue],
    ['a dynamic with an unknown inside', { ...(full as object), extra: new Dynamic(list(STRING), ['a', UNKNOWN]) } as CtyValue],
    ['an unknown dynamic', { ...(full as object), extra: UNKNOWN } as CtyValue],
  ])('%s', (_name, value) => {
    expect(roundTrip(value, policy)).toStrictEqual(value);
  });

  test.each<[string, CtyType, CtyValue]>([
    ['dynamic string', DYNAMIC, new Dynamic(STRING, 'é')],
    ['dynamic number', DYNAMIC, new Dynamic(NUMBER, new Decimal('-0.001'))],
    ['dynamic bool', DYNAMIC, new Dynamic(BOOL, false)],
    ['dynamic tuple', DYNAMIC, new Dynamic(tuple([STRING, BOOL]), ['a', true])],
    ['dynamic object with optional attrs', DYNAMIC, new Dynamic(object({ a: STRING }, ['a']), { a: 'x' })],
    ['dynamic map of dynamic', DYNAMIC, new Dynamic(map(DYNAMIC), { k: new Dynamic(NUMBER, 1) })],
    ['dynamic set of objects', DYNAMIC, new Dynamic(set(object({ id: NUMBER })), [{ id: 1 }, { id: 2 }])],
  ])('%s', (_name, type, value) => {
    expect(roundTrip(value, type)).toStrictEqual(value);
  });

  test('objects get every attribute of the type: absent ones as nil, in sorted order', () => {
    expect(toHex(encodeValue({ b: 'x' }, object({ b: STRING, a: STRING })))).toBe('82a161c0a162a178');
  });

  test('decoding an object missing an attribute yields null for it', () => {
    expect(decodeValue(fromHex('81a162a178'), object({ a: STRING, b: STRING }))).toStrictEqual({ b: 'x', a: null });
  });

  test('attribute and key names that Object.prototype also has are plain data', () => {
    const type = object({ constructor: STRING, toString: map(STRING) });
    const value = { constructor: 'c', toString: { hasOwnProperty: 'h' } };
    expect(roundTrip(value, type)).toStrictEqual(value);
    expect(roundTrip({}, type)).toStrictEqual({ constructor: null, toString: null });
  });

  test('an attribute named __proto__ is data, not a prototype', () => {
    const type = object({ ['__proto__']: STRING });
    const value: CtyValue = {};
    Object.defineProperty(value, '__proto__', { value: 'p', enumerable: true });
    expect(toHex(encodeValue(value, type))).toBe('81a95f5f70726f746f5f5fa170');
  });

  test('strings are written in normal form C, as cty holds them', () => {
    expect(toHex(encodeValue('e\u0301', STRING))).toBe('a2c3a9');
  });

  test('map keys are written in sorted order, whatever the JS property order', () => {
    expect(toHex(encodeValue({ 9: 1, 10: 2, a: 3 }, map(NUMBER)))).toBe('83a2313002a13901a16103');
  });
});

describe('unknowns', () => {
  test('any extension type is an unknown; only type 12 keeps its refinements', () => {
    expect(decodeValue(fromHex('d40500'), STRING)).toStrictEqual(UNKNOWN);
    expect(decodeValue(fromHex('d4ff00'), STRING)).toStrictEqual(UNKNOWN); // type -1 is not a timestamp here
    expect(decodeValue(fromHex('c7030c8101c2'), STRING)).toStrictEqual(new Unknown(fromHex('8101c2')));
    expect(errorOf(() => decodeValue(fromHex('d50c0000'), STRING)).message).toBe('unknown value refinements are not a msgpack map');
  });

  test('an empty refinement body is the plain unknown, both ways', () => {
    expect(decodeValue(fromHex('c7000c'), STRING)).toStrictEqual(UNKNOWN);
    expect(toHex(encodeValue(new Unknown(new Uint8Array()), STRING))).toBe('d40000');
  });

  test('oversize refinements are refused, as cty refuses them', () => {
    const body = new Uint8Array(1025);
    body[0] = 0x81;
    const hex = `c80401 0c ${toHex(body)}`;
    expect(errorOf(() => decodeValue(fromHex(hex), STRING)).message).toBe('oversize unknown value refinement');
  });
});

describe('errors name the path inside the value', () => {
  const type = object({ rules: list(object({ name: STRING, ports: map(NUMBER) })), pair: tuple([STRING, BOOL]), any: DYNAMIC });
  const good = { rules: [{ name: 'a', ports: {} }, { name: 'b', ports: {} }, { name: 'c', ports: {} }], pair: ['x', true], any: null };

  test.each<[string, Record<string, unknown>, string]>([
    ['a wrong kind deep inside', { rules: [good.rules[0], good.rules[1], { name: 5, ports: {} }] }, '.rules[2].name: expected string, got number'],
    ['a map element', { rules: [{ name: 'a', ports: { https: '443' } }] }, '.rules[0].ports["https"]: expected number, got string'],
    ['an attribute the type lacks', { rules: [{ name: 'a', ports: {}, nme: 'typo' }] }, '.rules[0]: unsupported attribute "nme"'],
    ['a tuple of the wrong length', { pair: ['x'] }, '.pair: expected a tuple of 2 elements, got 1'],
    ['a plain value at a dynamic position', { any: 'x' }, '.any: expected Dynamic, got string'],
    ['NaN', { rules: [{ name: 'a', ports: { p: NaN } }] }, '.rules[0].ports["p"]: NaN is not a number cty can hold'],
    ['an invalid Decimal', { rules: [{ name: 'a', ports: { p: new Decimal('1,5') } }] }, '.rules[0].ports["p"]: "1,5" is not a number'],
  ])('encoding: %s', (_name, change, message) => {
    const error = errorOf(() => encodeValue({ ...good, ...change } as CtyValue, type));
    expect(error.message).toBe(message);
  });

  test('the error carries the path as steps for diagnostics', () => {
    const error = errorOf(() => encodeValue({ ...good, rules: [good.rules[0], { name: 1, ports: {} }] } as CtyValue, type));
    expect(error.path).toStrictEqual([{ attribute: 'rules' }, { index: 1 }, { attribute: 'name' }]);
    expect(error.detail).toBe('expected string, got number');
  });

  test.each<[string, string, CtyType, string]>([
    ['a string where a number belongs', '81a161a178', object({ a: NUMBER }), '.a: expected number, got string "x"'],
    ['an attribute not in the type', '82a161c0a17ac0', object({ a: NUMBER }), 'unsupported attribute "z"'],
    ['a list element', '9201a178', list(NUMBER), '[1]: expected number, got string "x"'],
    ['a dynamic value that is not a pair', '81a161c3', object({ a: DYNAMIC }), '.a: a dynamic value must be a [type, value] array'],
    ['a dynamic value with a bad type', '81a16192c40522666f6f22c3', object({ a: DYNAMIC }), '.a: invalid type "foo"'],
    ['truncated bytes', '82a161', object({ a: NUMBER }), 'invalid msgpack: unexpected end of data'],
    ['trailing bytes', 'c0c0', STRING, 'invalid msgpack: Extra 1 of 2 byte(s) found at buffer[1]'],
    ['a non-string map key', '810102', map(NUMBER), 'invalid msgpack: map key 1 is not a string'],
  ])('decoding: %s', (_name, hex, decodeType, message) => {
    expect(errorOf(() => decodeValue(fromHex(hex), decodeType)).message).toBe(message);
  });

  test('a failed decode leaves the shared decoder usable', () => {
    errorOf(() => decodeValue(fromHex('82a161'), object({ a: NUMBER })));
    expect(decodeValue(fromHex('81a16101'), object({ a: NUMBER }))).toStrictEqual({ a: 1 });
  });
});

describe('the msgpack writer against @msgpack/msgpack, which wrote these bytes before it', () => {
  // The reference: the tree the library is handed for the same value (sorted keys, compact ints, float64).
  const reference = new Encoder({ useBigInt64: true, sortKeys: true });
  const sizes = [0, 1, 31, 32, 255, 256, 65535, 65536];
  const strings = sizes.flatMap(n => ['a'.repeat(n), 'é'.repeat(n), `${'a'.repeat(Math.max(0, n - 1))}€`]);
  const integers = [0, 1, 127, 128, 255, 256, 65535, 65536, 2 ** 32 - 1, -1, -32, -33, -128, -129, -32768, -32769, -(2 ** 31)];

  test.each(strings.map(s => [s.length, s]))('a string of %i characters', (_length, value) => {
    expect(toHex(encodeValue(value, STRING))).toBe(toHex(reference.encode(value)));
  });

  test('integers at every boundary of the compact forms, large ones and fractions', () => {
    for (const value of integers) expect(toHex(encodeValue(value, NUMBER))).toBe(toHex(reference.encode(value)));
    for (const value of [2n ** 32n, 2n ** 63n - 1n, -(2n ** 31n) - 1n, -(2n ** 63n)]) {
      expect(toHex(encodeValue(value, NUMBER))).toBe(toHex(reference.encode(value)));
    }
    expect(toHex(encodeValue(0.5, NUMBER))).toBe(toHex(reference.encode(0.5)));
  });

  test('lists, maps and objects of every header size', () => {
    for (const n of [0, 15, 16, 65535, 65536]) {
      const elements = Array.from({ length: n }, (_, i) => `v${i}`);
      expect(toHex(encodeValue(elements, list(STRING)))).toBe(toHex(reference.encode(elements)));
      const entries = Object.fromEntries(elements.map(e => [e, 1]));
      expect(toHex(encodeValue(entries, map(NUMBER)))).toBe(toHex(reference.encode(entries)));
    }
    const value = { zeta: 'z', alpha: [true, false], mid: { b: null, a: 'x' } };
    const type = object({ zeta: STRING, alpha: list(BOOL), mid: object({ a: STRING, b: STRING }) });
    expect(toHex(encodeValue(value, type))).toBe(toHex(reference.encode(value)));
  });
});
