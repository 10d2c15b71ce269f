import { CheckLevel, Finding, Reference, ResourceView, Rule, RuleContext, RulePack, severityAt, Suppression, Value } from './model';

/** Where suppressions come from: construct metadata at synth; none for plans. */
export type SuppressionLookup = (view: ResourceView) => readonly Suppression[];

/**
 * Runs the packs' rules over the views of one stack or plan. A rule sees each view of the types
 * it names: as declared or planned (`state` rules, skipping what a plan destroys) or as it was
 * before a destroy or replacement (`destroy` rules). Findings of suppressed rules are kept, with
 * the suppression, for the report. Each finding has its rule's severity at `level`.
 */
export function evaluate(
  views: readonly ResourceView[], packs: readonly RulePack[], suppressions: SuppressionLookup = () => [], level: CheckLevel = 'baseline',
): Finding[] {
  const context = ruleContext(views);
  const findings: Finding[] = [];
  for (const pack of packs) {
    for (const rule of pack.rules) {
      const severity = severityAt(rule, level);
      for (const view of views.filter(v => v.mode === 'managed' && rule.resourceTypes.includes(v.type) && inspected(rule, v))) {
        for (const message of rule.check(view, context)) {
          const suppression = suppressions(view).find(s => s.ruleId === rule.id && (s.address === undefined || covers(s.address, view.address)));
          findings.push({ rule, view, message, severity, ...(suppression ? { suppression } : {}) });
        }
      }
    }
  }
  return findings;
}

/** Whether a suppression's address covers a resource: the address itself, one of its instances (`x.y[0]`), or anything in the module. */
export function covers(scope: string, address: string): boolean {
  return address === scope || address.startsWith(`${scope}[`) || (scope.startsWith('module.') && address.startsWith(`${scope}.`));
}

function inspected(rule: Rule, view: ResourceView): boolean {
  if (rule.inspects === 'destroy') return view.action === 'delete' || view.action === 'replace';
  return view.values !== null;
}

/** Resolves references by address and known hrefs/ids to the views of the same stack or plan. */
export function ruleContext(views: readonly ResourceView[]): RuleContext {
  const byAddress = new Map<string, ResourceView[]>();
  const byHref = new Map<string, ResourceView[]>();
  const add = (map: Map<string, ResourceView[]>, key: string, view: ResourceView) => map.set(key, [...(map.get(key) ?? []), view]);
  for (const view of views) {
    add(byAddress, view.address, view);
    // `x.y[0]` and `x.y["k"]` are also reachable as `x.y` when they are the only instance.
    const base = view.address.replace(/\[[^\]]*\]$/, '');
    if (base !== view.address) add(byAddress, base, view);
    const state = view.values ?? view.before;
    for (const key of ['href', 'id']) {
      const own = state?.[key];
      if (typeof own === 'string' && own !== '') add(byHref, own, view);
    }
  }
  const single = (found: ResourceView[] | undefined) => (found && found.length === 1 ? found[0] : undefined);
  return {
    views,
    resolve(value: Value): ResourceView | undefined {
      if (value instanceof Reference) return single(byAddress.get(value.address));
      if (typeof value === 'string') return single(byHref.get(value));
      return undefined;
    },
  };
}
