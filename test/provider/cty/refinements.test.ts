import { fromHex, toHex } from './fixtures';
import {
  POLICY_TEMPLATES, POLICY_TYPE, SCOPE_TEMPLATES, SCOPE_TYPE, SERVICE_FORMAT, SERVICE_SPLIT, SERVICE_TEMPLATES, SERVICE_TYPE,
} from './terraform-blobs';
import { canonicalKey, conformValue, valuesEqual } from '../../../src/provider/cty/compare';
import { decodeValue, encodeValue } from '../../../src/provider/cty/msgpack';
import { Refinements, readRefinements, refinedUnknown, truncateStringPrefix } from '../../../src/provider/cty/refinements';
import { CtyType, DYNAMIC, NUMBER, STRING, list, map, set } from '../../../src/provider/cty/types';
import { CtyValue, Decimal, Unknown } from '../../../src/provider/cty/values';

const x = (n: number) => 'x'.repeat(n);
const utf8Length = (text: string) => Buffer.byteLength(text, 'utf8');

// Refinement payloads from hashicorp/terraform-plugin-go tftypes/value_msgpack_test.go (the body of
// each ext 12), whose encoder follows go-cty cty/msgpack/unknown.go, and one Terraform 1.11.4 wrote.
describe('refinements', () => {
  test.each<[string, string, CtyType, Refinements]>([
    ['not null (Terraform 1.11.4, a planned id)', '8101c2', STRING, { notNull: true }],
    ['not null, prefix', '8201c202a97072656669783a2f2f', STRING, { notNull: true, stringPrefix: 'prefix://' }],
    ['number bounds, inclusive', '8301c2039201c3049205c3', NUMBER,
      { notNull: true, numberLowerBound: { value: 1, inclusive: true }, numberUpperBound: { value: 5, inclusive: true } }],
    ['number bounds, exclusive floats', '8301c20392cb3ff3ae147ae147aec20492cb4016ae147ae147aec2', NUMBER,
      { notNull: true, numberLowerBound: { value: 1.23, inclusive: false }, numberUpperBound: { value: 5.67, inclusive: false } }],
    ['length bounds', '8301c205010605', list(STRING), { notNull: true, lengthLowerBound: 1, lengthUpperBound: 5 }],
  ])('%s: read, and written back to the same bytes', (_name, hex, type, refinements) => {
    expect(readRefinements(new Unknown(fromHex(hex)), type)).toStrictEqual(refinements);
    expect(toHex(refinedUnknown(type, refinements).refinements!)).toBe(hex);
  });

  test('a decimal bound is written as text, a zero lower length bound and infinite bounds are left out', () => {
    const unknown = refinedUnknown(NUMBER, {
      numberLowerBound: { value: new Decimal('0.1'), inclusive: true },
      numberUpperBound: { value: Infinity, inclusive: true },
    });
    expect(toHex(unknown.refinements!)).toBe('810392a3302e31c3');
    expect(refinedUnknown(set(STRING), { lengthLowerBound: 0 }).refinements).toBeUndefined();
  });

  test('nothing to promise is the plain unknown', () => {
    expect(refinedUnknown(STRING, {}).refinements).toBeUndefined();
    expect(refinedUnknown(DYNAMIC, {}).refinements).toBeUndefined();
    expect(readRefinements(new Unknown())).toStrictEqual({});
  });

  test('unknown keys are ignored; a body that is not a map, or a known key malformed, is an error', () => {
    expect(readRefinements(new Unknown(fromHex('8201c263c3')))).toStrictEqual({ notNull: true });
    expect(() => readRefinements(new Unknown(fromHex('9201c2')))).toThrow('unknown value refinements are not a msgpack map');
    expect(() => readRefinements(new Unknown(fromHex('8101a161')))).toThrow('null refinement is not boolean');
    expect(() => readRefinements(new Unknown(fromHex('810201')))).toThrow('string prefix refinement is not string');
    expect(() => readRefinements(new Unknown(fromHex('810301')))).toThrow('a number bound must be [number, bool]');
    expect(() => readRefinements(new Unknown(fromHex('8105a131')))).toThrow('a length bound must be an integer');
    expect(() => readRefinements(new Unknown(fromHex('81a131c2')))).toThrow('non-integer key in map');
  });
});

