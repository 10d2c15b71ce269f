import { TerraformStack } from 'cdktf';
import { Change, planFindings, synthFindings } from './helpers';
import { carbonblack } from '../../src';

const POLICY = 'secops_carbonblack_policy';
const SCOPE = 'secops_carbonblack_scope';

const policy = (stack: TerraformStack, config: Partial<carbonblack.PolicyConfig> = {}) => new carbonblack.Policy(stack, 'prod', {
  name: 'prod hardening',
  scopeId: 'scope-1',
  status: 'enabled',
  rule: [{ ruleId: 'privileged', action: 'block' }],
  ...config,
});

/** A plan creating a policy with these values. */
const plannedPolicy = (after: Record<string, unknown>): Change => ({
  address: `${POLICY}.prod`,
  actions: ['create'],
  after: { name: 'prod hardening', scope_id: 'scope-1', status: 'enabled', rule: [], exception: [], ...after },
  afterUnknown: { policy_id: true, scope_name: true },
});

describe('carbonblack-policy-not-enabled', () => {
  const id = 'carbonblack-policy-not-enabled';

  test('flags a draft and a disabled policy', () => {
    expect(synthFindings(id, stack => { policy(stack, { status: 'draft' }); })).toEqual([
      `${POLICY}.prod: Policy "prod hardening" is a draft: none of its rules alert or block on its scope.`,
    ]);
    expect(planFindings(id, plannedPolicy({ status: 'disabled' }))).toEqual([
      `${POLICY}.prod: Policy "prod hardening" is disabled: none of its rules alert or block on its scope.`,
    ]);
  });

  test('passes an enabled policy', () => {
    expect(synthFindings(id, stack => { policy(stack); })).toEqual([]);
    expect(planFindings(id, plannedPolicy({}))).toEqual([]);
  });
});

describe('carbonblack-high-risk-rule-alert-only', () => {
  const id = 'carbonblack-high-risk-rule-alert-only';
  const catalogue: Change = {
    address: 'data.secops_carbonblack_rules.all',
    actions: ['read'],
    after: {
      rules: [
        { rule_id: 'privileged', risk: 'high', supported_actions: ['alert', 'block'] },
        { rule_id: 'host-network', risk: 'high', supported_actions: ['alert'] },
        { rule_id: 'run-as-non-root', risk: 'medium', supported_actions: ['enforce', 'alert', 'block'] },
      ],
    },
  };
  const oneRule: Change = {
    address: 'data.secops_carbonblack_rule.escalation',
    actions: ['read'],
    after: { rule_id: 'privilege-escalation', rule: { rule_id: 'privilege-escalation', risk: 'high', supported_actions: ['enforce', 'alert', 'block'] } },
  };
  const alerting = [
    { rule_id: 'privileged', action: 'alert', enabled: true },
    { rule_id: 'privilege-escalation', action: 'alert', enabled: true },
  ];

  test('flags a high-risk rule set to alert when the catalogue read in the plan says it can block', () => {
    expect(planFindings(id, catalogue, oneRule, plannedPolicy({ rule: alerting }))).toEqual([
      `${POLICY}.prod: High-risk rule "privileged" only alerts; the catalogue says it can block.`,
      `${POLICY}.prod: High-risk rule "privilege-escalation" only alerts; the catalogue says it can block.`,
    ]);
    expect(planFindings(id, catalogue, {
      address: 'secops_carbonblack_template.baseline', actions: ['create'], after: { name: 'baseline', rule: [{ rule_id: 'privileged', action: 'alert' }] },
    })).toEqual(['secops_carbonblack_template.baseline: High-risk rule "privileged" only alerts; the catalogue says it can block.']);
  });

  test('passes blocking, lower risk, alert-only rules, disabled rules, and rules whose risk is not known', () => {
    expect(planFindings(id, catalogue, oneRule, plannedPolicy({
      rule: [
        { rule_id: 'privileged', action: 'block', enabled: true },
        { rule_id: 'host-network', action: 'alert', enabled: true },
        { rule_id: 'run-as-non-root', action: 'alert', enabled: true },
        { rule_id: 'privilege-escalation', action: 'alert', enabled: false },
        { rule_id: 'company-banned-list', action: 'alert', enabled: true },
      ],
    }))).toEqual([]);
    // No catalogue in the plan: the risk cannot be known.
    expect(planFindings(id, plannedPolicy({ rule: alerting }))).toEqual([]);
    // At synth the data sources are not read yet, so nothing is known either.
    expect(synthFindings(id, stack => {
      new carbonblack.DataRules(stack, 'all', {});
      policy(stack, { rule: [{ ruleId: 'privileged', action: 'alert' }] });
    })).toEqual([]);
  });
});

