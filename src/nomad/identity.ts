import { BexprCollection, BexprExpression, BexprMatch, BexprMatchOperator, BexprSelector } from './bexpr-ast';

/**
 * How Nomad evaluates a binding-rule selector against a login identity (nomad lib/auth: the data
 * is `ACLAuthClaims{Value map[string]string "value"; List map[string][]string "list"}`, and any
 * evaluation error makes the rule not match), with go-bexpr v0.1.16's evaluate.go semantics:
 * - a path is looked up with pointerstructure and the struct tags, so only the exact lower-case
 *   roots `value` and `list` exist; any other root is an error, whatever the operator;
 * - a missing map key is not an error: each operator has a fixed answer (`==` false, `!=` true,
 *   `in` false, `not in` true, `is empty` true, `is not empty` false, `matches` false,
 *   `not matches` true, `is nil` true, `is not nil` false);
 * - `value.<claim>` is a string: `==`, substring `in`/`contains`, `matches`, `is empty` work,
 *   `is nil` is an error when the claim is present;
 * - `list.<claim>` is a list of strings: `in`/`contains` and `is empty` work, `==` and `matches`
 *   are errors when the claim is present; `list.<claim>.<n>` is one element (an error when out
 *   of range);
 * - `value` and `list` themselves are maps: `in`/`contains` test for a key, `is empty` works,
 *   `==` and `matches` are errors;
 * - anything below a string is an error.
 */

/** What evaluating one comparison can give: true, false, or an error (which fails the rule). */
export type MatchOutcome = boolean | 'error';

/** What a selector path reaches in the identity data. */
export type ClaimShape =
  /** Not in the identity data: every comparison is an error. */
  | 'outside'
  /** `value` or `list`: a map from claim names. */
  | 'claims'
  /** `value.<claim>`: a string, or absent. */
  | 'string'
  /** `list.<claim>`: a list of strings, or absent. */
  | 'list'
  /** `list.<claim>.<n>`: a string, or an error (no such element). */
  | 'element'
  /** Below a string: always an error. */
  | 'below-string'
  /** A name bound by an enclosing `any` / `all`: not analysed. */
  | 'local';

export function claimShape(selector: BexprSelector, locals: ReadonlySet<string> = new Set()): ClaimShape {
  const [root, , ...rest] = selector.path;
  if (root !== undefined && locals.has(root) && selector.type === 'bexpr') return 'local';
  if (root !== 'value' && root !== 'list') return 'outside';
  if (selector.path.length === 1) return 'claims';
  if (root === 'value') return rest.length === 0 ? 'string' : 'below-string';
  return rest.length === 0 ? 'list' : rest.length === 1 ? 'element' : 'below-string';
}

const ABSENT: Readonly<Record<BexprMatchOperator, boolean>> = {
  '==': false,
  '!=': true,
  'in': false,
  'not in': true,
  'is empty': true,
  'is not empty': false,
  'matches': false,
  'not matches': true,
  'is nil': true,
  'is not nil': false,
};

const EITHER: readonly MatchOutcome[] = [true, false];
const ERROR: readonly MatchOutcome[] = ['error'];

/** The outcomes a comparison can have over all identities (a superset where unsure). */
export function matchOutcomes(match: BexprMatch, locals: ReadonlySet<string> = new Set()): ReadonlySet<MatchOutcome> {
  const shape = claimShape(match.selector, locals);
  const absent = ABSENT[match.operator];
  switch (shape) {
    case 'outside':
    case 'below-string':
      return new Set(ERROR);
    case 'claims':
      return new Set(onMap(match.operator));
    case 'string':
      return new Set([...onString(match), absent]);
    case 'list':
      return new Set([...onList(match.operator), absent]);
    case 'element':
      return new Set([...onString(match), 'error']);
    default:
      return new Set([true, false, 'error']);
  }
}

function onMap(operator: BexprMatchOperator): readonly MatchOutcome[] {
  return ['==', '!=', 'matches', 'not matches'].includes(operator) ? ERROR : EITHER;
}

