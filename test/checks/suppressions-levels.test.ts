import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Aspects, TerraformIterator, TerraformStack, Testing } from 'cdktf';
import { planJson } from './helpers';
import { sarifProblems } from './sarif-schema';
import { SecopsChecks, SecopsProvider, SecopsSuppressions, nomad } from '../../src';
import { evaluate } from '../../src/checks/engine';
import { stackViews } from '../../src/checks/from-stack';
import { CHECK_LEVELS, FindingSeverity, severityAt } from '../../src/checks/model';
import { PACKS } from '../../src/checks/packs';
import { reviewPlan } from '../../src/checks/plan-review';

interface SarifResult {
  ruleId: string;
  level: string;
  locations: { logicalLocations: { fullyQualifiedName: string }[] }[];
  suppressions?: { justification: string }[];
}
interface Sarif {
  runs: { results: SarifResult[]; tool: { driver: { rules: { id: string; defaultConfiguration: { level: string } }[] } } }[];
}

const stackDir = (outdir: string) => join(outdir, 'stacks', 'access');
const sarifOf = (outdir: string): Sarif => JSON.parse(readFileSync(join(stackDir(outdir), 'secops-checks.sarif'), 'utf8'));
const writtenSuppressions = (outdir: string): unknown => JSON.parse(readFileSync(join(stackDir(outdir), 'secops-suppressions.json'), 'utf8'));
const located = (sarif: Sarif) => sarif.runs[0]!.results.map(r => `${r.level} ${r.ruleId} ${r.locations[0]!.logicalLocations[0]!.fullyQualifiedName}`);

function accessStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'access');
  new SecopsProvider(stack, 'secops');
  return stack;
}

describe('count and for_each at synth', () => {
  test('a for_each over a list iterator: one finding per instance, at its indexed address, with each.value substituted', () => {
    const stack = accessStack();
    const teams = TerraformIterator.fromList(['ops', 'sre']);
    new nomad.AclBindingRule(stack, 'oncall', {
      forEach: teams, authMethod: 'okta', bindType: 'management', selector: `value.team == "${teams.value}"`,
    });
    const findings = evaluate(stackViews(stack), PACKS).map(f => `${f.rule.id} ${f.view.address}: ${f.message}`);
    expect(findings).toEqual([
      expect.stringMatching(/^nomad-management-binding secops_nomad_acl_binding_rule\.oncall\["ops"\]: /),
      expect.stringMatching(/^nomad-management-binding secops_nomad_acl_binding_rule\.oncall\["sre"\]: /),
    ]);
    const selectors = stackViews(stack).filter(v => v.mode === 'managed').map(v => v.values!.selector);
    expect(selectors).toEqual(['value.team == "ops"', 'value.team == "sre"']);
  });

  test('a map for_each and a numeric count: keys and indexes; each.value.<key> substituted', () => {
    const stack = accessStack();
    const roles = TerraformIterator.fromMap({ dev: { role: 'developer' }, ops: { role: 'operator' } });
    new nomad.AclBindingRule(stack, 'team', { forEach: roles, authMethod: 'okta', bindType: 'role', bindName: roles.getString('role'), selector: 'true' });
    new nomad.AclBindingRule(stack, 'spare', { count: 2, authMethod: 'okta', bindType: 'role', bindName: 'r', selector: 'true' });
    const views = stackViews(stack).filter(v => v.mode === 'managed');
    expect(views.map(v => `${v.address} ${String(v.values!.bind_name)}`)).toEqual([
      'secops_nomad_acl_binding_rule.team["dev"] developer',
      'secops_nomad_acl_binding_rule.team["ops"] operator',
      'secops_nomad_acl_binding_rule.spare[0] r',
      'secops_nomad_acl_binding_rule.spare[1] r',
    ]);
  });
});

