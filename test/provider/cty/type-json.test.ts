import { compareCodePoints, parseTypeJson, typeToCtyJson, typesEqual } from '../../../src/provider/cty/type-json';
import { BOOL, CtyType, DYNAMIC, NUMBER, STRING, list, map, object, set, tuple } from '../../../src/provider/cty/types';

describe('typeToCtyJson: the text cty.Type.MarshalJSON writes', () => {
  test.each<[CtyType, string]>([
    [STRING, '"string"'],
    [DYNAMIC, '"dynamic"'],
    [list(NUMBER), '["list","number"]'],
    [set(map(BOOL)), '["set",["map","bool"]]'],
    [tuple([]), '["tuple",[]]'],
    [tuple([STRING, list(DYNAMIC)]), '["tuple",["string",["list","dynamic"]]]'],
    // Sorted bytewise, as Go sorts map keys: "10" < "9" < "B" < "a", whatever JS property order says.
    [object({ a: STRING, B: NUMBER, 9: BOOL, 10: BOOL }), '["object",{"10":"bool","9":"bool","B":"number","a":"string"}]'],
    [object({}), '["object",{}]'],
    [object({ b: STRING, a: STRING }, ['b', 'a']), '["object",{"a":"string","b":"string"},["a","b"]]'],
    [object({ '<&>': STRING }), '["object",{"\\u003c\\u0026\\u003e":"string"}]'],
  ])('%j', (type, json) => {
    expect(typeToCtyJson(type)).toBe(json);
    expect(typeToCtyJson(parseTypeJson(json))).toBe(json);
  });

  test('types equal whatever their attribute order', () => {
    expect(typesEqual(object({ a: STRING, b: NUMBER }), object({ b: NUMBER, a: STRING }))).toBe(true);
    expect(typesEqual(list(STRING), set(STRING))).toBe(false);
  });
});

describe('parseTypeJson', () => {
  test('reads bytes', () => {
    expect(parseTypeJson(Buffer.from('["map","string"]'))).toStrictEqual(['map', 'string']);
  });

  test.each([
    ['"text"', 'invalid type "text"'],
    ['["list"]', 'invalid type ["list"]'],
    ['["list","string","x"]', 'invalid type ["list","string","x"]'],
    ['["tuple","string"]', 'invalid type ["tuple","string"]'],
    ['["object",[]]', 'invalid type ["object",[]]'],
    ['["object",{},[1]]', 'invalid type ["object",{},[1]]'],
    ['["list",', 'invalid type JSON "[\\"list\\","'],
  ])('rejects %s', (json, message) => {
    expect(() => parseTypeJson(json)).toThrow(message);
  });
});

describe('compareCodePoints', () => {
  test('orders as UTF-8 bytes do, unlike the default sort', () => {
    const names = ['\uffff', '\u{1f600}', 'b', 'a', 'ab'];
    expect([...names].sort(compareCodePoints)).toStrictEqual(['a', 'ab', 'b', '\uffff', '\u{1f600}']);
    expect([...names].sort()).toStrictEqual(['a', 'ab', 'b', '\u{1f600}', '\uffff']);
  });
});
