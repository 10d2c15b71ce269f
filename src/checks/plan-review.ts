import { evaluate } from './engine';
import { planViews } from './from-plan';
import { Finding, ResourceView } from './model';
import { packsNamed } from './packs';
import { reviewMarkdown } from './review';
import { toSarif } from './sarif';

export interface PlanReview {
  readonly views: readonly ResourceView[];
  readonly findings: readonly Finding[];
  readonly markdown: string;
  readonly sarif: Record<string, unknown>;
}

/**
 * Reviews a plan (`terraform show -json PLANFILE`, parsed) with the chosen packs (default all):
 * the Markdown review and the SARIF log of the same findings. `planUri` is where SARIF results
 * point (the plan file as given on the command line).
 */
export function reviewPlan(plan: unknown, options: { packs?: readonly string[]; planUri: string }): PlanReview {
  const packs = packsNamed(options.packs);
  const views = planViews(plan);
  const findings = evaluate(views, packs);
  return { views, findings, markdown: reviewMarkdown(views, findings), sarif: toSarif(findings, packs, { artifactUri: options.planUri }) };
}
