import { selectorVerdict } from './selector-clauses';
import { parseBexpr } from '../../../nomad/bexpr';
import { FindingSeverity, Rule } from '../../model';
import { knownString } from '../../values';

/**
 * Nomad evaluates a binding rule's selector against the identity's mapped claims, and nothing
 * else: `value.<claim>` (claim mappings, strings) and `list.<claim>` (list claim mappings). A
 * comparison Nomad cannot evaluate (another root, `==` on a list, ...) fails the whole rule, and
 * comparisons of one claim can contradict each other. When every way to true is blocked like
 * that, the rule grants nothing and the people it was written for silently get no access (or a
 * broader rule's). Only certain cases are reported: this rule is an error.
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
    if (!selector?.trim()) return [];
    const parsed = parseBexpr(selector);
    if (!parsed.ok) return [];
    const verdict = selectorVerdict(parsed.ast);
    return verdict.matches === 'never' ? [...verdict.reasons] : [];
  },
};
