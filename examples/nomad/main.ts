/**
 * Nomad ACL binding rules as code: which role or policy people get when they log in through SSO.
 *
 * The provider reads NOMAD_ADDR and NOMAD_TOKEN (a management token) from the environment at
 * deploy time; point them at `npx secops sandbox` or at a real cluster.
 */
import { App, Aspects, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
// In your own app: import { SecopsProvider, nomad } from 'cdktf-secops';
// this example imports the checkout's sources so it runs after `npm install`, with no build.
import { SecopsChecks, SecopsProvider, nomad } from '../../src';

class NomadAccessStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);

    // Synthesis also puts the provider in this stack's plugin mirror: no install step.
    new SecopsProvider(this, 'secops', {});

    const engineers = new nomad.AclBindingRule(this, 'engineers', {
      description: 'Engineering group members get the engineer role',
      authMethod: 'okta',
      selector: '"engineering" in list.groups',
      bindType: 'role',
      bindName: 'engineer',
    });

    const auditors = new nomad.AclBindingRule(this, 'auditors', {
      description: 'Auditors may read everything',
      authMethod: 'okta',
      selector: '"audit" in list.groups',
      bindType: 'policy',
      bindName: 'read-only',
    });

    new nomad.AclBindingRule(this, 'break-glass', {
      description: 'The on-call break-glass identity gets a management token',
      authMethod: 'github-jwt',
      selector: 'value.sub == "repo:acme/ops:environment:break-glass"',
      bindType: 'management',
    });

    const oktaRules = new nomad.DataAclBindingRules(this, 'okta-rules', {
      authMethod: 'okta',
      dependsOn: [engineers, auditors],
    });

    new TerraformOutput(this, 'engineers-rule-id', { value: engineers.id });
    new TerraformOutput(this, 'okta-rule-list', { value: oktaRules.aclBindingRules });
  }
}

const app = new App();
// Security review checks at synth: findings are annotations (errors fail the synth), and the stack
// directory gets secops-checks.sarif for code scanning.
Aspects.of(app).add(new SecopsChecks());
new NomadAccessStack(app, 'nomad');
app.synth();
