import { TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { SecopsProvider, nomad } from '../../src';
// cdktf's jest matcher typings (Testing.setupJest() registers the matchers themselves).
import 'cdktf/lib/testing/adapters/jest';

Testing.setupJest();

/** A stack with the provider and one role binding rule, the way a user writes it. */
function engineersStack(): { stack: TerraformStack; rule: nomad.AclBindingRule } {
  const stack = new TerraformStack(Testing.app(), 'stack');
  new SecopsProvider(stack, 'secops');
  const rule = new nomad.AclBindingRule(stack, 'eng', {
    authMethod: 'okta',
    selector: '"engineering" in list.groups',
    bindType: 'role',
    bindName: 'engineer',
  });
  return { stack, rule };
}

describe('SecopsProvider', () => {
  const synthesized = () => Testing.synthScope(scope => {
    new SecopsProvider(scope, 'secops', { nomad: { address: 'https://nomad.example.com:4646', region: 'eu', skipVerify: false } });
  });

  test('synthesizes its nomad block', () => {
    expect(synthesized()).toMatchSnapshot();
    expect(synthesized()).toHaveProviderWithProperties(SecopsProvider, {
      nomad: { address: 'https://nomad.example.com:4646', region: 'eu', skip_verify: false },
    });
  });

  test('requires the provider from its local source address, with the generator contract', () => {
    const config = JSON.parse(synthesized());
    expect(config.terraform.required_providers).toEqual({ secops: { source: 'terraform.local/secops/secops' } });
    expect(SecopsProvider.tfResourceType).toBe('secops');
  });

  test('every setting is optional: an empty provider block reads the environment', () => {
    const config = JSON.parse(Testing.synthScope(scope => { new SecopsProvider(scope, 'secops'); }));
    expect(config.provider.secops).toEqual([{}]);
  });
});

describe('nomad.AclBindingRule', () => {
  test('synthesizes secops_nomad_acl_binding_rule with the configured attributes', () => {
    const synthesized = Testing.synth(engineersStack().stack);
    expect(synthesized).toMatchSnapshot();
    expect(synthesized).toHaveResourceWithProperties(nomad.AclBindingRule, {
      auth_method: 'okta',
      selector: '"engineering" in list.groups',
      bind_type: 'role',
      bind_name: 'engineer',
    });
    expect(nomad.AclBindingRule.tfResourceType).toBe('secops_nomad_acl_binding_rule');
  });

  test('its attributes are tokens that flow into other constructs', () => {
    const { stack, rule } = engineersStack();
    new nomad.DataAclBindingRule(stack, 'same', { id: rule.id });
    new TerraformOutput(stack, 'bind_name', { value: rule.bindName });
    const synthesized = Testing.synth(stack);
    expect(synthesized).toHaveDataSourceWithProperties(nomad.DataAclBindingRule, { id: '${secops_nomad_acl_binding_rule.eng.id}' });
    expect(JSON.parse(synthesized).output.bind_name.value).toBe('${secops_nomad_acl_binding_rule.eng.bind_name}');
  });

  test('importFrom adds an import block for the rule', () => {
    const { stack, rule } = engineersStack();
    rule.importFrom('0b6ab8d7-4a5e-4c61-9f3e-2b5c8e0a9d11');
    const config = JSON.parse(Testing.synth(stack));
    expect(config.import).toEqual([{ id: '0b6ab8d7-4a5e-4c61-9f3e-2b5c8e0a9d11', to: 'secops_nomad_acl_binding_rule.eng' }]);
  });

  test('generateConfigForImport declares an import of the real resource type', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    new SecopsProvider(stack, 'secops');
    nomad.AclBindingRule.generateConfigForImport(stack, 'existing', '0b6ab8d7-4a5e-4c61-9f3e-2b5c8e0a9d11');
    const config = JSON.parse(Testing.synth(stack));
    expect(config.import).toEqual([{ id: '0b6ab8d7-4a5e-4c61-9f3e-2b5c8e0a9d11', to: 'secops_nomad_acl_binding_rule.existing' }]);
  });

  test('is valid Terraform for the real terraform and the provider installed at synth', () => {
    expect(Testing.fullSynth(engineersStack().stack)).toBeValidTerraform();
  });
});

describe('nomad.DataAclBindingRule', () => {
  test('synthesizes data secops_nomad_acl_binding_rule read by ID', () => {
    const synthesized = Testing.synthScope(scope => {
      new SecopsProvider(scope, 'secops');
      new nomad.DataAclBindingRule(scope, 'rule', { id: '0b6ab8d7-4a5e-4c61-9f3e-2b5c8e0a9d11' });
    });
    expect(synthesized).toMatchSnapshot();
    expect(synthesized).toHaveDataSourceWithProperties(nomad.DataAclBindingRule, { id: '0b6ab8d7-4a5e-4c61-9f3e-2b5c8e0a9d11' });
  });
});

describe('nomad.DataAclBindingRules', () => {
  test('synthesizes data secops_nomad_acl_binding_rules; its list elements are references', () => {
    const synthesized = Testing.synthScope(scope => {
      new SecopsProvider(scope, 'secops');
      const rules = new nomad.DataAclBindingRules(scope, 'okta', { authMethod: 'okta' });
      new TerraformOutput(scope, 'first', { value: rules.aclBindingRules.get(0).bindName });
    });
    expect(synthesized).toMatchSnapshot();
    expect(synthesized).toHaveDataSourceWithProperties(nomad.DataAclBindingRules, { auth_method: 'okta' });
    expect(JSON.parse(synthesized).output.first.value).toBe('${data.secops_nomad_acl_binding_rules.okta.acl_binding_rules[0].bind_name}');
  });
});