describe('carbonblack-exception-matches-everything', () => {
  const id = 'carbonblack-exception-matches-everything';

  test('flags an exception that is a wildcard in cluster, namespace, kind and name', () => {
    expect(synthFindings(id, stack => {
      policy(stack, { exception: [{ ruleId: 'privileged', cluster: '*', namespace: '*', kind: '*', name: '*' }] });
    })).toEqual([`${POLICY}.prod: The exception to rule "privileged" matches every cluster, namespace, kind and name: the rule applies to nothing.`]);
    // Unset fields are not sent and restrict nothing.
    expect(planFindings(id, plannedPolicy({
      exception: [{ rule_id: 'privileged', cluster: '*', namespace: null, kind: null, name: null, username: null, labels: null }],
    }))).toHaveLength(1);
  });

  test('passes an exception narrowed by any one field, a user or labels', () => {
    expect(synthFindings(id, stack => {
      policy(stack, {
        exception: [
          { ruleId: 'privileged', cluster: '*', namespace: 'kube-system', kind: '*', name: '*' },
          { ruleId: 'privileged', cluster: '*', namespace: '*', kind: 'DaemonSet', name: '*' },
          { ruleId: 'privileged', cluster: 'prod-eu', namespace: '*', kind: '*' },
          { ruleId: 'privileged', cluster: '*', namespace: '*', kind: '*', name: 'node-exporter' },
          { ruleId: 'cluster-role-binding', cluster: '*', namespace: '*', kind: '*', username: 'system:serviceaccount:argo:argocd' },
          { ruleId: 'privileged', cluster: '*', namespace: '*', kind: '*', labels: { app: 'cni' } },
        ],
      });
    })).toEqual([]);
    expect(planFindings(id, plannedPolicy({
      exception: [{ rule_id: 'privileged', cluster: 'prod', namespace: '*', kind: '*', name: '*', username: null, labels: null }],
    }))).toEqual([]);
  });
});

describe('carbonblack-scope-everything', () => {
  const id = 'carbonblack-scope-everything';
  const scope = (stack: TerraformStack, name: string, config: Partial<carbonblack.ScopeConfig>) =>
    new carbonblack.Scope(stack, name, { name, ...config });

  test('notes a scope of every cluster (or cluster group) and every namespace', () => {
    expect(synthFindings(id, stack => {
      scope(stack, 'everything', { clusters: ['*'] }); // namespaces default to *
      scope(stack, 'groups', { clustersGroups: ['*'], namespaces: ['*'] });
    })).toEqual([
      `${SCOPE}.everything: Scope "everything" covers every cluster and every namespace: its policy applies to all workloads, system namespaces included.`,
      `${SCOPE}.groups: Scope "groups" covers every cluster and every namespace: its policy applies to all workloads, system namespaces included.`,
    ]);
    expect(planFindings(id, { address: `${SCOPE}.all`, actions: ['create'], after: { name: 'all', clusters: ['*'], namespaces: ['*'] } })).toHaveLength(1);
  });

  test('passes a scope narrowed by cluster or namespace', () => {
    expect(synthFindings(id, stack => {
      scope(stack, 'prod', { clusters: ['prod-eu', 'prod-us'] });
      scope(stack, 'apps', { clusters: ['*'], namespaces: ['shop', 'payments'] });
    })).toEqual([]);
    expect(planFindings(id, { address: `${SCOPE}.prod`, actions: ['create'], after: { name: 'prod', clusters: ['prod'], namespaces: ['*'] } })).toEqual([]);
  });
});

describe('carbonblack-policy-rule-disabled', () => {
  const id = 'carbonblack-policy-rule-disabled';

  test('notes a rule listed in a policy but disabled', () => {
    expect(synthFindings(id, stack => {
      policy(stack, { rule: [{ ruleId: 'privileged', action: 'block', enabled: false }, { ruleId: 'host-network', action: 'block' }] });
    })).toEqual([`${POLICY}.prod: Rule "privileged" is in the policy but disabled: it is not evaluated.`]);
    expect(planFindings(id, plannedPolicy({ rule: [{ rule_id: 'privileged', action: 'block', enabled: false }] }))).toHaveLength(1);
  });

  test('passes enabled rules (the default)', () => {
    expect(synthFindings(id, stack => { policy(stack, { rule: [{ ruleId: 'privileged', action: 'block', enabled: true }, { ruleId: 'host-network', action: 'alert' }] }); })).toEqual([]);
    expect(planFindings(id, plannedPolicy({ rule: [{ rule_id: 'privileged', action: 'block', enabled: true }] }))).toEqual([]);
  });
});

describe('carbonblack-destroy-enabled-policy', () => {
  const id = 'carbonblack-destroy-enabled-policy';
  const before = (status: string) => ({ policy_id: 'p-1', name: 'prod hardening', scope_id: 'scope-1', scope_name: 'prod', status, rule: [], exception: [] });

  test('warns when a plan destroys or replaces an enabled policy', () => {
    expect(planFindings(id, { address: `${POLICY}.prod`, actions: ['delete'], before: before('enabled') })).toEqual([
      `${POLICY}.prod: Destroying enabled policy "prod hardening" (scope "prod") stops its rules alerting and blocking on the scope.`,
    ]);
    expect(planFindings(id, {
      address: `${POLICY}.prod`, actions: ['delete', 'create'], before: before('enabled'), after: { ...before('enabled'), policy_id: null }, afterUnknown: { policy_id: true },
    })).toEqual([expect.stringContaining('Replacing enabled policy "prod hardening" (scope "prod") deletes it first')]);
  });

  test('passes destroying a draft or disabled policy, creates, and synth', () => {
    expect(planFindings(id, { address: `${POLICY}.prod`, actions: ['delete'], before: before('draft') })).toEqual([]);
    expect(planFindings(id, plannedPolicy({}))).toEqual([]);
    expect(synthFindings(id, stack => { policy(stack); })).toEqual([]);
  });
});
