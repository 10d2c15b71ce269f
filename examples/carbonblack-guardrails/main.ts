/**
 * Kubernetes guardrails in Carbon Black Cloud as code: a scope for the production clusters, a
 * hardening policy on it, and a custom template that other teams start their policies from.
 *
 * The provider reads CBC_URL, CBC_ORG_KEY, CBC_API_ID and CBC_API_SECRET (a custom API key with
 * kubernetes.security READ, CREATE, UPDATE, DELETE) from the environment at deploy time; point
 * them at `npx secops sandbox` or at a real organisation.
 */
import { App, Aspects, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
// In your own app: import { SecopsChecks, SecopsProvider, carbonblack } from 'cdktf-secops';
// this example imports the checkout's sources so it runs after `npm install`, with no build.
import { SecopsChecks, SecopsProvider, carbonblack } from '../../src';

const APPARMOR_RUNTIME_DEFAULT = 'ea4de48f-dc31-4dba-bf9d-9eb77adc4b97';

class GuardrailsStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);

    // Synthesis also puts the provider in this stack's plugin mirror: no install step.
    new SecopsProvider(this, 'secops', {});

    const production = new carbonblack.Scope(this, 'production', {
      name: 'production',
      lifecyclePhase: 'deployed',
      clusters: ['prod:eu-west-1', 'prod:us-east-1'],
      namespaces: ['payments', 'storefront'],
    });

    // Rule actions are checked at plan against the organisation's catalogue (supported actions, presets).
    const hardening = new carbonblack.Policy(this, 'hardening', {
      name: 'production-hardening',
      scopeId: production.scopeId,
      status: 'enabled',
      includeInitContainers: true,
      rule: [
        { ruleId: 'privileged', action: 'block' },
        { ruleId: 'app-armor', action: 'enforce', presetId: APPARMOR_RUNTIME_DEFAULT, presetName: 'runtime-default' },
        { ruleId: 'critical-vulnerabilities', action: 'alert' },
      ],
      exception: [
        // The node debugger of the SRE team needs a privileged pod.
        { ruleId: 'privileged', name: 'node-debugger', cluster: 'prod:eu-west-1', namespace: '*', kind: 'Pod', labels: { team: 'sre' } },
      ],
    });

    const baseline = new carbonblack.Template(this, 'baseline', {
      name: 'team-baseline',
      rule: [
        { ruleId: 'run-as-non-root', action: 'enforce' },
        { ruleId: 'read-only-root-filesystem', action: 'alert' },
      ],
    });

    // Network rules the platform team adds to the baseline (and removes again on destroy).
    const networkRules = new carbonblack.TemplateRules(this, 'network-rules', {
      templateIds: [baseline.templateId],
      rule: [{ ruleId: 'host-network', action: 'block' }],
    });

    // Read after the policy and templates are written: the catalogue lists which of them use each rule.
    const enforceable = new carbonblack.DataRules(this, 'enforceable', {
      supportedAction: 'enforce',
      dependsOn: [hardening, baseline, networkRules],
    });

    new TerraformOutput(this, 'policy-id', { value: hardening.policyId });
    new TerraformOutput(this, 'template-id', { value: baseline.templateId });
    new TerraformOutput(this, 'enforceable-rules', { value: enforceable.rules });
  }
}

const app = new App();
Aspects.of(app).add(new SecopsChecks());
new GuardrailsStack(app, 'carbonblack-guardrails');
app.synth();
