import { errorOf, NUMBERS_STATE_JSON, NUMBERS_STATE_VALUE, SHAPES_INPUT_JSON, SHAPES_TYPE, SHAPES_VALUE, TERRAFORM_DATA } from './fixtures';
import { decodeJsonValue, encodeJsonValue } from '../../../src/provider/cty/json';
import { BOOL, CtyType, DYNAMIC, NUMBER, STRING, list, map, object, set, tuple } from '../../../src/provider/cty/types';
import { CtyValue, Decimal, Dynamic, UNKNOWN } from '../../../src/provider/cty/values';

describe('JSON Terraform 1.11.4 wrote (terraform_data state, see fixtures.ts)', () => {
  test('decodes big integers, uint64 max, 0.1 and a long decimal without loss', () => {
    expect(decodeJsonValue(NUMBERS_STATE_JSON, TERRAFORM_DATA)).toStrictEqual(NUMBERS_STATE_VALUE);
  });

  test('encodes the same value back to the same text', () => {
    expect(encodeJsonValue(NUMBERS_STATE_VALUE, TERRAFORM_DATA)).toBe(NUMBERS_STATE_JSON);
  });

  test('maps, sets, escapes (<, >, &, U+2028 as Go writes them) and decimals round-trip exactly', () => {
    const value = new Dynamic(SHAPES_TYPE, SHAPES_VALUE);
    expect(decodeJsonValue(SHAPES_INPUT_JSON, DYNAMIC)).toStrictEqual(value);
    expect(encodeJsonValue(value, DYNAMIC)).toBe(SHAPES_INPUT_JSON);
  });

  test('accepts the indented form of the state file and UTF-8 bytes', () => {
    const indented = JSON.stringify(JSON.parse(SHAPES_INPUT_JSON), null, 2); // no big numbers in this one
    expect(decodeJsonValue(Buffer.from(indented), DYNAMIC)).toStrictEqual(new Dynamic(SHAPES_TYPE, SHAPES_VALUE));
  });
});

describe('numbers keep every digit', () => {
  test.each<[string, CtyValue]>([
    ['9007199254740993', 9007199254740993n],
    ['-9223372036854775809', -9223372036854775809n],
    ['18446744073709551615', 18446744073709551615n],
    ['0.1', new Decimal('0.1')],
    ['123456789012345678901234567890.5', new Decimal('123456789012345678901234567890.5')],
    ['1e400', 10n ** 400n],
    ['2.5E-1', 0.25],
    ['-0', 0],
    ['42', 42],
  ])('%s', (text, expected) => {
    expect(decodeJsonValue(text, NUMBER)).toStrictEqual(expected);
  });

  test.each<[CtyValue, string]>([
    [0.1, '0.1'],
    [1e21, '1000000000000000000000'],
    [1e-7, '0.0000001'],
    [-2.5, '-2.5'],
    [2 ** 70, '1180591620717411303424'],
    [new Decimal('1.50e3'), '1500'],
    [18446744073709551615n, '18446744073709551615'],
  ])('%p is written as cty writes it: %s', (value, text) => {
    expect(encodeJsonValue(value, NUMBER)).toBe(text);
  });
});

describe('prior state from an older schema', () => {
  const current = object({ name: STRING, port: NUMBER, labels: map(STRING), rules: list(object({ name: STRING, action: STRING })) });

  test('attributes absent from the JSON become null, at every level', () => {
    expect(decodeJsonValue('{"name":"web","rules":[{"name":"r1"}]}', current)).toStrictEqual({
      name: 'web', rules: [{ name: 'r1', action: null }], port: null, labels: null,
    });
  });

  test('an attribute the current type lacks is an error naming it', () => {
    const error = errorOf(() => decodeJsonValue('{"name":"web","rules":[{"name":"r1","legacy_id":7}]}', current));
    expect(error.message).toBe('.rules[0]: unsupported attribute "legacy_id"');
  });

  test('unless asked to drop such attributes', () => {
    const json = '{"name":"web","old":{"deep":[1,2]},"rules":[{"name":"r1","legacy_id":7}]}';
    expect(decodeJsonValue(json, current, { ignoreUnknownAttributes: true })).toStrictEqual({
      name: 'web', rules: [{ name: 'r1', action: null }], port: null, labels: null,
    });
  });

  test('primitives convert as cty/json converts them (a type changed between schema versions)', () => {
    const type = object({ a: NUMBER, b: STRING, c: STRING, d: BOOL, e: BOOL });
    expect(decodeJsonValue('{"a":"12345678901234567890","b":1.50,"c":true,"d":"true","e":"0"}', type)).toStrictEqual({
      a: 12345678901234567890n, b: '1.50', c: 'true', d: true, e: false,
    });
  });
});

