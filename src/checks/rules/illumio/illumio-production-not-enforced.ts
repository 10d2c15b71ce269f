import { named, stateOf, target } from './policy-objects';
import { FindingSeverity, Rule, RuleContext, Value } from '../../model';
import { knownList, knownString } from '../../values';

/** Where each object keeps its labels and its enforcement mode, and which modes do not enforce. */
const SUBJECTS: Readonly<Record<string, { labels: string; mode: string; notEnforcing: readonly string[]; what: string }>> = {
  secops_illumio_workload: { labels: 'labels', mode: 'enforcement_mode', notEnforcing: ['idle', 'illuminated', 'visibility_only'], what: 'Workload' },
  secops_illumio_managed_workload: { labels: 'labels', mode: 'enforcement_mode', notEnforcing: ['idle', 'illuminated', 'visibility_only'], what: 'Managed workload' },
  secops_illumio_container_workload_profile: { labels: 'assign_labels', mode: 'mode', notEnforcing: ['unmanaged', 'idle', 'illuminated'], what: 'Container workload profile' },
};

const PRODUCTION = /^prod(uction)?$/i;

/**
 * Policy only protects workloads that enforce it. A production workload (an `env` label such as
 * `prod`) left idle or in visibility-only mode accepts every connection the rules were written to
 * stop, while the PCE shows it as covered. Known only when the env label is in the same stack or
 * plan and the mode is set: otherwise no finding.
 */
export const illumioProductionNotEnforced: Rule = {
  id: 'illumio-production-not-enforced',
  severity: FindingSeverity.ERROR,
  description: 'A production workload or container workload profile does not enforce policy (idle or visibility only).',
  remediation: 'Set the enforcement mode to `enforced` (after checking the traffic the rules would block in `illuminated` mode), or remove the production label.',
  resourceTypes: Object.keys(SUBJECTS),
  check(view, context) {
    const subject = SUBJECTS[view.type];
    const mode = knownString(view.values![subject.mode]);
    if (!mode || !subject.notEnforcing.includes(mode)) return [];
    const production = productionLabel(knownList(view.values![subject.labels]) ?? [], context);
    return production ? [`${subject.what} with ${production} is in "${mode}" mode: policy is not enforced on it.`] : [];
  },
};

/** The production env label among the hrefs, named, when one is known. */
function productionLabel(hrefs: readonly Value[], context: RuleContext): string | undefined {
  for (const href of hrefs) {
    const label = target(context, href, 'secops_illumio_label'); // a label resource or data source
    if (!label) continue;
    const values = stateOf(label);
    if (knownString(values.key) === 'env' && PRODUCTION.test(knownString(values.value) ?? '')) return named(label, 'label');
  }
  return undefined;
}
