import { harness, problemsOf } from './harness';
import { policiesData } from '../../../src/datasources/carbonblack/policies';
import { ruleData } from '../../../src/datasources/carbonblack/rule';
import { rulesData } from '../../../src/datasources/carbonblack/rules';
import { scopesData } from '../../../src/datasources/carbonblack/scopes';
import { scopesPoliciesData } from '../../../src/datasources/carbonblack/scopes-policies';
import { templatesData } from '../../../src/datasources/carbonblack/templates';
import { ANY_SCOPE, DEFAULT_POLICY_ID } from '../../../src/simulators/carbonblack';

describe('Carbon Black data sources', () => {
  const h = harness();

  test('rules: the whole catalogue, or filtered by category, risk and supported action', async () => {
    const all = await rulesData.read(h.ctx(), { category: null, risk: null, supported_action: null, rules: null });
    expect(all.rules!.map(r => r.rule_id)).toContain('app-armor');
    const enforceable = await rulesData.read(h.ctx(), { category: 'Workload Security', risk: 'high', supported_action: 'enforce', rules: null });
    expect(enforceable.rules!.map(r => r.rule_id)).toEqual(['privilege-escalation']);
    expect(enforceable.rules![0]).toEqual({
      rule_id: 'privilege-escalation',
      name: 'Allow privilege escalation',
      description: expect.any(String),
      risk: 'high',
      category: 'Workload Security',
      supported_actions: ['enforce', 'alert', 'block'],
      is_custom: false,
      presets: [],
      policy_ids: [],
      template_ids: ['cis-benchmark-1-6-0'],
    });
  });

  test('rule: one rule with presets and who uses it; custom rules have no risk; an unknown id fails with suggestions', async () => {
    const scopeId = await h.client().createScope({ name: 's', clusters: ['c'] });
    const policyId = await h.client().createPolicy({ name: 'p', scope_id: scopeId, status: 'enabled', rules: [{ id: 'app-armor', action: 'alert' }] });
    const armor = await ruleData.read(h.ctx(), { rule_id: 'app-armor', rule: null });
    expect(armor.rule).toMatchObject({ supported_actions: ['enforce', 'alert', 'block'], policy_ids: [policyId] });
    expect(armor.rule!.presets.map(p => p.name)).toEqual(['remove', 'localhost', 'runtime-default']);
    const custom = h.sim.addCustomRule({ rule_id: 'no-latest-tag', name: 'No latest tag' });
    expect((await ruleData.read(h.ctx(), { rule_id: custom.rule_id, rule: null })).rule).toMatchObject({ risk: null, is_custom: true });
    await expect(ruleData.read(h.ctx(), { rule_id: 'privilege', rule: null }))
      .rejects.toThrow('Carbon Black Cloud has no rule "privilege" (did you mean "privilege-escalation", "privileged"?)');
  });

  test('templates: built-in and custom, by name, custom only', async () => {
    const id = await h.client().createTemplate({ name: 'mine', rules: [{ id: 'privileged', action: 'block' }] });
    const all = await templatesData.read(h.ctx(), { name: null, custom_only: null, templates: null });
    expect(all.templates!.map(t => [t.name, t.is_custom]).sort()).toEqual([['CiS benchmark 1.6.0', false], ['Workload hardening', false], ['mine', true]]);
    const mine = await templatesData.read(h.ctx(), { name: null, custom_only: true, templates: null });
    expect(mine.templates).toEqual([{ template_id: id, name: 'mine', is_custom: true, rules: [{ rule_id: 'privileged', action: 'block' }] }]);
    expect((await templatesData.read(h.ctx(), { name: 'CiS benchmark 1.6.0', custom_only: null, templates: null })).templates!.map(t => t.template_id))
      .toEqual(['cis-benchmark-1-6-0']);
  });

  test('policies: summaries with scope and exception count, by status', async () => {
    const scopeId = await h.client().createScope({ name: 's', clusters: ['c'] });
    const id = await h.client().createPolicy({ name: 'p', scope_id: scopeId, status: 'draft', exceptions: { privileged: [{ name: 'a' }, { name: 'b' }] } });
    const drafts = await policiesData.read(h.ctx(), { status: 'draft', policies: null });
    expect(drafts.policies).toEqual([
      { policy_id: id, name: 'p', status: 'draft', scope_id: scopeId, scope_name: 's', exceptions_count: 2, modified_on: expect.any(String) },
    ]);
    const all = await policiesData.read(h.ctx(), { status: null, policies: null });
    expect(all.policies!.map(p => p.policy_id).sort()).toEqual([DEFAULT_POLICY_ID, id].sort());
    expect(problemsOf(policiesData, { status: 'on', policies: null })).toEqual([['status', 'must be one of "enabled", "disabled", "draft", got "on"']]);
  });

  test('scopes: all, or by name', async () => {
    await h.client().createScope({ name: 'prod', clusters: ['prod'], clusters_groups: ['eu'] });
    const all = await scopesData.read(h.ctx(), { name: null, scopes: null });
    expect(all.scopes!.map(s => s.name).sort()).toEqual(['Any', 'prod']);
    const prod = await scopesData.read(h.ctx(), { name: 'prod', scopes: null });
    expect(prod.scopes).toEqual([{ scope_id: expect.any(String), name: 'prod', lifecycle_phase: 'any', clusters: ['prod'], clusters_groups: ['eu'], namespaces: ['*'], is_protected: false }]);
  });

  test('scopes with policies: free scopes have null policy; one scope by id; an unknown scope fails', async () => {
    const scopeId = await h.client().createScope({ name: 'free', clusters: ['c'] });
    const all = await scopesPoliciesData.read(h.ctx(), { scope_id: null, scopes: null });
    expect(all.scopes).toEqual(expect.arrayContaining([
      { scope_id: ANY_SCOPE.scope_id, name: 'Any', lifecycle_phase: 'deployed', workload_count: 0, policy_id: DEFAULT_POLICY_ID, policy_name: 'default' },
      { scope_id: scopeId, name: 'free', lifecycle_phase: 'any', workload_count: 0, policy_id: null, policy_name: null },
    ]));
    expect((await scopesPoliciesData.read(h.ctx(), { scope_id: scopeId, scopes: null })).scopes).toHaveLength(1);
    await expect(scopesPoliciesData.read(h.ctx(), { scope_id: 'nope', scopes: null })).rejects.toThrow('Carbon Black Cloud has no scope nope');
  });
});
