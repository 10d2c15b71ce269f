import { TerraformStack, Testing } from 'cdktf';
import { SecopsProvider } from '../../src';
import { evaluate } from '../../src/checks/engine';
import { planViews } from '../../src/checks/from-plan';
import { stackViews } from '../../src/checks/from-stack';
import { Finding } from '../../src/checks/model';
import { PACKS } from '../../src/checks/packs';
import { SecopsProviderConfig } from '../../src/constructs/provider';

/** The findings of one rule on a stack built by `build` (with the provider, configured by `provider`), as synth sees it. */
export function synthFindings(ruleId: string, build: (stack: TerraformStack) => void, provider: SecopsProviderConfig = {}): string[] {
  const stack = new TerraformStack(Testing.app(), 'stack');
  new SecopsProvider(stack, 'secops', provider);
  build(stack);
  return messages(evaluate(stackViews(stack), PACKS), ruleId);
}

/** One resource change of a hand-written plan (the shape `terraform show -json` prints). */
export interface Change {
  readonly address: string;
  readonly actions: string[];
  readonly before?: Record<string, unknown> | null;
  readonly after?: Record<string, unknown> | null;
  readonly afterUnknown?: Record<string, unknown>;
  readonly afterSensitive?: Record<string, unknown>;
  /** The resource's `expressions` in the plan's configuration. */
  readonly expressions?: Record<string, unknown>;
}

export function planJson(...changes: Change[]): Record<string, unknown> {
  const split = (address: string) => {
    const data = address.startsWith('data.');
    const [type, name] = (data ? address.slice(5) : address).split('.') as [string, string];
    return { mode: data ? 'data' : 'managed', type, name };
  };
  return {
    format_version: '1.2',
    resource_changes: changes.map(c => ({
      address: c.address,
      ...split(c.address),
      change: {
        actions: c.actions,
        before: c.before ?? null,
        after: c.after ?? null,
        after_unknown: c.afterUnknown ?? {},
        after_sensitive: c.afterSensitive ?? {},
      },
    })),
    configuration: {
      root_module: {
        resources: changes.filter(c => c.expressions).map(c => ({ address: c.address, ...split(c.address), expressions: c.expressions })),
      },
    },
  };
}

/** The findings of one rule on a hand-written plan. */
export function planFindings(ruleId: string, ...changes: Change[]): string[] {
  return planJsonFindings(ruleId, planJson(...changes));
}

/** The findings of one rule on a plan in JSON (e.g. `planJson` with more added). */
export function planJsonFindings(ruleId: string, plan: Record<string, unknown>): string[] {
  return messages(evaluate(planViews(plan), PACKS), ruleId);
}

function messages(findings: readonly Finding[], ruleId: string): string[] {
  if (!PACKS.some(pack => pack.rules.some(rule => rule.id === ruleId))) throw new Error(`no rule ${ruleId}`);
  return findings.filter(f => f.rule.id === ruleId).map(f => `${f.view.address}: ${f.message}`);
}
