import { Construct } from 'constructs';
import { provisionIllumioPolicyOnSynth } from './illumio-provision';
import { installProviderOnSynth } from './provider-install';
import { validateOnSynth } from './validation';
import { checksOfAppOnSynth } from '../checks/aspect';
import * as generated from '../constructs/provider';

/**
 * The `secops` provider: one optional block per vendor (`nomad`, ...), each setting defaulting to
 * the environment variable the vendor's own tools read.
 *
 * The generated provider class, plus four things at synth and nothing in its API: the provider
 * is installed beside the stack's cdk.tf.json (Terraform's implied local mirror finds it, so
 * `cdktf deploy` needs no install step), every secops construct in the stack is checked with
 * the provider's own validators, and the stack's Illumio policy objects are provisioned together
 * by one `secops_illumio_provision` (see src/synth/illumio-provision.ts); review checks added to
 * the app (`Aspects.of(app).add(new SecopsChecks())`) reach the stack (see src/checks/aspect.ts).
 */
export class SecopsProvider extends generated.SecopsProvider {
  /**
   * @param scope the scope in which to define the provider
   * @param id the scoped construct ID, unique amongst siblings
   * @param config the provider's settings, each read from the environment when not given
   */
  public constructor(scope: Construct, id: string, config: generated.SecopsProviderConfig = {}) {
    super(scope, id, config);
    installProviderOnSynth(this);
    validateOnSynth(this);
    provisionIllumioPolicyOnSynth(this);
    checksOfAppOnSynth(this);
  }
}
