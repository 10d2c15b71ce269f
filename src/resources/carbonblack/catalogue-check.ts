import { CarbonBlackClient } from '../../clients/carbonblack/client';
import { Rule } from '../../clients/carbonblack/types';
import { valuesEqual } from '../../provider/cty/compare';
import { CtyType } from '../../provider/cty/types';
import { CtyValue, Unknown } from '../../provider/cty/values';
import { HandlerContext, Problem } from '../../provider/definitions';
import { Block, blockType } from '../../provider/schema';

/** A rule reference as policies, templates and template rule attachments declare it. */
interface RuleReference {
  rule_id?: CtyValue;
  action?: CtyValue;
  preset_id?: CtyValue;
}

/**
 * The plan-time check of `rule` blocks against the organisation's catalogue: the rule exists,
 * its action is among the rule's supported actions, its preset is one of the rule's. Skipped
 * when the blocks did not change (a catalogue change should not wedge an untouched object) or
 * are not known yet; a catalogue that cannot be read is a warning, and the API judges at apply.
 */
export async function checkRuleReferences(
  ctx: HandlerContext<CarbonBlackClient>, block: Block, planned: unknown, prior: unknown,
): Promise<Problem[]> {
  if (!Array.isArray(planned) || (prior !== undefined && valuesEqual(planned as CtyValue, prior as CtyValue, ['list', blockType(block)] as CtyType))) {
    return [];
  }
  let catalogue: Rule[];
  try {
    catalogue = await ctx.client.ruleCatalogue(ctx.signal);
  } catch (error) {
    ctx.warn('Rule actions not checked against the Carbon Black Cloud catalogue', (error as Error).message);
    return [];
  }
  const byId = new Map(catalogue.map(rule => [rule.rule_id, rule]));
  return (planned as RuleReference[]).flatMap((reference, index) => referenceProblems(reference, index, byId));
}

function referenceProblems(reference: RuleReference, index: number, catalogue: ReadonlyMap<string, Rule>): Problem[] {
  if (reference === null || reference instanceof Unknown || typeof reference.rule_id !== 'string') return [];
  const path = (attribute: string) => ['rule', index, attribute];
  const rule = catalogue.get(reference.rule_id);
  if (!rule) {
    return [{ path: path('rule_id'), summary: 'Unknown rule', detail: `the Carbon Black Cloud catalogue has no rule "${reference.rule_id}" (see data source secops_carbonblack_rules)` }];
  }
  const problems: Problem[] = [];
  if (typeof reference.action === 'string' && !rule.supported_actions.includes(reference.action)) {
    problems.push({
      path: path('action'),
      summary: `Invalid value for "rule.${index}.action"`,
      detail: `rule "${rule.rule_id}" supports ${rule.supported_actions.map(a => `"${a}"`).join(', ')}, got "${reference.action}"`,
    });
  }
  const presets = rule.presets ?? [];
  if (typeof reference.preset_id === 'string' && !presets.some(preset => preset.id === reference.preset_id)) {
    const known = presets.map(preset => `"${preset.id}" (${preset.name})`).join(', ');
    problems.push({
      path: path('preset_id'),
      summary: `Invalid value for "rule.${index}.preset_id"`,
      detail: known === '' ? `rule "${rule.rule_id}" has no presets` : `rule "${rule.rule_id}" has the presets ${known}, got "${reference.preset_id}"`,
    });
  }
  return problems;
}
