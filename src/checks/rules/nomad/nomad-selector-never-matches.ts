import { Clause, conjunction, selectorsRead } from './selector-clauses';
import { checkSelector } from '../../../nomad/bexpr';
import { FindingSeverity, Rule } from '../../model';
import { knownString } from '../../values';

/**
 * Nomad evaluates a binding rule's selector against the identity's mapped claims, and nothing
 * else: `value.<claim>` (claim mappings) and `list.<claim>` (list claim mappings). A selector that
 * reads anything else fails to evaluate, which Nomad counts as no match; comparisons joined by
 * `and` that contradict each other cannot all hold. Either way the rule grants nothing, and the
 * people it was written for silently get no access (or a broader rule's).
 */
export const nomadSelectorNeverMatches: Rule = {
  id: 'nomad-selector-never-matches',
  severity: FindingSeverity.ERROR,
  description: 'A binding rule selector can never match an identity, so the rule grants nothing.',
  remediation: 'Select on `value.<claim>` or `list.<claim>` (the auth method\'s claim mappings) and remove contradicting comparisons.',
  resourceTypes: ['secops_nomad_acl_binding_rule'],
  check(view) {
    const selector = knownString(view.values!.selector);
    // Unknown, empty, or invalid (which the provider itself refuses at synth and plan): not ours.
    if (!selector || !checkSelector(selector).ok) return [];
    return [...outsideIdentity(selector), ...contradictions(conjunction(selector) ?? [])];
  },
};

function outsideIdentity(selector: string): string[] {
  const read = selectorsRead(selector) ?? [];
  return read
    .filter(entry => !entry.local)
    .filter(entry => {
      const [root, claim] = entry.selector.split('.');
      return !(root === 'value' || root === 'list') || claim === undefined || claim === '';
    })
    .map(entry => `The selector reads \`${entry.selector}\`, which is not in the identity data Nomad matches against (only \`value.<claim>\` and \`list.<claim>\`), so it never matches.`);
}

function contradictions(clauses: readonly Clause[]): string[] {
  const problems: string[] = [];
  const bySelector = new Map<string, Clause[]>();
  for (const clause of clauses) bySelector.set(clause.selector, [...(bySelector.get(clause.selector) ?? []), clause]);
  for (const group of bySelector.values()) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        if (contradict(group[i]!, group[j]!)) problems.push(`\`${group[i]!.text}\` and \`${group[j]!.text}\` cannot both hold, so the selector never matches.`);
      }
    }
  }
  return problems;
}

/** Whether two comparisons of the same selector can never be true together. */
function contradict(a: Clause, b: Clause): boolean {
  const pair = (x: Clause['operator'], y: Clause['operator']) => (a.operator === x && b.operator === y) || (a.operator === y && b.operator === x);
  const sameValue = a.value === b.value;
  if (a.operator === '==' && b.operator === '==') return !sameValue;
  if (pair('==', '!=') || pair('in', 'not in') || pair('contains', 'not contains') || pair('matches', 'not matches')) return sameValue;
  if (pair('is empty', 'is not empty') || pair('is nil', 'is not nil')) return true;
  return pair('is empty', 'in') || pair('is empty', 'contains');
}
