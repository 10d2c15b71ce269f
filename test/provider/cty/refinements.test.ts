import { fromHex, toHex } from './fixtures';
import { readRefinements, refinedUnknown } from '../../../src/provider/cty/refinements';
import { Decimal, Unknown } from '../../../src/provider/cty/values';

// Refinement payloads from hashicorp/terraform-plugin-go tftypes/value_msgpack_test.go (the body of
// each ext 12), whose encoder follows go-cty cty/msgpack/unknown.go, and one Terraform 1.11.4 wrote.
describe('refinements', () => {
  test.each([
    ['not null (Terraform 1.11.4, a planned id)', '8101c2', { notNull: true }],
    ['not null, prefix', '8201c202a97072656669783a2f2f', { notNull: true, stringPrefix: 'prefix://' }],
    ['number bounds, inclusive', '8301c2039201c3049205c3',
      { notNull: true, numberLowerBound: { value: 1, inclusive: true }, numberUpperBound: { value: 5, inclusive: true } }],
    ['number bounds, exclusive floats', '8301c20392cb3ff3ae147ae147aec20492cb4016ae147ae147aec2',
      { notNull: true, numberLowerBound: { value: 1.23, inclusive: false }, numberUpperBound: { value: 5.67, inclusive: false } }],
    ['length bounds', '8301c205010605', { notNull: true, lengthLowerBound: 1, lengthUpperBound: 5 }],
  ])('%s: read, and written back to the same bytes', (_name, hex, refinements) => {
    expect(readRefinements(new Unknown(fromHex(hex)))).toStrictEqual(refinements);
    expect(toHex(refinedUnknown(refinements).refinements!)).toBe(hex);
  });

  test('a decimal bound is written as text, a zero lower length bound and infinite bounds are left out', () => {
    const unknown = refinedUnknown({
      numberLowerBound: { value: new Decimal('0.1'), inclusive: true },
      numberUpperBound: { value: Infinity, inclusive: true },
      lengthLowerBound: 0,
    });
    expect(toHex(unknown.refinements!)).toBe('810392a3302e31c3');
  });

  test('nothing to promise is the plain unknown', () => {
    expect(refinedUnknown({}).refinements).toBeUndefined();
    expect(readRefinements(new Unknown())).toStrictEqual({});
  });

  test('unknown keys are ignored; a body that is not a map is an error', () => {
    expect(readRefinements(new Unknown(fromHex('8201c263c3')))).toStrictEqual({ notNull: true });
    expect(() => readRefinements(new Unknown(fromHex('9201c2')))).toThrow('unknown value refinements are not a msgpack map');
  });
});
