import { RULE_TYPE, ruleSummary, RuleSummary } from './rules';
import { CarbonBlackClient } from '../../clients/carbonblack/client';
import { STRING } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';
import { validators } from '../../provider/validate';

/** data "secops_carbonblack_rule": one rule of the catalogue by id (the API lists the catalogue; there is no single-rule read). */
export interface RuleData {
  rule_id: string;
  rule: RuleSummary | null;
}

export const ruleData = defineDataSource<CarbonBlackClient, RuleData>({
  typeName: 'secops_carbonblack_rule',
  schema: {
    description: 'One rule of the Carbon Black Cloud catalogue: its risk, category, supported actions and presets.',
    attributes: {
      rule_id: { type: STRING, required: true, description: 'The rule\'s id, e.g. `app-armor`.', validators: [validators.notEmpty()] },
      rule: { type: RULE_TYPE, computed: true, description: 'The rule.' },
    },
  },

  async read(ctx, config) {
    const rules = await ctx.client.listRules(ctx.signal);
    const found = rules.find(rule => rule.rule_id === config.rule_id);
    if (!found) {
      const close = rules.map(rule => rule.rule_id).filter(id => id.includes(config.rule_id) || config.rule_id.includes(id));
      throw new Error(`Carbon Black Cloud has no rule "${config.rule_id}"${close.length > 0 ? ` (did you mean ${close.map(id => `"${id}"`).join(', ')}?)` : ''}`);
    }
    return { rule_id: config.rule_id, rule: ruleSummary(found) };
  },
});
