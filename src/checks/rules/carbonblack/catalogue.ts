import { RuleContext, Value } from '../../model';
import { knownList, knownObject, knownString } from '../../values';

/** What a review can know about a rule of the Carbon Black Cloud catalogue. */
export interface CatalogueRule {
  readonly risk: string | null;
  readonly supportedActions: readonly string[];
}

/**
 * The rule catalogue as far as the stack or plan shows it: the rules that data sources
 * `secops_carbonblack_rules` and `secops_carbonblack_rule` read (plans read them at plan time; at
 * synth they are not read yet). Rules not shown are unknown: no guess from a built-in list, since
 * each organisation's catalogue has its own custom rules and risks.
 */
export function knownCatalogue(context: RuleContext): ReadonlyMap<string, CatalogueRule> {
  const catalogue = new Map<string, CatalogueRule>();
  const add = (item: Value) => {
    const rule = knownObject(item);
    const id = rule && knownString(rule.rule_id);
    if (!rule || !id) return;
    const actions = (knownList(rule.supported_actions) ?? []).map(knownString).filter((a): a is string => typeof a === 'string');
    catalogue.set(id, { risk: knownString(rule.risk) ?? null, supportedActions: actions });
  };
  for (const view of context.views) {
    if (view.mode !== 'data' || !view.values) continue;
    if (view.type === 'secops_carbonblack_rules') (knownList(view.values.rules) ?? []).forEach(add);
    if (view.type === 'secops_carbonblack_rule' && view.values.rule !== null) add(view.values.rule);
  }
  return catalogue;
}
