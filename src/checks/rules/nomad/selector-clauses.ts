import { BexprCollection, BexprExpression, BexprMatch } from '../../../nomad/bexpr';
import { claimShape, collectionOutcomes, evaluateOnString, matchOutcomes, outcomeWhenAbsent } from '../../../nomad/identity';

/**
 * Whether a parsed binding-rule selector can ever match a Nomad identity, by enumerating its
 * paths to true. go-bexpr short-circuits and stops at the first error, so `a or b` is true when
 * `a` is true or when `a` is false (not an error) and `b` is true; `not a` is true when `a` is
 * false. A path is a list of comparisons each needing a given outcome; it is dead when one of
 * them cannot have that outcome on any identity, or when comparisons of the same claim cannot
 * hold together. Unsure cases count as alive, so "never matches" is only said when certain.
 */

/** One comparison on a path, and the outcome the path needs from it. */
export interface Step {
  readonly node: BexprMatch | BexprCollection;
  readonly want: boolean;
}

export type Verdict =
  | { readonly matches: 'maybe' }
  | { readonly matches: 'never'; readonly reasons: readonly string[] };

/** Beyond this many paths the selector is not analysed (and so not reported). */
const MAX_PATHS = 256;

export function selectorVerdict(ast: BexprExpression): Verdict {
  const reasons = new Set<string>();
  const live = paths(ast, true, reasons);
  if (live === undefined || live.length > 0) return { matches: 'maybe' };
  return { matches: 'never', reasons: [...reasons] };
}

function paths(expr: BexprExpression, want: boolean, reasons: Set<string>): Step[][] | undefined {
  switch (expr.kind) {
    case 'match':
    case 'collection':
      return prune([[{ node: expr, want }]], reasons);
    case 'not':
      return paths(expr.operand, !want, reasons);
    default: {
      // The left side alone decides when it gives the short-circuit value (false for `and`,
      // true for `or`); otherwise the right side decides.
      const shortCircuit = expr.kind === 'or';
      const decided = want === shortCircuit ? paths(expr.left, shortCircuit, reasons) : [];
      const leftOther = paths(expr.left, !shortCircuit, reasons);
      const right = paths(expr.right, want, reasons);
      if (!decided || !leftOther || !right) return undefined;
      const through = product(leftOther, right, reasons);
      return through && limit([...decided, ...through]);
    }
  }
}

function product(a: Step[][], b: Step[][], reasons: Set<string>): Step[][] | undefined {
  if (a.length * b.length > MAX_PATHS * 4) return undefined;
  return limit(prune(a.flatMap(x => b.map(y => [...x, ...y])), reasons));
}

function limit(found: Step[][]): Step[][] | undefined {
  return found.length > MAX_PATHS ? undefined : found;
}

function prune(found: Step[][], reasons: Set<string>): Step[][] {
  return found.filter(path => {
    // A step that is impossible alone explains the path; conflicts are looked for otherwise.
    const dead = deadSteps(path);
    const why = dead.length > 0 ? dead : contradictions(path);
    why.forEach(reason => reasons.add(reason));
    return why.length === 0;
  });
}

function deadSteps(path: readonly Step[]): string[] {
  return path.filter(step => !outcomes(step.node).has(step.want)).map(step => impossible(step));
}

function outcomes(node: BexprMatch | BexprCollection) {
  return node.kind === 'match' ? matchOutcomes(node) : collectionOutcomes(node.selector, node.op);
}

/** Why a comparison cannot have the outcome a path needs. */
function impossible(step: Step): string {
  const { node, want } = step;
  const selector = node.selector.path.join('.');
  const shape = claimShape(node.selector);
  if (shape === 'outside') {
    return `The selector reads \`${selector}\`, which is not in the identity data Nomad matches against (only \`value.<claim>\` and \`list.<claim>\`), so it never matches.`;
  }
  if (shape === 'below-string') {
    return `\`${node.text}\` reads below a string claim (\`${node.selector.path.slice(0, 2).join('.')}\`), which Nomad cannot evaluate, so the selector never matches.`;
  }
  if (node.kind === 'collection') {
    return `\`${node.text}\` iterates over \`${selector}\`, which is a string claim, not a list, so the selector never matches.`;
  }
  const kind = shape === 'claims' ? 'the claim map' : shape === 'list' ? 'the list claim' : 'the claim';
  return `\`${node.text}\` can never be ${want}: Nomad cannot apply \`${node.operator}\` to ${kind} \`${selector}\`${shapeHint(node, shape)}, so the selector never matches.`;
}

