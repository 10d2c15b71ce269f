import { planJson } from './helpers';
import { sarifProblems } from './sarif-schema';
import { reviewPlan } from '../../src/checks/plan-review';

const plan = () => planJson(
  { address: 'secops_nomad_acl_binding_rule.break_glass', actions: ['create'], after: { auth_method: 'okta', bind_type: 'management', selector: 'value.sub == "ops"' } },
  { address: 'secops_nomad_acl_binding_rule.everyone', actions: ['create'], after: { auth_method: 'okta', bind_type: 'management', selector: null } },
);

describe('reviewPlan suppressions (for HCL, by address)', () => {
  test('with a reason: the finding is listed as suppressed with its reason, in Markdown and SARIF', () => {
    const review = reviewPlan(plan(), {
      planUri: 'plan.json',
      suppressions: [{ ruleId: 'nomad-management-binding', address: 'secops_nomad_acl_binding_rule.break_glass', reason: 'Break-glass, pinned to one subject' }],
    });
    expect(review.markdown).toContain('**1 error, 0 warnings, 0 notes** (1 suppressed)');
    expect(review.markdown).toContain(
      '- ~~⚠️ **warning** `nomad-management-binding` on `secops_nomad_acl_binding_rule.break_glass`~~ suppressed: Break-glass, pinned to one subject',
    );
    expect(sarifProblems(review.sarif)).toEqual([]);
    const results = (review.sarif as { runs: { results: { ruleId: string; suppressions?: { justification: string }[] }[] }[] }).runs[0]!.results;
    expect(results.map(r => [r.ruleId, r.suppressions?.[0]?.justification])).toEqual([
      ['nomad-management-without-selector', undefined],
      ['nomad-management-binding', 'Break-glass, pinned to one subject'],
    ]);
  });

  test('without a reason, or for an unknown rule: an error, nothing silently ignored', () => {
    expect(() => reviewPlan(plan(), { planUri: 'p', suppressions: [{ ruleId: 'nomad-management-binding', address: 'secops_nomad_acl_binding_rule.break_glass', reason: '' }] }))
      .toThrow('suppression 1 (nomad-management-binding on secops_nomad_acl_binding_rule.break_glass): "reason" is required: say why the finding is acceptable here');
    expect(() => reviewPlan(plan(), { planUri: 'p', suppressions: [{ ruleId: 'nomad-typo', address: 'x', reason: 'y' }] }))
      .toThrow(/suppression 1: "ruleId" must be one of nomad-management-without-selector, /);
  });

  test('a module address covers the resources in it; another address covers nothing', () => {
    const json = plan();
    (json.resource_changes as { address: string }[]).forEach(change => { change.address = `module.lab.${change.address}`; });
    const suppressions = [{ ruleId: 'nomad-management-without-selector', address: 'module.lab', reason: 'Lab cluster' }];
    expect(reviewPlan(json, { planUri: 'p', suppressions }).findings.filter(f => f.suppression).map(f => f.view.address))
      .toEqual(['module.lab.secops_nomad_acl_binding_rule.everyone']);
    const elsewhere = [{ ...suppressions[0]!, address: 'module.other' }];
    expect(reviewPlan(json, { planUri: 'p', suppressions: elsewhere }).findings.filter(f => f.suppression)).toEqual([]);
  });
});

describe('reviewPlan Markdown', () => {
  test('never prints an attribute Terraform marks sensitive', () => {
    const json = planJson(
      { address: 'secops_illumio_ip_list.vendor', actions: ['create'], after: { name: 'vpn-peer-secret-name', ip_ranges: [] }, afterSensitive: { name: true } },
      { address: 'secops_illumio_ip_list.office', actions: ['create'], after: { name: 'office', ip_ranges: [] } },
    );
    const { markdown } = reviewPlan(json, { planUri: 'p' });
    expect(markdown).toContain('- IP list **vendor**\n');
    expect(markdown).toContain('- IP list **office** ("office")');
    expect(markdown).not.toContain('vpn-peer-secret-name');
  });
});
