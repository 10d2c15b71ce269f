import { selectorVerdict } from '../../src/checks/rules/nomad/selector-clauses';
import { parseBexpr } from '../../src/nomad/bexpr';
import { IdentityClaims, selectorMatches } from '../../src/nomad/identity';

/**
 * The review says "never matches" only when certain: over generated selectors, none it condemns
 * matches any of a set of identities, and it condemns some.
 */

/** A small deterministic generator (LCG), so failures reproduce. */
function random(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
}

const WORDS = ['a', 'b', '""', '"a b"', '`b`', '1', 'ab'];
const SELECTORS = ['value.x', 'value.y', 'list.g', 'list.g.0', 'value', 'list', 'value.x.z', 'other', '"/value/x"', 'list.h'];
const OPERATORS = ['==', '!=', 'contains', 'not contains', 'matches', 'not matches', 'is empty', 'is not empty', 'is nil', 'is not nil'];

function comparison(pick: (n: number) => number): string {
  const selector = SELECTORS[pick(SELECTORS.length)]!;
  const word = WORDS[pick(WORDS.length)]!;
  if (pick(5) === 0) return `${word} ${pick(2) ? 'in' : 'not in'} ${selector}`;
  const operator = OPERATORS[pick(OPERATORS.length)]!;
  return operator.startsWith('is') ? `${selector} ${operator}` : `${selector} ${operator} ${word}`;
}

function expression(pick: (n: number) => number, depth: number): string {
  const kind = depth > 2 ? 0 : pick(5);
  if (kind <= 1) return comparison(pick);
  if (kind === 2) return `not (${expression(pick, depth + 1)})`;
  return `(${expression(pick, depth + 1)}) ${kind === 3 ? 'and' : 'or'} (${expression(pick, depth + 1)})`;
}

const VALUES = ['', 'a', 'b', 'a b', 'ab', '1'];
const IDENTITIES: IdentityClaims[] = [];
for (const x of [undefined, ...VALUES]) {
  for (const y of [undefined, 'a', 'b']) {
    for (const g of [undefined, [], ['a'], ['b', 'a b'], ['ab']]) {
      const value: Record<string, string> = {};
      if (x !== undefined) value.x = x;
      if (y !== undefined) value.y = y;
      IDENTITIES.push({ value, list: g === undefined ? {} : { g, h: ['1'] } });
    }
  }
}

test('no generated selector the review condemns matches any identity', () => {
  const pick = random(16);
  let condemned = 0;
  for (let i = 0; i < 2000; i++) {
    const selector = expression(pick, 0);
    const parsed = parseBexpr(selector);
    if (!parsed.ok) throw new Error(`${selector}: ${parsed.error}`);
    if (selectorVerdict(parsed.ast).matches !== 'never') continue;
    condemned++;
    const matching = IDENTITIES.find(identity => selectorMatches(parsed.ast, identity));
    expect({ selector, matching }).toEqual({ selector, matching: undefined });
  }
  expect(condemned).toBeGreaterThan(200);
});