describe('refinements must fit the type, as in cty', () => {
  test.each<[string, CtyType, Refinements, string]>([
    ['a prefix on a number', NUMBER, { stringPrefix: 'a-' }, 'an unknown number value cannot be refined with a string prefix'],
    ['a prefix on a list', list(STRING), { notNull: true, stringPrefix: 'a-' }, 'an unknown list value cannot be refined with a string prefix'],
    ['number bounds on a string', STRING, { numberLowerBound: { value: 1, inclusive: true } }, 'cannot be refined with number bounds'],
    ['lengths on a string', STRING, { lengthUpperBound: 3 }, 'an unknown string value cannot be refined with length bounds'],
    ['lengths on an object', ['object', { a: STRING }], { lengthLowerBound: 1 }, 'an unknown object value cannot be refined with length bounds'],
    ['lengths on a tuple', ['tuple', [STRING]], { lengthLowerBound: 1 }, 'an unknown tuple value cannot be refined with length bounds'],
    ['anything on dynamic', DYNAMIC, { notNull: true }, 'an unknown dynamic value cannot be refined with any refinement'],
  ])('refinedUnknown refuses %s', (_name, type, refinements, message) => {
    expect(() => refinedUnknown(type, refinements)).toThrow(message);
  });

  test.each<[string, CtyType, Refinements, string]>([
    ['lengths that cross', list(STRING), { lengthLowerBound: 3, lengthUpperBound: 2 }, 'length upper bound 2 is less than lower bound 3'],
    ['a negative length', map(STRING), { lengthUpperBound: -1 }, 'length bound -1 is not a length'],
    ['a fractional length', map(STRING), { lengthLowerBound: 1.5 }, 'length bound 1.5 is not a length'],
    ['number bounds that cross', NUMBER, { numberLowerBound: { value: 5, inclusive: true }, numberUpperBound: { value: 1, inclusive: true } },
      'number lower bound 5 is above upper bound 1'],
    ['an empty open range', NUMBER, { numberLowerBound: { value: 2, inclusive: false }, numberUpperBound: { value: new Decimal('2.0'), inclusive: true } },
      'number lower bound 2 is above upper bound 2'],
  ])('refinedUnknown refuses %s', (_name, type, refinements, message) => {
    expect(() => refinedUnknown(type, refinements)).toThrow(message);
  });

  test('nullness fits every type but dynamic; a nothing-promising refinement fits any', () => {
    for (const type of [STRING, NUMBER, 'bool', list(STRING), ['object', { a: STRING }], ['tuple', [NUMBER]]] as CtyType[]) {
      expect(toHex(refinedUnknown(type, { notNull: true }).refinements!)).toBe('8101c2');
      expect(refinedUnknown(type, { notNull: false, numberUpperBound: { value: Infinity, inclusive: true }, lengthLowerBound: 0 }).refinements)
        .toBeUndefined();
    }
  });

  test('decoding refuses what cty refuses, turns a null refinement into null, and drops refinements under dynamic', () => {
    expect(() => decodeValue(fromHex('c7060c8102a3612d62'), NUMBER)).toThrow('an unknown number value cannot be refined with a string prefix');
    expect(() => decodeValue(fromHex('c7030c810502'), STRING)).toThrow('an unknown string value cannot be refined with length bounds');
    expect(() => decodeValue(fromHex('c7050c81039201c3'), list(NUMBER))).toThrow('an unknown list value cannot be refined with number bounds');
    expect(decodeValue(fromHex('c7030c8101c3'), STRING)).toBeNull();
    expect(decodeValue(fromHex('c7060c8102a3612d62'), DYNAMIC)).toStrictEqual(new Unknown());
  });
});

describe('a long string prefix is cut as cty cuts it', () => {
  test.each<[string, string, string]>([
    // go-cty cty/msgpack roundtrip_test.go TestRoundTrip_truncatesStringPrefixRefinement
    ['1023 letters', x(1023), x(254)],
    ['255 letters and a dash: 256 bytes, kept', `${x(255)}-`, `${x(255)}-`],
    ['256 bytes ending in a two-byte letter, kept', `${x(254)}é`, `${x(254)}é`],
    ['the 255-byte cut ends on a delimiter', `${x(254)}-ab`, `${x(254)}-`],
    ['the cut splits a character after a letter', `${x(254)}🤷 `, x(253)],
    ['the cut splits a character after a digit', `${x(253)}7🤷 `, `${x(253)}7`],
    ['the cut splits a character after "="', `${x(253)}=🤷 `, x(253)],
    ['the cut splits a character after a tab', `${x(253)}\t🤷 `, `${x(253)}\t`],
    ['the cut splits a character after an emoji', `${x(250)}👍🏽 `, `${x(250)}👍`],
    ['the cut splits a letter after a letter', `${x(200)}${'é'.repeat(39)}`, `${x(200)}${'é'.repeat(26)}`],
    ['the prefix is normalized first', `${x(300)}e\u0301`, x(254)],
  ])('%s', (_name, prefix, cut) => {
    expect(truncateStringPrefix(prefix)).toBe(cut);
    expect(utf8Length(cut)).toBeLessThanOrEqual(256);
    expect(readRefinements(refinedUnknown(STRING, { stringPrefix: prefix }), STRING).stringPrefix).toBe(cut);
  });

  test('a short prefix is sent whole, NFC-normalized', () => {
    expect(readRefinements(refinedUnknown(STRING, { stringPrefix: 'cafe\u0301' }))).toStrictEqual({ stringPrefix: 'café' });
  });
});

