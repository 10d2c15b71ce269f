import { TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { SecopsProvider, SecopsProviderConfig, carbonblack } from '../../src';
// cdktf's jest matcher typings (Testing.setupJest() registers the matchers themselves).
import 'cdktf/lib/testing/adapters/jest';

Testing.setupJest();

/** Guardrails as a user writes them: a scope, a policy on it, a template with rules added. */
function guardrailsStack(): { stack: TerraformStack; scope: carbonblack.Scope; policy: carbonblack.Policy; template: carbonblack.Template } {
  const stack = new TerraformStack(Testing.app(), 'stack');
  new SecopsProvider(stack, 'secops');
  const scope = new carbonblack.Scope(stack, 'prod', { name: 'prod', clusters: ['prod:eu-1'], namespaces: ['payments'], lifecyclePhase: 'deployed' });
  const policy = new carbonblack.Policy(stack, 'hardening', {
    name: 'prod-hardening',
    scopeId: scope.scopeId,
    status: 'enabled',
    includeEphemeralContainers: true,
    rule: [
      { ruleId: 'privileged', action: 'block' },
      { ruleId: 'app-armor', action: 'enforce', presetId: 'ea4de48f-dc31-4dba-bf9d-9eb77adc4b97', presetName: 'runtime-default' },
    ],
    exception: [{ ruleId: 'privileged', name: 'node-debugger', cluster: 'prod:eu-1', namespace: '*', kind: 'Pod', labels: { team: 'sre' } }],
  });
  const template = new carbonblack.Template(stack, 'baseline', { name: 'baseline', rule: [{ ruleId: 'run-as-non-root', action: 'enforce' }] });
  new carbonblack.TemplateRules(stack, 'network', { templateIds: [template.templateId], rule: [{ ruleId: 'host-network', action: 'block' }] });
  return { stack, scope, policy, template };
}

/** Synthesizes with validations, as `cdktf synth` does; the error message or ''. */
function validationErrors(build: (stack: TerraformStack) => void, provider: SecopsProviderConfig = {}): string {
  const stack = new TerraformStack(Testing.app(), 'stack');
  new SecopsProvider(stack, 'secops', provider);
  build(stack);
  try {
    Testing.synth(stack, true);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('SecopsProvider carbonblack block', () => {
  test('synthesizes the connection settings under their Terraform names', () => {
    const synthesized = Testing.synthScope(scope => {
      new SecopsProvider(scope, 'secops', { carbonblack: { url: 'https://defense.conferdeploy.net', orgKey: 'ABCD1234', apiId: 'ABCD123456' } });
    });
    expect(synthesized).toMatchSnapshot();
    expect(synthesized).toHaveProviderWithProperties(SecopsProvider, {
      carbonblack: { url: 'https://defense.conferdeploy.net', org_key: 'ABCD1234', api_id: 'ABCD123456' },
    });
  });
});

describe('carbonblack resources', () => {
  test('synthesize with the API\'s names; the policy and the attachment refer to their scope and template', () => {
    const synthesized = Testing.synth(guardrailsStack().stack);
    expect(synthesized).toMatchSnapshot();
    expect(synthesized).toHaveResourceWithProperties(carbonblack.Policy, {
      name: 'prod-hardening',
      scope_id: '${secops_carbonblack_scope.prod.scope_id}',
      status: 'enabled',
      include_ephemeral_containers: true,
      rule: [
        { rule_id: 'privileged', action: 'block' },
        { rule_id: 'app-armor', action: 'enforce', preset_id: 'ea4de48f-dc31-4dba-bf9d-9eb77adc4b97', preset_name: 'runtime-default' },
      ],
      exception: [{ rule_id: 'privileged', name: 'node-debugger', cluster: 'prod:eu-1', namespace: '*', kind: 'Pod', labels: { team: 'sre' } }],
    });
    expect(synthesized).toHaveResourceWithProperties(carbonblack.TemplateRules, { template_ids: ['${secops_carbonblack_template.baseline.template_id}'] });
    expect([carbonblack.Scope, carbonblack.Policy, carbonblack.Template, carbonblack.TemplateRules].map(c => c.tfResourceType)).toEqual([
      'secops_carbonblack_scope', 'secops_carbonblack_policy', 'secops_carbonblack_template', 'secops_carbonblack_template_rules',
    ]);
  });

  test('computed attributes are references for other constructs', () => {
    const { stack, policy } = guardrailsStack();
    new TerraformOutput(stack, 'scope_name', { value: policy.scopeName });
    new TerraformOutput(stack, 'first_rule', { value: policy.rule.get(0).action });
    const outputs = JSON.parse(Testing.synth(stack)).output;
    expect(outputs.scope_name.value).toBe('${secops_carbonblack_policy.hardening.scope_name}');
    expect(outputs.first_rule.value).toBe('${secops_carbonblack_policy.hardening.rule[0].action}');
  });

  test('importFrom adopts an existing policy (what a create that meets one asks for)', () => {
    const { stack, policy } = guardrailsStack();
    policy.importFrom('0e58ef37-15e5-482b-a4a1-68a84e179845');
    expect(JSON.parse(Testing.synth(stack)).import).toEqual([{ id: '0e58ef37-15e5-482b-a4a1-68a84e179845', to: 'secops_carbonblack_policy.hardening' }]);
  });

  test('is valid Terraform for the real terraform and the provider installed at synth', () => {
    expect(Testing.fullSynth(guardrailsStack().stack)).toBeValidTerraform();
  });
});

describe('carbonblack data sources', () => {
  test('rules filtered by action, scopes with their policies: synthesized, and their lists are references', () => {
    const synthesized = Testing.synthScope(scope => {
      new SecopsProvider(scope, 'secops');
      const enforceable = new carbonblack.DataRules(scope, 'enforceable', { supportedAction: 'enforce', risk: 'high' });
      const free = new carbonblack.DataScopesPolicies(scope, 'scopes');
      new carbonblack.DataRule(scope, 'armor', { ruleId: 'app-armor' });
      new TerraformOutput(scope, 'first', { value: enforceable.rules.get(0).ruleId });
      new TerraformOutput(scope, 'policy', { value: free.scopes.get(0).policyName });
    });
    expect(synthesized).toMatchSnapshot();
    expect(synthesized).toHaveDataSourceWithProperties(carbonblack.DataRules, { supported_action: 'enforce', risk: 'high' });
    const outputs = JSON.parse(synthesized).output;
    expect(outputs.first.value).toBe('${data.secops_carbonblack_rules.enforceable.rules[0].rule_id}');
    expect(outputs.policy.value).toBe('${data.secops_carbonblack_scopes_policies.scopes.scopes[0].policy_name}');
  });
});

describe('synth-time validation of carbonblack constructs', () => {
  test('status and action enums, lifecycle phase, and the clusters-or-groups rule name the construct and attribute', () => {
    const errors = validationErrors(stack => {
      const scope = new carbonblack.Scope(stack, 'empty', { name: 'empty', clusters: [], lifecyclePhase: 'runtime' });
      new carbonblack.Policy(stack, 'bad', { name: 'p', scopeId: scope.scopeId, status: 'active', rule: [{ ruleId: 'privileged', action: 'deny' }] });
    });
    expect(errors).toContain('[stack/empty] lifecycle_phase: must be one of "any", "build", "deployed", got "runtime"');
    expect(errors).toContain('[stack/empty] clusters: a scope needs at least one value in "clusters" or "clusters_groups" (`*` means all)');
    expect(errors).toContain('[stack/bad] status: must be one of "enabled", "disabled", "draft", got "active"');
    expect(errors).toContain('[stack/bad] rule.0.action: must be one of "alert", "block", "enforce", got "deny"');
  });

  test('the provider block\'s console URL', () => {
    const errors = validationErrors(() => undefined, { carbonblack: { url: 'ftp://defense.conferdeploy.net' } });
    expect(errors).toContain('[stack/secops] carbonblack.url: url "ftp://defense.conferdeploy.net" must use https (or http)');
  });

  test('a valid stack passes', () => {
    expect(validationErrors(stack => { new carbonblack.Scope(stack, 'ok', { name: 'ok', clustersGroups: ['eu'] }); })).toBe('');
  });
});
