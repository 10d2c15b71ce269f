import { carbonblackDestroyEnabledPolicy } from './carbonblack-destroy-enabled-policy';
import { carbonblackExceptionMatchesEverything } from './carbonblack-exception-matches-everything';
import { carbonblackHighRiskRuleAlertOnly } from './carbonblack-high-risk-rule-alert-only';
import { carbonblackPolicyNotEnabled } from './carbonblack-policy-not-enabled';
import { carbonblackPolicyRuleDisabled } from './carbonblack-policy-rule-disabled';
import { carbonblackScopeEverything } from './carbonblack-scope-everything';
import { RulePack } from '../../model';
import { nounsOf } from '../../nouns';
import { knownList, knownString } from '../../values';

/** The Carbon Black Cloud pack (Kubernetes guardrails): one rule per file in this folder. */
export const carbonblackPack: RulePack = {
  name: 'carbonblack',
  title: 'Carbon Black Cloud',
  rules: [
    carbonblackExceptionMatchesEverything,
    carbonblackPolicyNotEnabled,
    carbonblackHighRiskRuleAlertOnly,
    carbonblackDestroyEnabledPolicy,
    carbonblackScopeEverything,
    carbonblackPolicyRuleDisabled,
  ],
  nouns: nounsOf('carbonblack'),
  describe(view, values) {
    const name = knownString(values.name);
    if (view.type === 'secops_carbonblack_policy') {
      const status = knownString(values.status);
      const rules = knownList(values.rule);
      return `${name ? `"${name}"` : 'a policy'}${status ? `, ${status}` : ''}${rules ? `, ${rules.length} rule${rules.length === 1 ? '' : 's'}` : ''}`;
    }
    if (view.type === 'secops_carbonblack_scope') {
      const clusters = (knownList(values.clusters) ?? []).map(knownString).filter(Boolean);
      const where = clusters.includes('*') ? ': every cluster' : clusters.length > 0 ? `: clusters ${clusters.join(', ')}` : '';
      return `${name ? `"${name}"` : 'a scope'}${where}`;
    }
    return undefined;
  },
};
