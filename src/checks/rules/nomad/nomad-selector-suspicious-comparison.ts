import { BexprExpression, BexprMatch, parseBexpr } from '../../../nomad/bexpr';
import { claimShape } from '../../../nomad/identity';
import { FindingSeverity, Rule } from '../../model';
import { knownString } from '../../values';

/**
 * Comparisons that are valid and can match, but probably not as meant. A guess, so a warning:
 * - a claim path on the value side (`value.team == value.owner`): go-bexpr compares with the
 *   text "value.owner", never with the claim;
 * - `!=` / `not matches` on a list claim: Nomad cannot evaluate them on a list, so they hold only
 *   for identities without the claim.
 */
export const nomadSelectorSuspiciousComparison: Rule = {
  id: 'nomad-selector-suspicious-comparison',
  severity: FindingSeverity.WARNING,
  description: 'A binding rule selector has a comparison that probably does not do what it reads as.',
  remediation: 'Compare claims with literals (`value.team == "ops"`) and test list claims with `in` / `not in` (`"ops" not in list.groups`).',
  resourceTypes: ['secops_nomad_acl_binding_rule'],
  check(view) {
    const selector = knownString(view.values!.selector);
    if (!selector?.trim()) return [];
    const parsed = parseBexpr(selector);
    return parsed.ok ? comparisons(parsed.ast).flatMap(suspicion) : [];
  },
};

/** The comparisons outside `any` / `all` blocks (inside, names may be local). */
function comparisons(node: BexprExpression): BexprMatch[] {
  switch (node.kind) {
    case 'match': return [node];
    case 'not': return comparisons(node.operand);
    case 'collection': return [];
    default: return [...comparisons(node.left), ...comparisons(node.right)];
  }
}

function suspicion(match: BexprMatch): string[] {
  const found: string[] = [];
  if (match.valueSyntax === 'selector' && /^(value|list)\.[^.]/.test(match.value ?? '')) {
    found.push(`\`${match.text}\` compares with the text "${match.value}", not with that claim: go-bexpr takes a selector on the value side as a literal.`);
  }
  if (claimShape(match.selector) === 'list' && (match.operator === '!=' || match.operator === 'not matches')) {
    const list = match.selector.path.join('.');
    const instead = match.operator === '!='
      ? `\`"${match.value ?? ''}" not in ${list}\``
      : `\`not (any ${list} as member { member matches \`${match.value ?? ''}\` })\``;
    found.push(`\`${match.text}\` holds only for identities without \`${list}\`: Nomad cannot apply \`${match.operator}\` to a list, `
      + `so any identity that has the claim fails the rule (to exclude members, use ${instead}).`);
  }
  return found;
}
