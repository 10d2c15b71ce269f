import { CtyNumber, canonicalNumber, msgpackNumber, numberKey, numberText, parseNumber } from '../../../src/provider/cty/number';
import { Decimal } from '../../../src/provider/cty/values';

describe('parseNumber: the text forms cty.ParseNumberVal reads', () => {
  test.each<[string, CtyNumber | undefined]>([
    ['0', 0],
    ['-0', 0],
    ['+12', 12],
    ['007', 7],
    ['.5', 0.5],
    ['5.', 5],
    ['1.5e3', 1500],
    ['1E-2', new Decimal('0.01')],
    ['0.375', 0.375],
    ['9007199254740991', 9007199254740991],
    ['9007199254740992', 9007199254740992n],
    ['-9007199254740993', -9007199254740993n],
    ['0.30000000000000004', new Decimal('0.30000000000000004')],
    ['0.3000000000000000444089209850062616169452667236328125', 0.30000000000000004],
    ['Inf', Infinity],
    ['-inf', -Infinity],
    ['', undefined],
    ['.', undefined],
    ['1e', undefined],
    ['0x10', undefined],
    ['1_000', undefined],
    ['Infinity', undefined],
    [' 1', undefined],
  ])('%p', (text, expected) => {
    expect(parseNumber(text)).toStrictEqual(expected);
  });

  test('refuses exponents that would expand to absurd sizes', () => {
    expect(() => parseNumber('1e999999999')).toThrow('number "1e999999999" is out of the range this provider handles');
  });
});

describe('canonicalNumber', () => {
  test.each<[CtyNumber, CtyNumber]>([
    [1n, 1],
    [-(2n ** 53n), -(2n ** 53n)],
    [2 ** 53, 2n ** 53n],
    [new Decimal('100'), 100],
    [new Decimal('-0.0'), 0],
    [new Decimal('1.10'), new Decimal('1.1')],
    [0.1, 0.1],
  ])('%p -> %p', (value, expected) => {
    expect(canonicalNumber(value)).toStrictEqual(expected);
  });

  test('NaN and bad decimal text are errors', () => {
    expect(() => canonicalNumber(NaN)).toThrow('NaN is not a number cty can hold');
    expect(() => canonicalNumber(new Decimal('one'))).toThrow('"one" is not a number');
  });
});

describe('msgpackNumber: what @msgpack/msgpack is handed', () => {
  test.each<[CtyNumber, number | bigint | string]>([
    [5, 5],
    [2 ** 32 - 1, 4294967295],
    [2 ** 32, 4294967296n],
    [-(2 ** 31), -2147483648],
    [-(2 ** 31) - 1, -2147483649n],
    [2 ** 63, '9223372036854775808'],
    [0.5, 0.5],
    [new Decimal('0.1'), '0.1'],
    [new Decimal('-1e2'), -100],
    [Infinity, Infinity],
  ])('%p -> %p', (value, expected) => {
    expect(msgpackNumber(value)).toStrictEqual(expected);
  });
});

describe('numberText and numberKey', () => {
  test.each<[CtyNumber, string]>([
    [0, '0'],
    [-0, '0'],
    [1e21, '1000000000000000000000'],
    [1.5e-10, '0.00000000015'],
    [123.456, '123.456'],
    [new Decimal('-00012.3400'), '-12.34'],
    [new Decimal('1.2e-3'), '0.0012'],
    [10n ** 30n, '1000000000000000000000000000000'],
  ])('%p -> %s', (value, text) => {
    expect(numberText(value)).toBe(text);
  });

  test('keys tell infinities apart from numbers', () => {
    expect(numberKey(Infinity)).toBe('+Inf');
    expect(numberKey(new Decimal('-Inf'))).toBe('-Inf');
    expect(() => numberText(Infinity)).toThrow('infinity has no decimal text');
  });
});