function onString(match: BexprMatch): readonly MatchOutcome[] {
  if (match.operator === 'is nil' || match.operator === 'is not nil') return ERROR;
  // Every string contains "".
  if (match.value === '' && (match.operator === 'in' || match.operator === 'not in')) return [match.operator === 'in'];
  return EITHER;
}

function onList(operator: BexprMatchOperator): readonly MatchOutcome[] {
  return ['==', '!=', 'matches', 'not matches'].includes(operator) ? ERROR : EITHER;
}

/** The outcomes of `any` / `all` over a path (its inner expression is not analysed). */
export function collectionOutcomes(selector: BexprSelector, op: 'any' | 'all', locals: ReadonlySet<string> = new Set()): ReadonlySet<MatchOutcome> {
  switch (claimShape(selector, locals)) {
    case 'outside':
    case 'below-string':
    case 'element':
      return new Set(ERROR);
    case 'string':
      // A string is "not a list or a map"; an absent claim gives `all` true and `any` false.
      return new Set([op === 'all', 'error']);
    default:
      return new Set([true, false, 'error']);
  }
}

/** A comparison on one string claim, evaluated for a present value. */
export function evaluateOnString(operator: BexprMatchOperator, raw: string | undefined, value: string): MatchOutcome | undefined {
  const target = raw ?? '';
  switch (operator) {
    case '==': return value === target;
    case '!=': return value !== target;
    case 'in': return value.includes(target);
    case 'not in': return !value.includes(target);
    case 'is empty': return value === '';
    case 'is not empty': return value !== '';
    case 'is nil':
    case 'is not nil': return 'error';
    default: return undefined; // a regular expression: not evaluated here
  }
}

/** The fixed answer of a comparison when its map key (the claim) is absent. */
export function outcomeWhenAbsent(operator: BexprMatchOperator): boolean {
  return ABSENT[operator];
}

/** An identity's selectable data: Nomad's ACLAuthClaims (claim mappings and list claim mappings). */
export interface IdentityClaims {
  readonly value: Readonly<Record<string, string>>;
  readonly list: Readonly<Record<string, readonly string[]>>;
}

/** A bound name of an enclosing `any` / `all`: a path it stands for, or a key / index it holds. */
type Local = { readonly name: string; readonly path?: readonly string[]; readonly held?: string | number };

type Found = { readonly present: false } | { readonly present: true; readonly value: unknown };

class EvaluationError extends Error {}

/**
 * Whether a selector matches an identity, as Nomad decides it at login: go-bexpr's evaluation,
 * where any evaluation error means no match. Regular expressions run as JavaScript ones (RE2
 * and JavaScript agree on the common syntax).
 */
export function selectorMatches(ast: BexprExpression, claims: IdentityClaims): boolean {
  try {
    return evaluate(ast, claims, []);
  } catch (error) {
    if (error instanceof EvaluationError) return false;
    throw error;
  }
}

function evaluate(node: BexprExpression, claims: IdentityClaims, locals: readonly Local[]): boolean {
  switch (node.kind) {
    case 'not': return !evaluate(node.operand, claims, locals);
    case 'and': return evaluate(node.left, claims, locals) && evaluate(node.right, claims, locals);
    case 'or': return evaluate(node.left, claims, locals) || evaluate(node.right, claims, locals);
    case 'match': {
      const found = lookUp(node.selector.path, claims, locals);
      return found.present ? compare(node, found.value) : ABSENT[node.operator];
    }
    default: return iterate(node, claims, locals);
  }
}

