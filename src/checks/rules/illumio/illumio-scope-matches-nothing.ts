import { named, stateOf, target } from './policy-objects';
import { FindingSeverity, ResourceView, Rule, RuleContext, Value, Values } from '../../model';
import { knownBool, knownList, knownObject, knownString, sameValue } from '../../values';

/**
 * A scope is the set of workloads carrying all its labels (and a member of each label group).
 * It matches nothing when it names an empty label group, two labels of one key (a workload has
 * one label per key), the same label as included and excluded, or an object the plan destroys.
 * The rule set's rules then apply to no workload.
 */
export const illumioScopeMatchesNothing: Rule = {
  id: 'illumio-scope-matches-nothing',
  severity: FindingSeverity.ERROR,
  description: 'A rule set scope references nothing, so its rules apply to no workload.',
  remediation: 'Scope the rule set to labels of different keys (e.g. app and env) and to label groups that have members.',
  resourceTypes: ['secops_illumio_rule_set'],
  check(view, context) {
    const scopes = (knownList(view.values!.scopes) ?? []).map(knownObject);
    return scopes.flatMap((scope, index) => {
      if (!scope) return [];
      const where = scopes.length > 1 ? `Scope ${index + 1}` : 'The scope';
      return scopeProblems(scope, context).map(problem => `${where} ${problem}.`);
    });
  },
};

interface Member {
  readonly href: Value;
  readonly excluded: boolean;
}

function members(scope: Values, block: 'label' | 'label_group'): Member[] {
  return (knownList(scope[block]) ?? []).map(knownObject)
    .filter((m): m is Values => m !== undefined)
    .map(m => ({ href: m.href, excluded: knownBool(m.exclusion) === true }));
}

function scopeProblems(scope: Values, context: RuleContext): string[] {
  const labels = members(scope, 'label');
  const groups = members(scope, 'label_group');
  const problems: string[] = [];
  for (const [list, type, what] of [[labels, 'secops_illumio_label', 'label'], [groups, 'secops_illumio_label_group', 'label group']] as const) {
    for (const member of list.filter(m => !m.excluded)) {
      const found = target(context, member.href, type);
      if (found?.action === 'delete') problems.push(`references ${named(found, what)}, which this plan destroys`);
      else if (found && type === 'secops_illumio_label_group' && isEmptyGroup(found)) problems.push(`requires ${named(found, what)}, which has no members`);
    }
    for (const member of list.filter(m => m.excluded)) {
      const alsoIncluded = list.find(m => !m.excluded && sameValue(m.href, member.href));
      if (alsoIncluded) problems.push(`both requires and excludes ${describe(context.resolve(member.href), what)}`);
    }
  }
  problems.push(...sameKeyLabels(labels.filter(m => !m.excluded), context));
  return problems;
}

function isEmptyGroup(group: ResourceView): boolean {
  const values = stateOf(group);
  const [labels, subGroups] = [knownList(values.labels), knownList(values.sub_groups)];
  return labels !== undefined && subGroups !== undefined && labels.length === 0 && subGroups.length === 0;
}

/** Two different labels of one key: no workload carries both. */
function sameKeyLabels(included: readonly Member[], context: RuleContext): string[] {
  const byKey = new Map<string, ResourceView[]>();
  for (const member of included) {
    const label = target(context, member.href, 'secops_illumio_label');
    const key = label && knownString(stateOf(label).key);
    if (!label || !key) continue;
    const seen = byKey.get(key) ?? [];
    if (!seen.includes(label)) byKey.set(key, [...seen, label]);
  }
  return [...byKey.entries()]
    .filter(([, labels]) => labels.length > 1)
    .map(([key, labels]) => `requires ${labels.map(l => named(l, 'label')).join(' and ')} at once, but a workload has one "${key}" label`);
}

function describe(view: ResourceView | undefined, what: string): string {
  return view ? named(view, what) : `the same ${what}`;
}
