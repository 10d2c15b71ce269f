import { CarbonBlackClient } from '../../clients/carbonblack/client';
import { Rule, RULE_ACTIONS } from '../../clients/carbonblack/types';
import { BOOL, list, object, STRING } from '../../provider/cty/types';
import { defineDataSource } from '../../provider/definitions';
import { validators } from '../../provider/validate';

/**
 * data "secops_carbonblack_rules": the rule catalogue (`GET .../rules`), built-in and custom
 * rules, optionally filtered. Custom rules are made in the console: the API can only list and
 * delete them, so this provider has no resource that creates one.
 */
export interface RuleSummary {
  rule_id: string;
  name: string;
  description: string;
  risk: string | null;
  category: string;
  supported_actions: string[];
  is_custom: boolean;
  presets: { id: string; name: string }[];
  policy_ids: string[];
  template_ids: string[];
}

export interface RulesData {
  category: string | null;
  risk: string | null;
  supported_action: string | null;
  rules: RuleSummary[] | null;
}

export const RULE_TYPE = object({
  rule_id: STRING,
  name: STRING,
  description: STRING,
  risk: STRING,
  category: STRING,
  supported_actions: list(STRING),
  is_custom: BOOL,
  presets: list(object({ id: STRING, name: STRING })),
  policy_ids: list(STRING),
  template_ids: list(STRING),
});

export const rulesData = defineDataSource<CarbonBlackClient, RulesData>({
  typeName: 'secops_carbonblack_rules',
  schema: {
    description: 'Lists the Carbon Black Cloud rule catalogue: the checks policies and templates can include. Custom rules are created in the console (the API can list and delete them, not create them), so no resource manages them.',
    attributes: {
      category: { type: STRING, optional: true, description: 'Only rules of this category, e.g. `Workload Security`, `RBAC`, `Container Images`.' },
      risk: { type: STRING, optional: true, description: 'Only rules of this risk: `low`, `medium` or `high` (custom rules have none).', validators: [validators.oneOf(['low', 'medium', 'high'])] },
      supported_action: { type: STRING, optional: true, description: 'Only rules that support this action: `alert`, `block` or `enforce`.', validators: [validators.oneOf(RULE_ACTIONS)] },
      rules: { type: ['list', RULE_TYPE], computed: true, description: 'The matching rules, ordered by rule id.' },
    },
  },

  async read(ctx, config) {
    const rules = (await ctx.client.listRules(ctx.signal)).filter(rule => (config.category === null || rule.category === config.category)
      && (config.risk === null || rule.risk === config.risk)
      && (config.supported_action === null || rule.supported_actions.includes(config.supported_action)));
    return { ...config, rules: rules.map(ruleSummary) };
  },
});

export function ruleSummary(rule: Rule): RuleSummary {
  return {
    rule_id: rule.rule_id,
    name: rule.name,
    description: rule.description,
    risk: rule.risk,
    category: rule.category,
    supported_actions: [...rule.supported_actions],
    is_custom: rule.custom_rule_metadata !== null,
    presets: (rule.presets ?? []).map(preset => ({ id: preset.id, name: preset.name })),
    policy_ids: rule.policies.map(used => used.policy_id),
    template_ids: rule.templates.map(used => used.template_id),
  };
}
