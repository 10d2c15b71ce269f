import { named, stateOf, target } from './policy-objects';
import { FindingSeverity, ResourceView, Rule, RuleContext, Values } from '../../model';
import { knownList, knownObject } from '../../values';

const ACTOR_TYPES = [
  ['label', 'secops_illumio_label', 'label'],
  ['label_group', 'secops_illumio_label_group', 'label group'],
  ['ip_list', 'secops_illumio_ip_list', 'IP list'],
] as const;

/**
 * A provider or consumer that stands for nothing (an empty label group, an IP list with no
 * addresses, an object the plan destroys) makes that side of the rule match no traffic; when it
 * is the only one, the rule allows nothing, usually not what its author meant.
 */
export const illumioRuleActorMatchesNothing: Rule = {
  id: 'illumio-rule-actor-matches-nothing',
  severity: FindingSeverity.WARNING,
  description: 'A security rule\'s provider or consumer references nothing (an empty label group or IP list, or an object the plan destroys).',
  remediation: 'Point the rule at labels, label groups or IP lists that have members, or delete the rule.',
  resourceTypes: ['secops_illumio_security_rule'],
  check(view, context) {
    return (['providers', 'consumers'] as const).flatMap(side => (knownList(view.values![side]) ?? [])
      .map(knownObject)
      .flatMap(actor => (actor ? actorProblems(actor, context) : []))
      .map(problem => `A ${side === 'providers' ? 'provider' : 'consumer'} is ${problem}.`));
  },
};

function actorProblems(actor: Values, context: RuleContext): string[] {
  const problems: string[] = [];
  for (const [attribute, type, what] of ACTOR_TYPES) {
    const found = target(context, actor[attribute], type);
    if (!found) continue;
    if (found.action === 'delete') problems.push(`${named(found, what)}, which this plan destroys`);
    else if (isEmpty(found)) problems.push(`${named(found, what)}, which has no members`);
  }
  return problems;
}

function isEmpty(view: ResourceView): boolean {
  const values = stateOf(view);
  const lists = view.type === 'secops_illumio_label_group' ? [values.labels, values.sub_groups]
    : view.type === 'secops_illumio_ip_list' && view.mode === 'managed' ? [values.ip_ranges, values.fqdns]
      : undefined;
  if (!lists) return false;
  const known = lists.map(knownList);
  return known.every(list => list !== undefined && list.length === 0);
}
