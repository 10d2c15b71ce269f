/**
 * A stack with the secops provider and Nomad binding rules built from cdktf's base classes, the
 * way generated constructs synthesize them: tests of synthesis-time provider install need no
 * generated code.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { App, LocalBackend, TerraformProvider, TerraformResource, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { PROVIDER_SOURCE, providerVersion } from '../../src/cli/install';
import { installProviderOnSynth } from '../../src/synth/provider-install';

export interface HandBuiltProviderOptions {
  readonly alias?: string;
  /** The version the provider declares in `required_providers`; none when undefined. */
  readonly version?: string;
}

export class HandBuiltSecopsProvider extends TerraformProvider {
  constructor(scope: Construct, id: string, { alias, version }: HandBuiltProviderOptions = {}) {
    super(scope, id, {
      terraformResourceType: 'secops',
      terraformProviderSource: PROVIDER_SOURCE,
      terraformGeneratorMetadata: { providerName: 'secops', providerVersion: version },
    });
    if (alias) this.addOverride('alias', alias);
    installProviderOnSynth(this);
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { nomad: [{}] };
  }
}

interface BindingRule {
  readonly authMethod: string;
  readonly bindType: string;
  readonly bindName?: string;
  readonly selector?: string;
}

class HandBuiltBindingRule extends TerraformResource {
  constructor(scope: Construct, id: string, private readonly rule: BindingRule) {
    super(scope, id, { terraformResourceType: 'secops_nomad_acl_binding_rule' });
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return {
      auth_method: this.rule.authMethod,
      bind_type: this.rule.bindType,
      bind_name: this.rule.bindName,
      selector: this.rule.selector,
    };
  }
}

/** Adds a stack with `providers` secops providers declaring `version`, and two binding rules, to an app. */
export function addHandBuiltStack(app: App, stackName: string, providers = 1, version = providerVersion()): TerraformStack {
  const stack = new TerraformStack(app, stackName);
  // State beside the stack, not in the directory the test runs from.
  new LocalBackend(stack, { path: 'terraform.tfstate' });
  for (let index = 0; index < providers; index++) {
    new HandBuiltSecopsProvider(stack, `secops${index}`, { alias: index === 0 ? undefined : `alias${index}`, version });
  }
  new HandBuiltBindingRule(stack, 'engineers', { authMethod: 'okta', bindType: 'role', bindName: 'engineer', selector: '"eng" in list.groups' });
  new HandBuiltBindingRule(stack, 'admins', { authMethod: 'okta', bindType: 'management', selector: '"admins" in list.groups' });
  return stack;
}

/** Synthesizes an app with one such stack into `outdir`; returns the stack's directory. */
export function synthesizeHandBuiltStack(outdir: string, stackName = 'nomad'): string {
  mkdirSync(outdir, { recursive: true });
  const app = new App({ outdir });
  addHandBuiltStack(app, stackName);
  app.synth();
  return join(outdir, 'stacks', stackName);
}
