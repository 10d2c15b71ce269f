import { Uidp } from '../../src/chainguard/uidp';

// The identifiers of the events reference.
const ACCOUNT = '0475f6baca584a8964a6bce6b74dbe78dd8805b6';
const GROUP = `${ACCOUNT}/b74ce966caf448d1`;
const CHILD = `${GROUP}/dda9aab2d2d90f9e`;
const NAMESPACE_EVENT = `${CHILD}/1a4b29ca6df80013`;

describe('Uidp', () => {
  test('accepts the document\'s identifiers: a bare UID and UIDs followed by SUIDs', () => {
    for (const value of [ACCOUNT, GROUP, CHILD, NAMESPACE_EVENT, `${GROUP}/bcb18b9a6f9f62b6`]) {
      expect(Uidp.isValid(value)).toBe(true);
    }
  });

  test.each([
    ['', 'must not be empty'],
    ['0475f6baca584a8964a6bce6b74dbe78dd8805b', 'must start with a UID of 40 lower-case hex characters'],
    ['0475F6BACA584A8964A6BCE6B74DBE78DD8805B6', 'must start with a UID of 40 lower-case hex characters'],
    [`${ACCOUNT}/b74ce966caf448d`, 'component 2 must be an SUID of 16 lower-case hex characters'],
    [`${GROUP}/`, 'component 3 must be an SUID'],
    [`/${GROUP}`, 'must start with a UID'],
    [`${GROUP}/xyz4ce966caf448d1`, 'component 3 must be an SUID'],
  ])('refuses %j: %s', (value, reason) => {
    expect(Uidp.isValid(value)).toBe(false);
    expect(Uidp.problem(value)).toContain(reason);
    expect(() => Uidp.parse(value)).toThrow(reason);
  });

  test('parse splits the UID from the SUIDs', () => {
    expect(Uidp.parse(NAMESPACE_EVENT)).toEqual({ uid: ACCOUNT, suids: ['b74ce966caf448d1', 'dda9aab2d2d90f9e', '1a4b29ca6df80013'] });
    expect(Uidp.parse(ACCOUNT)).toEqual({ uid: ACCOUNT, suids: [] });
  });

  test('parent, ancestors and root follow directory semantics', () => {
    expect(Uidp.parent(NAMESPACE_EVENT)).toBe(CHILD);
    expect(Uidp.parent(GROUP)).toBe(ACCOUNT);
    expect(Uidp.parent(ACCOUNT)).toBeUndefined();
    expect(Uidp.ancestors(NAMESPACE_EVENT)).toEqual([CHILD, GROUP, ACCOUNT]);
    expect(Uidp.ancestors(ACCOUNT)).toEqual([]);
    expect(Uidp.root(CHILD)).toBe(ACCOUNT);
  });

  test('isDescendantOf is strict and compares whole components', () => {
    expect(Uidp.isDescendantOf(NAMESPACE_EVENT, GROUP)).toBe(true);
    expect(Uidp.isDescendantOf(GROUP, GROUP)).toBe(false);
    expect(Uidp.isDescendantOf(GROUP, CHILD)).toBe(false);
    expect(Uidp.isAncestorOrSelf(GROUP, GROUP)).toBe(true);
    const other = `${ACCOUNT}/b74ce966caf448d2`;
    expect(Uidp.isDescendantOf(`${other}/dda9aab2d2d90f9e`, GROUP)).toBe(false);
    expect(() => Uidp.isDescendantOf('nope', GROUP)).toThrow('"nope" is not a UIDP');
  });

  test('newChild appends a random SUID, or makes a root UID', () => {
    const child = Uidp.newChild(GROUP);
    expect(Uidp.parent(child)).toBe(GROUP);
    expect(Uidp.isValid(child)).toBe(true);
    expect(Uidp.newChild(GROUP)).not.toBe(child);
    expect(Uidp.parse(Uidp.newChild()).suids).toEqual([]);
  });
});
