import { IStackSynthesizer, ISynthesisSession, TerraformResource, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { Provision } from '../constructs/illumio/provision';
import { PROVISIONED_RESOURCE_TYPES } from '../illumio/policy';

/**
 * Wires `secops_illumio_provision` to every Illumio policy object of a stack, so one
 * `cdktf deploy` leaves the PCE enforcing what the stack declares, in one policy version. The
 * resource is added when the stack is synthesized (before its aspects and validations run), only
 * if the stack has policy objects and no provision resource of the user's own.
 */
const POLICY_TYPES: ReadonlySet<string> = new Set(PROVISIONED_RESOURCE_TYPES);

const WIRES_PROVISION = Symbol.for('cdktf-secops.illumio-provision');

class ProvisionWiringSynthesizer implements IStackSynthesizer {
  readonly [WIRES_PROVISION] = true;

  constructor(private readonly stack: TerraformStack, private readonly inner: IStackSynthesizer) {}

  synthesize(session: ISynthesisSession): void {
    const resources = this.stack.node.findAll().filter((node): node is TerraformResource => TerraformResource.isTerraformResource(node));
    const policyObjects = resources.filter(resource => POLICY_TYPES.has(resource.terraformResourceType));
    if (policyObjects.length > 0 && !resources.some(resource => resource instanceof Provision)) {
      new Provision(this.stack, 'secops-illumio-provision', {
        // Each value is the whole resource, so any change to one of them re-provisions.
        objects: Object.fromEntries(policyObjects.map(object => [object.node.path, `\${${object.fqn}}`])),
      });
    }
    this.inner.synthesize(session);
  }
}

/** Makes the stack provision its Illumio policy objects; `SecopsProvider` calls it. */
export function provisionIllumioPolicyOnSynth(scope: IConstruct): void {
  const stack = TerraformStack.of(scope);
  if (WIRES_PROVISION in stack.synthesizer) return;
  stack.synthesizer = new ProvisionWiringSynthesizer(stack, stack.synthesizer);
}
