import { ResourceView } from '../../src/checks/model';
import { nomadSelectorNeverMatches } from '../../src/checks/rules/nomad/nomad-selector-never-matches';
import { checkSelector, parseBexpr } from '../../src/nomad/bexpr';
import { IdentityClaims, selectorMatches } from '../../src/nomad/identity';

/**
 * Selectors from Nomad's and go-bexpr's public documentation and tests (facts: the selector
 * text and, where the source states it, go-bexpr's error), each with whether go-bexpr v0.1.16
 * parses it and whether it can match a Nomad login identity (`value.<claim>` strings,
 * `list.<claim>` lists). A selector that can match carries a witness: claims it matches.
 *
 * Sources:
 *  NOMAD-DOCS   developer.hashicorp.com/nomad/commands/acl/binding-rule/create (and /update, /info)
 *  NOMAD-JWT    developer.hashicorp.com/nomad/docs/concepts/acl/auth-methods/jwt (value.first_name, list.roles)
 *  NOMAD-FORUM  discuss.hashicorp.com/t/nomad-oidc-authentication-with-nested-listclaimmappings/62171
 *  NOMAD-SRC    hashicorp/nomad: <file> (tests, mocks, CLI help)
 *  BEXPR-GRAMMAR  hashicorp/go-bexpr v0.1.16 grammar/grammar_test.go
 *  BEXPR-EVAL     hashicorp/go-bexpr v0.1.16 evaluate_test.go
 *  BEXPR-SEM      go-bexpr v0.1.16 grammar.peg / evaluate.go behaviour, written on Nomad's claims
 *  ISSUE-16       the report: selectors wrongly (or rightly) flagged
 */
interface Entry {
  readonly selector: string;
  readonly source: string;
  /** true; or, when go-bexpr rejects it, its error message (quoted from the source) or just false. */
  readonly parses: true | false | string;
  /** For selectors that parse: claims it matches, or `never`. */
  readonly match?: IdentityClaims | 'never';
}

const claims = (value: Record<string, string> = {}, list: Record<string, string[]> = {}): IdentityClaims => ({ value, list });
const NO_CLAIMS = claims();