/** The value at a path of attribute names and indexes. */
function at(value: CtyValue, ...path: Array<string | number>): CtyValue {
  return path.reduce<CtyValue>((inner, step) => (inner as Record<string, CtyValue>)[step], value);
}

function refinementsAt(value: CtyValue, type: CtyType, ...path: Array<string | number>): Refinements {
  const inner = at(value, ...path);
  if (!(inner instanceof Unknown)) throw new Error(`${path.join('.')} is not unknown`);
  return readRefinements(inner, type);
}

describe('refined unknowns Terraform 1.11.4 wrote', () => {
  const blobs: Array<[string, Uint8Array, CtyType]> = [
    ['service (templates)', SERVICE_TEMPLATES, SERVICE_TYPE],
    ['scope (templates)', SCOPE_TEMPLATES, SCOPE_TYPE],
    ['policy (templates)', POLICY_TEMPLATES, POLICY_TYPE],
    ['service (format)', SERVICE_FORMAT, SERVICE_TYPE],
    ['service (split characters)', SERVICE_SPLIT, SERVICE_TYPE],
  ];

  test.each(blobs)('%s: decoded and encoded again to the same bytes', (_name, bytes, type) => {
    expect(toHex(encodeValue(decodeValue(bytes, type), type))).toBe(toHex(bytes));
  });

  test.each(blobs)('%s: every refined unknown is written again byte for byte from what it promises', (_name, bytes, type) => {
    const found = refinedUnknownsIn(decodeValue(bytes, type), type);
    expect(found.length).toBeGreaterThan(0);
    for (const [unknown, unknownType] of found) {
      expect(toHex(refinedUnknown(unknownType, readRefinements(unknown, unknownType)).refinements!)).toBe(toHex(unknown.refinements!));
    }
  });

  test('templates: prefixes safe-cut by Terraform, number and length bounds', () => {
    const service = decodeValue(SERVICE_TEMPLATES, SERVICE_TYPE);
    expect(refinementsAt(service, STRING, 'name')).toStrictEqual({ notNull: true, stringPrefix: 'café-' });
    expect(refinementsAt(service, STRING, 'description')).toStrictEqual({ notNull: true, stringPrefix: 'caf' });
    expect(refinementsAt(service, STRING, 'process_name')).toStrictEqual({ notNull: true, stringPrefix: x(254) });
    expect(refinementsAt(service, STRING, 'external_data_set')).toStrictEqual({ notNull: true, stringPrefix: `${x(253)}é-` });
    expect(refinementsAt(service, NUMBER, 'service_ports', 0, 'proto')).toStrictEqual({ notNull: true, numberLowerBound: { value: 0, inclusive: true } });
    expect(refinementsAt(service, NUMBER, 'service_ports', 0, 'to_port')).toStrictEqual({
      notNull: true, numberLowerBound: { value: 5, inclusive: true }, numberUpperBound: { value: 7, inclusive: true },
    });
    const scope = decodeValue(SCOPE_TEMPLATES, SCOPE_TYPE);
    expect(refinementsAt(scope, set(STRING), 'clusters')).toStrictEqual({ notNull: true, lengthLowerBound: 1, lengthUpperBound: 2 });
    expect(refinementsAt(scope, STRING, 'lifecycle_phase')).toStrictEqual({ notNull: true, stringPrefix: x(127) });
    expect(at(scope, 'namespaces')).toStrictEqual([new Unknown()]); // a one-element set: known, its element not
    const policy = decodeValue(POLICY_TEMPLATES, POLICY_TYPE);
    expect(refinementsAt(policy, map(STRING), 'exception', 0, 'labels')).toStrictEqual({ notNull: true, lengthLowerBound: 2, lengthUpperBound: 2 });
    expect(refinementsAt(policy, STRING, 'exception', 0, 'kind')).toStrictEqual({ notNull: true, stringPrefix: 'k8s:' });
  });

  test('format: big and decimal number bounds, and where cty\'s 256-byte cut applied', () => {
    const service = decodeValue(SERVICE_FORMAT, SERVICE_TYPE);
    expect(refinementsAt(service, NUMBER, 'service_ports', 0, 'port')).toStrictEqual({
      notNull: true, numberLowerBound: { value: 3, inclusive: true }, numberUpperBound: { value: 2n ** 64n, inclusive: true },
    });
    expect(refinementsAt(service, NUMBER, 'service_ports', 0, 'to_port')).toStrictEqual({
      notNull: true, numberLowerBound: { value: -1, inclusive: true }, numberUpperBound: { value: new Decimal('0.1'), inclusive: true },
    });
    expect(refinementsAt(service, NUMBER, 'service_ports', 0, 'proto')).toStrictEqual({
      notNull: true, numberLowerBound: { value: 1.5, inclusive: true }, numberUpperBound: { value: 2.25, inclusive: true },
    });
    expect(refinementsAt(service, STRING, 'description').stringPrefix).toBe(truncateStringPrefix(`${x(254)}-ab`));
    expect(refinementsAt(service, STRING, 'external_data_reference').stringPrefix).toBe(truncateStringPrefix(`${x(200)}${'é'.repeat(39)}`));
  });

  test('split characters: our cut is Terraform\'s cut of the same prefix', () => {
    const service = decodeValue(SERVICE_SPLIT, SERVICE_TYPE);
    // format() keeps a prefix ending in a space whole, so these are what cty's encoder cut.
    const sent: Record<string, string> = {
      name: `${x(253)}7🤷 `,
      description: `${x(253)}=🤷 `,
      process_name: `${x(253)}\t🤷 `,
      external_data_set: `${x(250)}👍🏽 `,
      external_data_reference: `${x(254)}éz `,
    };
    for (const [name, prefix] of Object.entries(sent)) {
      expect([name, truncateStringPrefix(prefix)]).toStrictEqual([name, refinementsAt(service, STRING, name).stringPrefix]);
    }
  });
});