function iterate(node: BexprCollection, claims: IdentityClaims, locals: readonly Local[]): boolean {
  const found = lookUp(node.selector.path, claims, locals);
  if (!found.present) return node.op === 'all';
  const { value } = found;
  const isList = Array.isArray(value);
  if (!isList && (typeof value !== 'object' || value === null)) throw new EvaluationError('not a list or a map');
  const keys: (string | number)[] = isList ? (value as unknown[]).map((_v, i) => i) : Object.keys(value as object);
  const { index, value: valueName, default: name } = node.binding;
  if (index !== undefined && index === valueName) throw new EvaluationError('same name for index and value');
  for (const key of keys) {
    const path = [...resolvedPath(node.selector.path, locals), String(key)];
    const bound: Local[] = [];
    if (name !== undefined) bound.push(isList ? { name, path } : { name, held: key });
    if (index !== undefined) bound.push({ name: index, held: key });
    if (valueName !== undefined) bound.push({ name: valueName, path });
    const result = evaluate(node.inner, claims, [...locals, ...bound]);
    if (result === (node.op === 'any')) return result;
  }
  return node.op === 'all';
}

/** A path with its first part replaced when it names a local that stands for a path. */
function resolvedPath(path: readonly string[], locals: readonly Local[]): readonly string[] {
  const local = [...locals].reverse().find(l => l.name === path[0]);
  return local?.path ? [...local.path, ...path.slice(1)] : path;
}

function lookUp(path: readonly string[], claims: IdentityClaims, locals: readonly Local[]): Found {
  const local = [...locals].reverse().find(l => l.name === path[0]);
  if (local && !local.path) {
    if (path.length > 1) throw new EvaluationError('a key or index has no parts');
    return { present: true, value: local.held };
  }
  const full = resolvedPath(path, locals);
  let current: unknown = { value: claims.value, list: claims.list };
  for (let i = 0; i < full.length; i++) {
    const part = full[i]!;
    if (Array.isArray(current)) {
      if (!/^-?[0-9]+$/.test(part) || Number(part) < 0 || Number(part) >= current.length) throw new EvaluationError('no such element');
      current = current[Number(part)];
    } else if (typeof current === 'object' && current !== null && Object.prototype.hasOwnProperty.call(current, part)) {
      current = (current as Record<string, unknown>)[part];
    } else {
      // A missing key of a map (not of the top-level struct) is "absent", not an error.
      if (i > 0 && typeof current === 'object' && current !== null && i === full.length - 1) return { present: false };
      throw new EvaluationError('not found');
    }
  }
  return { present: true, value: current };
}

/** Each operator as a positive test and whether its result is negated (`!=` is not `==`). */
const POSITIVE: Readonly<Record<BexprMatchOperator, readonly [string, boolean]>> = {
  '==': ['==', false],
  '!=': ['==', true],
  'in': ['in', false],
  'not in': ['in', true],
  'is empty': ['is empty', false],
  'is not empty': ['is empty', true],
  'matches': ['matches', false],
  'not matches': ['matches', true],
  'is nil': ['is nil', false],
  'is not nil': ['is nil', true],
};

function compare(node: BexprMatch, value: unknown): boolean {
  const [positive, negated] = POSITIVE[node.operator];
  return negated !== positiveCompare(positive, node.value ?? '', value);
}

function positiveCompare(operator: string, raw: string, value: unknown): boolean {
  switch (operator) {
    case '==':
      if (typeof value === 'string') return value === raw;
      if (typeof value === 'number') return integer(raw) === value;
      throw new EvaluationError('no equality for this type');
    case 'in':
      if (typeof value === 'string') return value.includes(raw);
      if (Array.isArray(value)) return value.includes(raw);
      if (typeof value === 'object' && value !== null) return Object.prototype.hasOwnProperty.call(value, raw);
      throw new EvaluationError('no in for this type');
    case 'is empty':
      if (typeof value === 'string' || Array.isArray(value)) return value.length === 0;
      if (typeof value === 'object' && value !== null) return Object.keys(value).length === 0;
      throw new EvaluationError('no is empty for this type');
    case 'matches':
      if (typeof value !== 'string') throw new EvaluationError('not convertible to []byte');
      return new RegExp(raw).test(value);
    default:
      // is nil: maps and lists of an identity are never nil; strings cannot be asked.
      if (typeof value === 'object' && value !== null) return false;
      throw new EvaluationError('no is nil for this type');
  }
}

function integer(raw: string): number {
  if (!/^-?[0-9]+$/.test(raw)) throw new EvaluationError('not an integer');
  return Number(raw);
}