describe('dynamic values', () => {
  test('{"value", "type"} in either order; null; a typed null', () => {
    const type = object({ a: DYNAMIC, b: DYNAMIC, c: DYNAMIC });
    const json = '{"a":{"type":["list","number"],"value":[1,0.5]},"b":null,"c":{"value":null,"type":"string"}}';
    const value = { a: new Dynamic(list(NUMBER), [1, 0.5]), b: null, c: new Dynamic(STRING, null) };
    expect(decodeJsonValue(json, type)).toStrictEqual(value);
    expect(encodeJsonValue(value, type)).toBe('{"a":{"value":[1,0.5],"type":["list","number"]},"b":null,"c":{"value":null,"type":"string"}}');
  });

  test.each([
    ['"x"', 'expected a {"value", "type"} object for a dynamic value, got string'],
    ['{"value":1}', 'missing type in dynamically-typed value'],
    ['{"type":"number"}', 'missing value in dynamically-typed value'],
    ['{"type":"number","value":1,"extra":2}', 'invalid key "extra" in dynamically-typed value'],
    ['{"type":"numbr","value":1}', 'invalid type "numbr"'],
  ])('rejects %s', (json, message) => {
    expect(errorOf(() => decodeJsonValue(json, DYNAMIC)).message).toBe(message);
  });
});

describe('shapes', () => {
  test.each<[string, CtyType, CtyValue, string]>([
    ['set', set(STRING), ['b', 'a'], '["b","a"]'],
    ['tuple', tuple([STRING, NUMBER, BOOL]), ['x', 1, false], '["x",1,false]'],
    ['map, keys sorted bytewise', map(NUMBER), { b: 1, a: 2, 10: 3, 9: 4 }, '{"10":3,"9":4,"a":2,"b":1}'],
    ['object, attributes sorted, absent ones null', object({ z: STRING, a: list(STRING) }), { z: 'q' }, '{"a":null,"z":"q"}'],
    ['control characters as Go escapes them', STRING, '\u0000\b\f\n\r\t\u001f\u2029', '"\\u0000\\b\\f\\n\\r\\t\\u001f\\u2029"'],
    ['a lone surrogate becomes U+FFFD, as Go writes invalid UTF-8', STRING, 'a\ud800b😀', '"a\ufffdb😀"'],
  ])('%s', (_name, type, value, json) => {
    expect(encodeJsonValue(value, type)).toBe(json);
  });

  test('decodes escapes, including surrogate pairs', () => {
    expect(decodeJsonValue('"\\u003c\\ud83d\\ude00\\n\\/"', STRING)).toBe('<😀\n/');
  });

  test('one number anywhere in a document of strings is kept exact (JSON.parse would round it)', () => {
    const type = object({ name: STRING, tags: map(STRING), big: NUMBER });
    expect(decodeJsonValue('{"name":"a\\"b","tags":{"__proto__":"x"},"big":9007199254740993}', type))
      .toStrictEqual(decodeJsonValue('{"big":9007199254740993,"name":"a\\"b","tags":{"__proto__":"x"}}', type));
    expect(encodeJsonValue(decodeJsonValue('{"name":"","tags":null,"big":9007199254740993}', type), type)).toBe('{"big":9007199254740993,"name":"","tags":null}');
  });

  test('a map key named __proto__ is data', () => {
    const value = decodeJsonValue('{"__proto__":"x"}', map(STRING)) as Record<string, CtyValue>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toStrictEqual(['__proto__']);
    expect(encodeJsonValue(value, map(STRING))).toBe('{"__proto__":"x"}');
  });
});

describe('errors', () => {
  const type = object({ rules: list(object({ name: STRING, ports: map(NUMBER) })) });

  test.each([
    ['{"rules":[{"name":"a"},{"name":"b"},{"name":[]}]}', '.rules[2].name: expected string, got array'],
    ['{"rules":[{"name":"a","ports":{"https":"x"}}]}', '.rules[0].ports["https"]: expected number, got string "x"'],
    ['{"rules":{}}', '.rules: expected list, got object'],
    ['{"rules":[', 'invalid JSON at offset 10: unexpected end of input'],
    ['{"rules":[]} x', 'invalid JSON at offset 13: unexpected data after the value'],
    ['{"rules":[01]}', 'invalid JSON at offset 11: expected "," or "]"'],
    ['{"rules":["\u0001"]}', 'invalid JSON at offset 11: control character in string'],
  ])('decoding %s', (json, message) => {
    expect(errorOf(() => decodeJsonValue(json, type)).message).toBe(message);
  });

  test('unknown values have no JSON form', () => {
    expect(errorOf(() => encodeJsonValue({ rules: [{ name: UNKNOWN }] }, type)).message)
      .toBe('.rules[0].name: value is not known; JSON cannot hold unknown values');
  });

  test('neither has infinity', () => {
    expect(errorOf(() => encodeJsonValue(Infinity, NUMBER)).message).toBe('cannot serialize infinity as JSON');
  });

  test('an attribute the type lacks is refused when encoding', () => {
    expect(errorOf(() => encodeJsonValue({ rules: [], extra: 1 }, type)).message).toBe('unsupported attribute "extra"');
  });
});