describe('suppressions follow the code', () => {
  test('synth writes the construct suppressions by address beside cdk.tf.json; rule[address] names one finding', () => {
    const stack = accessStack();
    const teams = TerraformIterator.fromList(['ops', 'sre']);
    const oncall = new nomad.AclBindingRule(stack, 'oncall', { forEach: teams, authMethod: 'okta', bindType: 'management', selector: 'value.sub == "x"' });
    SecopsSuppressions.addToConstruct(oncall, [
      { ruleId: 'nomad-management-binding[secops_nomad_acl_binding_rule.oncall["ops"]]', reason: 'ops is the break-glass team' },
    ]);
    SecopsSuppressions.addToConstruct(stack, [{ ruleId: 'nomad-management-without-selector', reason: 'not in this stack' }]);
    Aspects.of(stack).add(new SecopsChecks());
    const outdir = Testing.fullSynth(stack);

    const results = sarifOf(outdir).runs[0]!.results;
    expect(results.map(r => [r.locations[0]!.logicalLocations[0]!.fullyQualifiedName, r.suppressions?.[0]?.justification])).toEqual([
      ['secops_nomad_acl_binding_rule.oncall["ops"]', 'ops is the break-glass team'],
      ['secops_nomad_acl_binding_rule.oncall["sre"]', undefined],
    ]);
    expect(writtenSuppressions(outdir)).toEqual([
      { ruleId: 'nomad-management-without-selector', address: 'secops_nomad_acl_binding_rule.oncall["ops"]', reason: 'not in this stack', constructPath: 'access' },
      { ruleId: 'nomad-management-binding', address: 'secops_nomad_acl_binding_rule.oncall["ops"]', reason: 'ops is the break-glass team', constructPath: 'access/oncall' },
      { ruleId: 'nomad-management-without-selector', address: 'secops_nomad_acl_binding_rule.oncall["sre"]', reason: 'not in this stack', constructPath: 'access' },
    ]);
  });

  test('the written suppressions apply to a plan of the stack, by address, with the construct path in the SARIF', () => {
    const plan = planJson(...['ops', 'sre'].map(team => ({
      address: `secops_nomad_acl_binding_rule.oncall["${team}"]`,
      actions: ['create'],
      after: { auth_method: 'okta', bind_type: 'management', selector: 'true' },
    })));
    const suppressions = [{ ruleId: 'nomad-management-binding', address: 'secops_nomad_acl_binding_rule.oncall["ops"]', reason: 'break-glass', constructPath: 'access/oncall' }];
    const review = reviewPlan(plan, { planUri: 'plan.json', suppressions });
    expect(review.findings.map(f => [f.view.address, f.suppression?.reason])).toEqual([
      ['secops_nomad_acl_binding_rule.oncall["ops"]', 'break-glass'],
      ['secops_nomad_acl_binding_rule.oncall["sre"]', undefined],
    ]);
    const sarif = review.sarif as unknown as { runs: { results: { suppressions?: { location: unknown }[] }[] }[] };
    expect(sarif.runs[0]!.results[0]!.suppressions![0]!.location).toEqual({ logicalLocations: [{ fullyQualifiedName: 'access/oncall' }] });
    // In a --suppressions file the rule id may carry the address.
    const byId = reviewPlan(plan, { planUri: 'plan.json', suppressions: [{ ruleId: 'nomad-management-binding[secops_nomad_acl_binding_rule.oncall["sre"]]', reason: 'x' }] });
    expect(byId.findings.map(f => f.suppression?.reason)).toEqual([undefined, 'x']);
  });

  test('rule[address] of an unknown rule is refused', () => {
    const stack = accessStack();
    expect(() => SecopsSuppressions.addToConstruct(stack, [{ ruleId: 'nomad-nope[secops_nomad_acl_binding_rule.x]', reason: 'r' }]))
      .toThrow(/Cannot suppress "nomad-nope\[secops_nomad_acl_binding_rule.x\]" on access: no such secops rule/);
  });
});

describe('levels', () => {
  const strictRules = PACKS.flatMap(pack => pack.rules).filter(rule => rule.strictSeverity !== undefined);

  test('strict raises selected warnings to errors and changes nothing else', () => {
    expect(strictRules.length).toBeGreaterThan(0);
    for (const rule of PACKS.flatMap(pack => pack.rules)) {
      expect(severityAt(rule, 'baseline')).toBe(rule.severity);
      if (rule.strictSeverity === undefined) expect(severityAt(rule, 'strict')).toBe(rule.severity);
      else expect([rule.severity, severityAt(rule, 'strict')]).toEqual([FindingSeverity.WARNING, FindingSeverity.ERROR]);
    }
    expect(CHECK_LEVELS).toEqual(['baseline', 'strict']);
  });

  test('SecopsChecks({ level: "strict" }) fails synth on a management binding that baseline only warns about', () => {
    const build = () => {
      const stack = accessStack();
      new nomad.AclBindingRule(stack, 'break-glass', { authMethod: 'okta', bindType: 'management', selector: 'value.sub == "ops"' });
      return stack;
    };
    const baseline = build();
    Aspects.of(baseline).add(new SecopsChecks({ level: 'baseline' }));
    const outdir = Testing.fullSynth(baseline);
    expect(located(sarifOf(outdir))).toEqual(['warning nomad-management-binding secops_nomad_acl_binding_rule.break-glass']);

    const strict = build();
    Aspects.of(strict).add(new SecopsChecks({ level: 'strict' }));
    expect(() => Testing.fullSynth(strict)).toThrow(/\[access\/break-glass\] \[nomad-management-binding\]/);
    expect(() => new SecopsChecks({ level: 'paranoid' })).toThrow('Unknown secops check level "paranoid"; the levels are "baseline", "strict"');
  });

  test('reviewPlan at strict: the finding is an error in the review, the SARIF result and the SARIF rule', () => {
    const plan = planJson({ address: 'secops_nomad_acl_binding_rule.b', actions: ['create'], after: { auth_method: 'okta', bind_type: 'management', selector: 'true' } });
    const baseline = reviewPlan(plan, { planUri: 'plan.json' });
    const strict = reviewPlan(plan, { planUri: 'plan.json', level: 'strict' });
    expect(baseline.markdown).toContain('**0 errors, 1 warning, 0 notes**');
    expect(strict.markdown).toContain('**1 error, 0 warnings, 0 notes**');
    expect(located(strict.sarif as unknown as Sarif)).toEqual(['error nomad-management-binding secops_nomad_acl_binding_rule.b']);
    expect(sarifProblems(strict.sarif)).toEqual([]);
    const rules = (strict.sarif as unknown as Sarif).runs[0]!.tool.driver.rules;
    expect(rules.find(r => r.id === 'nomad-management-binding')!.defaultConfiguration.level).toBe('error');
  });
});
