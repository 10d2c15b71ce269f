import { evaluate } from './engine';
import { planViews } from './from-plan';
import { Finding, ResourceView, Suppression } from './model';
import { PACKS, packsNamed } from './packs';
import { reviewMarkdown } from './review';
import { toSarif } from './sarif';

export interface PlanReview {
  readonly views: readonly ResourceView[];
  readonly findings: readonly Finding[];
  readonly markdown: string;
  readonly sarif: Record<string, unknown>;
}

/** A suppression for plans (HCL has no construct metadata): a rule, a resource address (or module), and why. */
export interface AddressSuppression {
  readonly ruleId: string;
  /** `secops_nomad_acl_binding_rule.break_glass`; `module.lab` covers every resource in that module. */
  readonly address: string;
  readonly reason: string;
}

export interface PlanReviewOptions {
  /** Pack names (default all). */
  readonly packs?: readonly string[];
  /** Where SARIF results point: the plan file as given on the command line. */
  readonly planUri: string;
  readonly suppressions?: readonly AddressSuppression[];
}

/**
 * Reviews a plan (`terraform show -json PLANFILE`, parsed) with the chosen packs: the Markdown
 * review and the SARIF log of the same findings.
 */
export function reviewPlan(plan: unknown, options: PlanReviewOptions): PlanReview {
  const packs = packsNamed(options.packs);
  const views = planViews(plan);
  const suppressions = checkedSuppressions(options.suppressions ?? []);
  const findings = evaluate(views, packs, view => suppressions.filter(s => covers(s.scope, view.address)));
  return { views, findings, markdown: reviewMarkdown(views, findings), sarif: toSarif(findings, packs, { artifactUri: options.planUri }) };
}

/** The address itself, one of its instances (`x.y[0]`), or anything in the module. */
function covers(scope: string, address: string): boolean {
  return address === scope || address.startsWith(`${scope}[`) || (scope.startsWith('module.') && address.startsWith(`${scope}.`));
}

/** Every suppression must name a known rule, an address and a reason; a bad one is an error, never silently ignored. */
function checkedSuppressions(entries: readonly unknown[]): Suppression[] {
  const known = PACKS.flatMap(pack => pack.rules.map(rule => rule.id));
  return entries.map((entry, index) => {
    const { ruleId, address, reason } = (entry ?? {}) as Partial<Record<keyof AddressSuppression, unknown>>;
    const where = `suppression ${index + 1}`;
    if (typeof ruleId !== 'string' || !known.includes(ruleId)) throw new Error(`${where}: "ruleId" must be one of ${known.join(', ')}`);
    if (typeof address !== 'string' || address.trim() === '') throw new Error(`${where} (${ruleId}): "address" must be a resource address, e.g. secops_nomad_acl_binding_rule.break_glass`);
    if (typeof reason !== 'string' || reason.trim() === '') throw new Error(`${where} (${ruleId} on ${address}): "reason" is required: say why the finding is acceptable here`);
    return { ruleId, reason: reason.trim(), scope: address };
  });
}