const CORPUS: readonly Entry[] = [
  // Nomad documentation and sources.
  { selector: 'engineering in list.roles', source: 'NOMAD-DOCS binding-rule create; NOMAD-SRC nomad/mock/acl.go', parses: true, match: claims({}, { roles: ['engineering'] }) },
  { selector: '"engineering in list.roles"', source: 'NOMAD-DOCS binding-rule info output, quoted as displayed', parses: false },
  { selector: 'engineering in list.policies', source: 'NOMAD-SRC internal/testing/apitests/acl_test.go', parses: true, match: claims({}, { policies: ['engineering'] }) },
  { selector: 'nomad_engineering_team in list.groups', source: 'NOMAD-SRC api/acl_test.go', parses: true, match: claims({}, { groups: ['nomad_engineering_team'] }) },
  { selector: 'nomad-engineering in list.groups', source: 'NOMAD-SRC command/acl_binding_rule.go (help text example)', parses: '1:6 (5): no match found, expected: "!=", ".", "==", "[", [ \\t\\r\\n] or [a-zA-Z0-9_/]' },
  { selector: 'engineering in list.groups', source: 'NOMAD-SRC command/acl_binding_rule_create_test.go', parses: true, match: claims({}, { groups: ['engineering'] }) },
  { selector: 'group_name in list.groups', source: 'NOMAD-SRC nomad/structs/acl_test.go (valid rule)', parses: true, match: claims({}, { groups: ['group_name'] }) },
  { selector: 'group-name in list.groups', source: 'NOMAD-SRC nomad/structs/acl_test.go ("invalid selector", message quoted there)', parses: '1:6 (5): no match found, expected: "!=", ".", "==", "[", [ \\t\\r\\n] or [a-zA-Z0-9_/]' },
  { selector: 'some selector.pattern', source: 'NOMAD-SRC nomad/structs/acl_test.go (hash test, never validated)', parses: false },
  { selector: 'role==engineer', source: 'NOMAD-SRC lib/auth/binder_test.go (against a bare map, not ACLAuthClaims)', parses: true, match: 'never' },
  { selector: 'language==js', source: 'NOMAD-SRC lib/auth/binder_test.go', parses: true, match: 'never' },
  { selector: 'role==admin', source: 'NOMAD-SRC lib/auth/binder_test.go', parses: true, match: 'never' },
  { selector: 'nomad_engineering_team in Groups', source: 'NOMAD-SRC lib/auth/binder_test.go Test_doesSelectorMatch', parses: true, match: 'never' },
  { selector: '"nomad_service" in value', source: 'NOMAD-SRC command/setup_consul.go (a Consul rule; in Nomad a claim-name test)', parses: true, match: claims({ nomad_service: 'web' }) },
  { selector: '"nomad_service" not in value', source: 'NOMAD-SRC command/setup_consul.go', parses: true, match: NO_CLAIMS },
  { selector: '"consul_namespace" in value', source: 'NOMAD-SRC command/setup_consul.go', parses: true, match: claims({ consul_namespace: 'prod' }) },
  { selector: 'nomad_dev in list.groups', source: 'NOMAD-FORUM', parses: true, match: claims({}, { groups: ['nomad_dev'] }) },
  { selector: 'value.first_name == Ann and "admin" in list.roles', source: 'NOMAD-JWT claim names', parses: true, match: claims({ first_name: 'Ann' }, { roles: ['admin'] }) },
  // The report.
  { selector: 'list.groups contains admins', source: 'ISSUE-16 (wrongly flagged)', parses: true, match: claims({}, { groups: ['admins'] }) },
  {
    selector: '"platform" in list.teams and value.environment == production',
    source: 'ISSUE-16 (wrongly flagged)',
    parses: true,
    match: claims({ environment: 'production' }, { teams: ['platform'] }),
  },
  { selector: 'roles contains "admin"', source: 'ISSUE-16 (rightly flagged)', parses: true, match: 'never' },
  { selector: 'claims.email == "a@example.com"', source: 'ISSUE-16 (rightly flagged)', parses: true, match: 'never' },
  // go-bexpr's grammar tests, verbatim; their roots are not Nomad's, except `list`.
  { selector: 'foo == 3', source: 'BEXPR-GRAMMAR', parses: true, match: 'never' },
  { selector: '"/foo" == 3', source: 'BEXPR-GRAMMAR', parses: true, match: 'never' },
  { selector: '"/hy-phen/under_score/pi|pe/do.t/ti~lde/co:lon" == 3', source: 'BEXPR-GRAMMAR', parses: true, match: 'never' },
  { selector: '"/hy-phen/under_score/pi|pe/do.t/ti~lde/" == 3', source: 'BEXPR-GRAMMAR', parses: '1:43 (42): no match found, expected: "in", "not" or [ \\t\\r\\n]' },
  { selector: 'foo/bar == 3', source: 'BEXPR-GRAMMAR', parses: true, match: 'never' },
  { selector: 'list is empty', source: 'BEXPR-GRAMMAR (in Nomad: no list claim mapped)', parses: true, match: NO_CLAIMS },
  { selector: 'list is not empty', source: 'BEXPR-GRAMMAR', parses: true, match: claims({}, { groups: [] }) },
  { selector: 'foo in bar', source: 'BEXPR-GRAMMAR', parses: true, match: 'never' },
  { selector: 'bar not contains foo', source: 'BEXPR-GRAMMAR', parses: true, match: 'never' },
  { selector: 'foo not matches bar', source: 'BEXPR-GRAMMAR', parses: true, match: 'never' },
  { selector: 'not prod in tags', source: 'BEXPR-GRAMMAR (an error under not is still an error)', parses: true, match: 'never' },
  { selector: 'port != 80 and port != 8080', source: 'BEXPR-GRAMMAR', parses: true, match: 'never' },
  { selector: 'x in foo and not str == something or list is empty', source: 'BEXPR-GRAMMAR (the left error stops the or)', parses: true, match: 'never' },
  { selector: '\t\r\n  foo \t\r\n not \t\r\n in \t\r\n x \t\r\n', source: 'BEXPR-GRAMMAR', parses: true, match: 'never' },
  { selector: '`environment` in foo.bar["meta"].tags[\t`ENV` ]', source: 'BEXPR-GRAMMAR', parses: true, match: 'never' },
  { selector: 'environment in "/hy-phen/under_score/pi|pe/do.t/ti~lde"', source: 'BEXPR-GRAMMAR', parses: true, match: 'never' },
  { selector: 'environment in foo["abc-def ghi åß∂ƒ"]', source: 'BEXPR-GRAMMAR', parses: true, match: 'never' },
  { selector: 'foo == "12x', source: 'BEXPR-GRAMMAR', parses: '1:12 (11): rule "string": Unterminated string literal' },
  { selector: 'foo == 3x', source: 'BEXPR-GRAMMAR', parses: '1:9 (8): rule "number": Invalid number literal' },
  { selector: 'foo[3] == abc', source: 'BEXPR-GRAMMAR', parses: '1:5 (4): rule "index": Invalid index' },
  { selector: 'x in 32', source: 'BEXPR-GRAMMAR', parses: '1:6 (5): rule "match": Invalid selector' },
  { selector: '32 is empty', source: 'BEXPR-GRAMMAR', parses: '1:4 (3): no match found, expected: "in", "not" or [ \\t\\r\\n]' },
  { selector: 'x in foo abc', source: 'BEXPR-GRAMMAR', parses: '1:10 (9): no match found, expected: "and", "or", [ \\t\\r\\n] or EOF' },
  {
    selector: 'x in foo and ',
    source: 'BEXPR-GRAMMAR',
    parses: '1:14 (13): no match found, expected: "(", "-", "0", "\\"", "`", "not", [ \\t\\r\\n], [1-9] or [a-zA-Z]',
  },
  { selector: 'foo == -0.2', source: 'BEXPR-GRAMMAR', parses: true, match: 'never' },
  { selector: '(foo == 4', source: 'BEXPR-GRAMMAR', parses: '1:10 (9): rule "grouping": Unmatched parentheses' },
  { selector: 'not not foo == 3', source: 'BEXPR-GRAMMAR', parses: true, match: 'never' },
  { selector: 'all group.tasks as t { t.name == "hello" }', source: 'BEXPR-GRAMMAR', parses: true, match: 'never' },
  { selector: 'all group.tasks as { t.name == "hello" }', source: 'BEXPR-GRAMMAR', parses: '1:20 (19): no match found, expected: "_", [ \\t\\r\\n] or [a-zA-Z]' },
  { selector: 'any group.tasks as t { any t.test as t { t == "test" }}', source: 'BEXPR-GRAMMAR', parses: true, match: 'never' },
  { selector: 'all group.tasks as k, v { k == v }', source: 'BEXPR-GRAMMAR', parses: true, match: 'never' },
  {
    selector: '(((foo == 3) and (not ((bar in baz) and (not (one != two))))) or (((next is empty) and (not (foo is not empty))) and (bar not in foo)))',
    source: 'BEXPR-GRAMMAR',
    parses: true,
    match: 'never',
  },
  // go-bexpr's evaluation tests, verbatim.
  { selector: 'slash/value == `hello`', source: 'BEXPR-EVAL', parses: true, match: 'never' },
  { selector: 'String matches \t`^ex.*`', source: 'BEXPR-EVAL', parses: true, match: 'never' },
  { selector: 'port in String', source: 'BEXPR-EVAL', parses: true, match: 'never' },
  // go-bexpr's operators on Nomad's claims.
  { selector: 'port in value.url', source: 'BEXPR-SEM: in on a string is a substring test', parses: true, match: claims({ url: 'transport' }) },
  { selector: 'part not in value.url', source: 'BEXPR-SEM', parses: true, match: claims({ url: 'transport' }) },
  { selector: 'value.email contains "@example.com"', source: 'BEXPR-SEM', parses: true, match: claims({ email: 'a@example.com' }) },
  { selector: 'value.email matches ".*@example\\\\.com"', source: 'BEXPR-SEM (Go escapes: the regexp is .*@example\\.com)', parses: true, match: claims({ email: 'a@example.com' }) },
  { selector: 'value.email not matches `^bot-`', source: 'BEXPR-SEM', parses: true, match: claims({ email: 'ann@example.com' }) },
  { selector: 'value.team == `platform`', source: 'BEXPR-SEM backtick strings', parses: true, match: claims({ team: 'platform' }) },
  { selector: 'value.team != "ops"', source: 'BEXPR-SEM (also true when the claim is absent)', parses: true, match: NO_CLAIMS },
  { selector: 'value.a == 1.50', source: 'BEXPR-SEM: a number is compared as its text', parses: true, match: claims({ a: '1.50' }) },
  { selector: 'value.admin == true', source: 'BEXPR-SEM: true is a bare word, its text', parses: true, match: claims({ admin: 'true' }) },
  { selector: 'value.email == ""', source: 'BEXPR-SEM: "" is the pointer "/" on the value side, text ""', parses: true, match: claims({ email: '' }) },
  { selector: '"/a/b" in value.path', source: 'BEXPR-SEM: a pointer on the value side is its parts joined by "/"', parses: true, match: claims({ path: 'xa/by' }) },
  { selector: '"/" in value.path', source: 'BEXPR-SEM: "/" is no pointer (a segment needs a character), a string', parses: true, match: claims({ path: '/a' }) },
  { selector: '"" not in value.email', source: 'BEXPR-SEM: every string contains "", so only an absent claim', parses: true, match: NO_CLAIMS },
  { selector: 'value.groups is empty', source: 'BEXPR-SEM', parses: true, match: claims({ groups: '' }) },
  { selector: 'value.manager is nil', source: 'BEXPR-SEM: absent claims are nil', parses: true, match: NO_CLAIMS },
  { selector: 'value.manager is not nil', source: 'BEXPR-SEM: is nil on a present string is an error', parses: true, match: 'never' },
  { selector: 'list.roles == "admin"', source: 'BEXPR-SEM: == on a list is an error', parses: true, match: 'never' },
  { selector: 'list.roles != "admin"', source: 'BEXPR-SEM: an error when present, true when the claim is absent', parses: true, match: NO_CLAIMS },
  { selector: 'list.roles matches "adm.*"', source: 'BEXPR-SEM: a list is no []byte', parses: true, match: 'never' },
  { selector: 'value == "x"', source: 'BEXPR-SEM: == on a map is an error', parses: true, match: 'never' },
  { selector: '"email" in value', source: 'BEXPR-SEM: in on a map tests a key', parses: true, match: claims({ email: 'a@b' }) },
  { selector: 'value.email.domain == "x"', source: 'BEXPR-SEM: below a string', parses: true, match: 'never' },
  { selector: 'Value.email == "x"', source: 'BEXPR-SEM: struct tags are case-sensitive', parses: true, match: 'never' },
  { selector: 'list.roles.0 == "admin"', source: 'BEXPR-SEM: a list element by index', parses: true, match: claims({}, { roles: ['admin'] }) },
  { selector: 'list.roles["0"] == admin', source: 'BEXPR-SEM', parses: true, match: claims({}, { roles: ['admin'] }) },
  { selector: '"/list/roles" contains "admin"', source: 'BEXPR-SEM: JSON pointer selector', parses: true, match: claims({}, { roles: ['admin'] }) },
  { selector: '"/value/first-name" == Ann', source: 'BEXPR-SEM', parses: true, match: claims({ 'first-name': 'Ann' }) },
  { selector: 'any list.groups as g { g == "ops" }', source: 'BEXPR-SEM collections', parses: true, match: claims({}, { groups: ['ops'] }) },
  { selector: 'all list.groups as _, g { g != "guest" }', source: 'BEXPR-SEM', parses: true, match: claims({}, { groups: ['ops'] }) },
  { selector: 'any value.email as c { c == "x" }', source: 'BEXPR-SEM: a string is not a list; absent gives any false', parses: true, match: 'never' },
  { selector: 'all value.email as c { c == "x" }', source: 'BEXPR-SEM: absent gives all true', parses: true, match: NO_CLAIMS },
  { selector: 'value.env == "prod" and value.env == "dev"', source: 'BEXPR-SEM contradiction', parses: true, match: 'never' },
  { selector: '"ops" in list.groups and "ops" not in list.groups', source: 'BEXPR-SEM contradiction', parses: true, match: 'never' },
  { selector: 'list.groups is empty and "ops" in list.groups', source: 'BEXPR-SEM contradiction', parses: true, match: 'never' },
  { selector: 'not (value.a == "x") and not (value.a != "x")', source: 'BEXPR-SEM contradiction through not', parses: true, match: 'never' },
  { selector: 'value.x is empty and value.x contains "a"', source: 'BEXPR-SEM contradiction', parses: true, match: 'never' },
  { selector: 'value.x is empty and value.x contains ""', source: 'BEXPR-SEM: "" is in every string', parses: true, match: claims({ x: '' }) },
  { selector: 'value.env == "prod" or value.env == "dev"', source: 'BEXPR-SEM', parses: true, match: claims({ env: 'dev' }) },
  { selector: 'value.a == "x" or roles contains "a"', source: 'BEXPR-SEM: or stops at a true left side', parses: true, match: claims({ a: 'x' }) },
  { selector: 'roles contains "a" or value.a == "x"', source: 'BEXPR-SEM: the left error ends the evaluation', parses: true, match: 'never' },
  { selector: '(engineering in list.roles)', source: 'BEXPR-SEM parentheses', parses: true, match: claims({}, { roles: ['engineering'] }) },
  { selector: 'not (value.a == "1" or value.b == "2") and value.c == "3"', source: 'BEXPR-SEM precedence: not binds tighter than and', parses: true, match: claims({ c: '3' }) },
  { selector: 'value.a == "1" or value.b == "2" and value.b == "3"', source: 'BEXPR-SEM precedence: and binds tighter than or', parses: true, match: claims({ a: '1' }) },
  // Syntax go-bexpr does not have.
  { selector: 'value.email == "a@example.com" AND "x" in list.g', source: 'BEXPR-SEM: keywords are lower case', parses: false },
  { selector: '"engineering"in list.roles', source: 'BEXPR-SEM: in needs whitespace before it', parses: false },
  { selector: 'value.a in ["x", "y"]', source: 'BEXPR-SEM: no inline lists', parses: false },
  { selector: 'value.a == \'x\'', source: 'BEXPR-SEM: no single-quoted strings', parses: false },
  { selector: 'value.a = "x"', source: 'BEXPR-SEM: = is not an operator', parses: false },
];