function shapeHint(node: BexprMatch, shape: string): string {
  if (shape === 'list' && (node.operator === '==' || node.operator === '!=')) return ` (a list; \`"${node.value ?? ''}" in ${node.selector.path.join('.')}\` tests membership)`;
  if (shape === 'claims') return ' (a map of claims; select one claim as `value.<claim>`)';
  if (node.value === '') return ' with "" (every string contains "")';
  return '';
}

/** Comparisons of one claim on a path that cannot all hold. */
function contradictions(path: readonly Step[]): string[] {
  const byClaim = new Map<string, Step[]>();
  for (const step of path) {
    if (step.node.kind !== 'match') continue;
    const shape = claimShape(step.node.selector);
    if (shape !== 'string' && shape !== 'list') continue;
    const key = `${shape}\u0000${step.node.selector.path.join('\u0000')}`;
    byClaim.set(key, [...(byClaim.get(key) ?? []), step]);
  }
  return [...byClaim.values()].flatMap(steps => {
    const conflict = smallestConflict(steps);
    return conflict ? [describeConflict(conflict)] : [];
  });
}

function smallestConflict(steps: readonly Step[]): readonly Step[] | undefined {
  if (steps.length < 2) return undefined;
  for (let i = 0; i < steps.length; i++) {
    for (let j = i + 1; j < steps.length; j++) {
      if (!satisfiable([steps[i]!, steps[j]!])) return [steps[i]!, steps[j]!];
    }
  }
  return satisfiable(steps) ? undefined : steps;
}

function describeConflict(steps: readonly Step[]): string {
  const texts = steps.map(step => `\`${step.want ? '' : 'not '}${(step.node as BexprMatch).text}\``);
  const listed = texts.length === 2 ? texts.join(' and ') : `${texts.slice(0, -1).join(', ')} and ${texts[texts.length - 1]}`;
  return `${listed} cannot ${texts.length === 2 ? 'both' : 'all'} hold, so the selector never matches.`;
}

/** Whether one claim can be in a state (absent, or some value) where every step gets its outcome. */
function satisfiable(steps: readonly Step[]): boolean {
  const matches = steps.map(step => step.node as BexprMatch);
  if (steps.every((step, i) => outcomeWhenAbsent(matches[i]!.operator) === step.want)) return true;
  return claimShape(matches[0]!.selector) === 'string' ? stringPossible(steps) : listPossible(steps);
}

/** A present string claim: exact when a step pins the value, otherwise only obvious conflicts. */
function stringPossible(steps: readonly Step[]): boolean {
  const known = steps.filter(step => (step.node as BexprMatch).operator !== 'matches' && (step.node as BexprMatch).operator !== 'not matches');
  const holdsFor = (value: string) => known.every(step => {
    const node = step.node as BexprMatch;
    return evaluateOnString(node.operator, node.value, value) === step.want;
  });
  const pinned = known.find(step => {
    const op = (step.node as BexprMatch).operator;
    return (op === '==' && step.want) || (op === '!=' && !step.want) || (op === 'is empty' && step.want) || (op === 'is not empty' && !step.want);
  });
  if (pinned) {
    const node = pinned.node as BexprMatch;
    return holdsFor(node.operator === '==' || node.operator === '!=' ? node.value ?? '' : '');
  }
  if (known.some(step => ['is nil', 'is not nil'].includes((step.node as BexprMatch).operator))) return false;
  const substrings = (contained: boolean) => known
    .filter(step => ['in', 'not in'].includes((step.node as BexprMatch).operator))
    .filter(step => ((step.node as BexprMatch).operator === 'in') === (step.want === contained))
    .map(step => (step.node as BexprMatch).value ?? '');
  const excluded = substrings(false);
  return !substrings(true).some(needed => excluded.some(forbidden => needed.includes(forbidden)));
}

/** A present list claim: membership and emptiness; `==` and `matches` are errors on a list. */
function listPossible(steps: readonly Step[]): boolean {
  const ops = steps.map(step => ({ op: (step.node as BexprMatch).operator, value: (step.node as BexprMatch).value ?? '', want: step.want }));
  if (ops.some(({ op }) => ['==', '!=', 'matches', 'not matches'].includes(op))) return false;
  const members = ops.filter(({ op, want }) => (op === 'in') === want && (op === 'in' || op === 'not in')).map(({ value }) => value);
  const absent = ops.filter(({ op, want }) => (op === 'in') !== want && (op === 'in' || op === 'not in')).map(({ value }) => value);
  const empty = ops.some(({ op, want }) => (op === 'is empty' && want) || (op === 'is not empty' && !want));
  const nonEmpty = ops.some(({ op, want }) => (op === 'is empty' && !want) || (op === 'is not empty' && want));
  if (empty && (nonEmpty || members.length > 0)) return false;
  return !members.some(member => absent.includes(member));
}
