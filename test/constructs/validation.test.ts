import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { SecopsProvider, nomad } from '../../src';

/** Synthesizes with validations, as `cdktf synth` does, and returns the error message ('' when valid). */
function validationErrors(build: (stack: TerraformStack) => void): string {
  const stack = new TerraformStack(Testing.app(), 'stack');
  build(stack);
  try {
    Testing.synth(stack, true);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

const engineers = { authMethod: 'okta', bindType: 'role', bindName: 'engineer' };

describe('synth-time validation runs the provider\'s own checks', () => {
  test('an enum value out of range names the construct path and the attribute', () => {
    const errors = validationErrors(stack => {
      new SecopsProvider(stack, 'secops');
      new nomad.AclBindingRule(stack, 'eng', { ...engineers, bindType: 'superuser' });
    });
    expect(errors).toContain('[stack/eng] bind_type: must be one of "role", "policy", "management", got "superuser"');
  });

  test('checks across attributes: bind_name is required for a role and refused for management', () => {
    const errors = validationErrors(stack => {
      new SecopsProvider(stack, 'secops');
      new nomad.AclBindingRule(stack, 'role', { authMethod: 'okta', bindType: 'role' });
      new nomad.AclBindingRule(stack, 'admins', { authMethod: 'okta', bindType: 'management', bindName: 'root' });
    });
    expect(errors).toContain('[stack/role] bind_name: is required when bind_type is "role"');
    expect(errors).toContain('[stack/admins] bind_name: must not be set when bind_type is "management"');
  });

  test('formats and lengths, in constructs nested anywhere in the stack', () => {
    const errors = validationErrors(stack => {
      new SecopsProvider(stack, 'secops');
      const team = new Construct(stack, 'team');
      new nomad.AclBindingRule(team, 'eng', { ...engineers, selector: '"engineering" in', description: 'x'.repeat(257) });
    });
    expect(errors).toMatch(/\[stack\/team\/eng\] selector: is not a valid selector expression: /);
    expect(errors).toContain('[stack/team/eng] description: must be at most 256 characters long, got 257');
  });

  test('the provider block, with its vendor checks', () => {
    const errors = validationErrors(stack => {
      new SecopsProvider(stack, 'secops', { nomad: { address: 'nomad.example.com:4646' } });
    });
    expect(errors).toContain('[stack/secops] nomad.address: must be an http:// or https:// URL, got "nomad.example.com:4646"');
  });

  test('values known only at apply (tokens) are not judged', () => {
    const errors = validationErrors(stack => {
      new SecopsProvider(stack, 'secops', { nomad: { address: new TerraformVariable(stack, 'nomad_addr', { type: 'string' }).stringValue } });
      const bindType = new TerraformVariable(stack, 'bind_type', { type: 'string' }).stringValue;
      const first = new nomad.AclBindingRule(stack, 'first', { authMethod: 'okta', bindType });
      new nomad.AclBindingRule(stack, 'second', { authMethod: first.authMethod, bindType: 'role', bindName: first.bindName });
    });
    expect(errors).toBe('');
  });

  test('a Terraform interpolation written as a plain string is left to plan', () => {
    const errors = validationErrors(stack => {
      new SecopsProvider(stack, 'secops');
      new nomad.AclBindingRule(stack, 'eng', { ...engineers, selector: '${var.selector}', bindType: '${var.kind}' });
    });
    expect(errors).toBe('');
    const invalid = validationErrors(stack => {
      new SecopsProvider(stack, 'secops');
      new nomad.AclBindingRule(stack, 'eng', { ...engineers, selector: 'value.name ==' });
    });
    expect(invalid).toContain('[stack/eng] selector: is not a valid selector expression');
  });

  test('a valid stack synthesizes, and each error is reported once however often it is synthesized', () => {
    expect(validationErrors(stack => {
      new SecopsProvider(stack, 'secops');
      new nomad.AclBindingRule(stack, 'eng', engineers);
    })).toBe('');

    const build = (stack: TerraformStack) => {
      new SecopsProvider(stack, 'secops');
      new SecopsProvider(stack, 'aliased', { alias: 'second' });
      new nomad.AclBindingRule(stack, 'eng', { ...engineers, bindType: 'superuser' });
    };
    const twice = validationErrors(stack => {
      build(stack);
      expect(() => Testing.synth(stack, true)).toThrow(/bind_type/);
    });
    expect(twice.match(/bind_type: must be one of/g)).toHaveLength(1);
  });
});
