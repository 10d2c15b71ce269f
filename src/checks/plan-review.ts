import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { covers, evaluate } from './engine';
import { planViews } from './from-plan';
import { checkLevel, Finding, parseSuppressionId, ResourceView, Suppression, SUPPRESSIONS_FILE_NAME } from './model';
import { PACKS, packsNamed } from './packs';
import { reviewMarkdown } from './review';
import { toSarif } from './sarif';

export interface PlanReview {
  readonly views: readonly ResourceView[];
  readonly findings: readonly Finding[];
  readonly markdown: string;
  readonly sarif: Record<string, unknown>;
}

/**
 * A suppression for plans (HCL has no construct metadata): a rule, a resource address (or module),
 * and why. `ruleId` may name the address itself (`rule-id[address]`), then `address` may be left out.
 */
export interface AddressSuppression {
  readonly ruleId: string;
  /** `secops_nomad_acl_binding_rule.break_glass`; `module.lab` covers every resource in that module. */
  readonly address?: string;
  readonly reason: string;
  /** The construct the suppression was added to, for suppressions written at synth. */
  readonly constructPath?: string;
}

export interface PlanReviewOptions {
  /** Pack names (default all). */
  readonly packs?: readonly string[];
  /** Where SARIF results point: the plan file as given on the command line. */
  readonly planUri: string;
  readonly suppressions?: readonly AddressSuppression[];
  /** `baseline` (default) or `strict`. */
  readonly level?: string;
}

/**
 * Reviews a plan (`terraform show -json PLANFILE`, parsed) with the chosen packs: the Markdown
 * review and the SARIF log of the same findings.
 */
export function reviewPlan(plan: unknown, options: PlanReviewOptions): PlanReview {
  const packs = packsNamed(options.packs);
  const level = checkLevel(options.level);
  const views = planViews(plan);
  const suppressions = checkedSuppressions(options.suppressions ?? []);
  const findings = evaluate(views, packs, view => suppressions.filter(s => covers(s.address!, view.address)), level);
  return { views, findings, markdown: reviewMarkdown(views, findings), sarif: toSarif(findings, packs, { artifactUri: options.planUri, level }) };
}

/**
 * The suppressions synthesis wrote beside the stack (secops-suppressions.json) for a plan of it:
 * the file in the plan's directory, else in `cwd`. Undefined when there is none.
 */
export function stackSuppressionsFile(planFile: string, cwd = process.cwd()): string | undefined {
  const candidates = [...new Set([dirname(resolve(cwd, planFile)), resolve(cwd)])].map(dir => join(dir, SUPPRESSIONS_FILE_NAME));
  return candidates.find(file => existsSync(file));
}

/** Every suppression must name a known rule, an address and a reason; a bad one is an error, never silently ignored. */
function checkedSuppressions(entries: readonly unknown[]): Suppression[] {
  const known = PACKS.flatMap(pack => pack.rules.map(rule => rule.id));
  return entries.map((entry, index) => {
    const { ruleId: named, address: given, reason, constructPath } = (entry ?? {}) as Partial<Record<keyof AddressSuppression, unknown>>;
    const { ruleId, address: inId } = typeof named === 'string' ? parseSuppressionId(named) : { ruleId: named, address: undefined };
    const address = inId ?? given;
    const where = `suppression ${index + 1}`;
    if (typeof ruleId !== 'string' || !known.includes(ruleId)) throw new Error(`${where}: "ruleId" must be one of ${known.join(', ')}`);
    if (typeof address !== 'string' || address.trim() === '') throw new Error(`${where} (${ruleId}): "address" must be a resource address, e.g. secops_nomad_acl_binding_rule.break_glass`);
    if (typeof reason !== 'string' || reason.trim() === '') throw new Error(`${where} (${ruleId} on ${address}): "reason" is required: say why the finding is acceptable here`);
    const scope = typeof constructPath === 'string' && constructPath !== '' ? constructPath : address;
    return { ruleId, reason: reason.trim(), scope, address };
  });
}