function check(selector: string): readonly string[] {
  const view = { type: 'secops_nomad_acl_binding_rule', vendor: 'nomad', mode: 'managed', address: 'r', values: { selector }, before: null, action: 'create', changedAttributes: [] };
  return nomadSelectorNeverMatches.check(view as unknown as ResourceView, undefined as never) as readonly string[];
}

const witnesses = CORPUS.flatMap(entry => (entry.match && entry.match !== 'never' ? [entry.match] : []));

describe('go-bexpr selector corpus', () => {
  test('has at least 60 selectors, both kinds of each', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(60);
    expect(CORPUS.filter(e => e.match === 'never').length).toBeGreaterThan(10);
    expect(witnesses.length).toBeGreaterThan(10);
    expect(CORPUS.filter(e => e.parses !== true).length).toBeGreaterThan(10);
  });

  test.each(CORPUS)('parses as go-bexpr does: $selector', ({ selector, parses }) => {
    const result = checkSelector(selector);
    expect(result.ok).toBe(parses === true);
    if (typeof parses === 'string' && !result.ok) expect(result.bexprError).toBe(parses);
  });

  const valid = CORPUS.filter(e => e.parses === true);
  const canMatch = valid.filter(e => e.match !== 'never');
  const never = valid.filter(e => e.match === 'never');

  test.each(canMatch)('matches its witness, and the review has no error: $selector', ({ selector, match }) => {
    const parsed = parseBexpr(selector);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(selectorMatches(parsed.ast, match as IdentityClaims)).toBe(true);
    expect(check(selector)).toEqual([]);
  });

  test.each(never)('matches no identity, and the review says so: $selector', ({ selector }) => {
    const parsed = parseBexpr(selector);
    if (!parsed.ok) throw new Error(parsed.error);
    for (const identity of [NO_CLAIMS, ...witnesses]) expect(selectorMatches(parsed.ast, identity)).toBe(false);
    expect(check(selector).length).toBeGreaterThan(0);
  });
});