function refinedUnknownsIn(value: CtyValue, type: CtyType): Array<[Unknown, CtyType]> {
  if (value instanceof Unknown) return value.refinements ? [[value, type]] : [];
  if (value === null || typeof type === 'string') return [];
  const [kind, inner] = type;
  if (kind === 'object') {
    const attributes = inner as Record<string, CtyType>;
    return Object.keys(attributes).flatMap(name => refinedUnknownsIn((value as Record<string, CtyValue>)[name], attributes[name]));
  }
  if (kind === 'list' || kind === 'set') return (value as CtyValue[]).flatMap(element => refinedUnknownsIn(element, inner as CtyType));
  if (kind === 'map') return Object.values(value as Record<string, CtyValue>).flatMap(element => refinedUnknownsIn(element, inner as CtyType));
  return [];
}

describe('refined unknowns compare by what they promise', () => {
  const proto = '8201c2039200c3'; // Terraform 1.11.4: length(id), not null and >= 0
  test.each<[string, string, string, CtyType, boolean]>([
    ['the same bytes', proto, proto, NUMBER, true],
    ['keys in another order', proto, '82039200c301c2', NUMBER, true],
    ['a bound as float64 or text', '8201c20392cb3ff0000000000000c3', '8201c20392a131c3', NUMBER, true],
    ['a bound as int and as float64', '8201c2039201c3', '8201c20392cb3ff0000000000000c3', NUMBER, true],
    ['a decimal bound as float64 and as text', '810392cb3fb999999999999ac3', '810392a3302e31c3', NUMBER, true],
    ['an infinite bound or none', '8201c20492cb7ff0000000000000c3', '8101c2', NUMBER, true],
    ['an explicit zero lower length or none', '820500060a', '81060a', list(STRING), true],
    ['a key from a later cty or none', '8201c263c3', '8101c2', STRING, true],
    ['an inclusive and an exclusive bound', '8201c2039200c3', '8201c2039200c2', NUMBER, false],
    ['different bounds', '8201c2039200c3', '8201c2039201c3', NUMBER, false],
    ['different prefixes', '8102a3612d62', '8102a2612d', STRING, false],
    ['not null or not', '8201c202a2612d', '8102a2612d', STRING, false],
    ['refined or plain', '8101c2', '', STRING, false],
  ])('%s', (_name, left, right, type, equal) => {
    const a = new Unknown(fromHex(left));
    const b = right === '' ? new Unknown() : new Unknown(fromHex(right));
    expect(valuesEqual(a, b, type)).toBe(equal);
    expect(canonicalKey(a, type) === canonicalKey(b, type)).toBe(equal);
  });

  test('a set keeps one of two unknowns that promise the same', () => {
    const elements = [new Unknown(fromHex('8201c202a2612d')), new Unknown(fromHex('8202a2612d01c2')), new Unknown(fromHex('8101c2'))];
    expect(conformValue(elements, set(STRING))).toHaveLength(2);
  });

  test('bytes that do not parse compare as bytes', () => {
    expect(valuesEqual(new Unknown(fromHex('9201c2')), new Unknown(fromHex('9201c2')), STRING)).toBe(true);
    expect(valuesEqual(new Unknown(fromHex('9201c2')), new Unknown(fromHex('9201c3')), STRING)).toBe(false);
  });
});
