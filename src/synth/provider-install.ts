/**
 * Zero-step provider install: when a stack that uses the secops provider is synthesized, the
 * provider launcher lands in `terraform.d/plugins` beside the stack's cdk.tf.json, where
 * Terraform's implied local mirror finds it, and the stack's `.terraform.lock.hcl` records it.
 *
 * This is the one module that hooks into cdktf's synthesis (CDKTF is archived upstream; its
 * continuation cdktn has the same API, so a move is a change of this import). A stack synthesizer
 * set after the provider is created replaces this hook.
 */
import { dirname, join } from 'node:path';
import { IStackSynthesizer, ISynthesisSession, TerraformProvider, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { LOCK_FILE_NAME, packageHashV1, upsertLockedProvider } from './lock-file';
import { PROVIDER_SOURCE, PROVIDER_TYPE, installProvider, providerVersion } from '../cli/install';

/**
 * The version constraint the stack's secops provider puts in `required_providers`, read the way
 * cdktf's TerraformProvider writes it.
 */
function declaredVersion(stack: TerraformStack): string | undefined {
  const ours = stack.node.findAll()
    .filter((node: IConstruct): node is TerraformProvider => TerraformProvider.isTerraformProvider(node))
    .filter(provider => provider.terraformProviderSource === PROVIDER_SOURCE);
  const metadata = ours.map(provider => provider.terraformGeneratorMetadata).find(Boolean);
  return metadata?.providerVersion || metadata?.providerVersionConstraint;
}

/**
 * The stack's version constraint for the provider; when it declares none, pins the version this
 * package installs. cdktf deploy runs `terraform providers lock` (which asks the terraform.local
 * registry, which does not exist) unless the lock file holds constraints matching the
 * configuration's, and Terraform records constraints only when there are some. The pin also keeps
 * a stale copy elsewhere in the implied mirror (~/.terraform.d/plugins) from being picked.
 * Added at synthesis, not construction, so `Testing.synth` snapshots do not change per release.
 */
function versionConstraint(stack: TerraformStack): string {
  const declared = declaredVersion(stack);
  if (declared) return declared;
  const version = providerVersion();
  stack.addOverride(`terraform.required_providers.${PROVIDER_TYPE}.version`, version);
  return version;
}

/** Copies the launcher into the stack directory's implied mirror and locks it there. */
function installIntoStackDirectory(stack: TerraformStack, session: ISynthesisSession, constraints: string): void {
  const stackManifest = session.manifest.forStack(stack);
  const stackDir = dirname(join(session.outdir, stackManifest.synthesizedStackPath));
  const launcher = installProvider(join(stackDir, 'terraform.d', 'plugins'));
  // Without a lock entry, `cdktf deploy` runs `terraform providers lock`, which cannot work for a
  // provider served from a mirror; the entry is exactly what `terraform init` would write.
  upsertLockedProvider(join(stackDir, LOCK_FILE_NAME), {
    source: PROVIDER_SOURCE,
    version: providerVersion(),
    constraints,
    hashes: [packageHashV1(dirname(launcher))],
  });
}

/** Marks a stack whose synthesizer already installs the provider (a global symbol, so two copies of this package agree). */
const INSTALLS_PROVIDER = Symbol.for('cdktf-secops/installs-provider');

/** The stack's own synthesizer, followed by the provider install into the directory it wrote. */
class ProviderInstallingSynthesizer implements IStackSynthesizer {
  readonly [INSTALLS_PROVIDER] = true;

  constructor(private readonly stack: TerraformStack, private readonly inner: IStackSynthesizer) {}

  synthesize(session: ISynthesisSession): void {
    const constraints = versionConstraint(this.stack);
    // After the stack's synthesis, so a stack that fails validation gets no launcher.
    this.inner.synthesize(session);
    installIntoStackDirectory(this.stack, session, constraints);
  }
}

/**
 * Makes the stack install the provider beside its cdk.tf.json on every synthesis, once per stack
 * however many secops providers it holds. `SecopsProvider` calls it.
 */
export function installProviderOnSynth(scope: Construct): void {
  const stack = TerraformStack.of(scope);
  if (INSTALLS_PROVIDER in stack.synthesizer) return;
  // Wrapping the public `synthesizer` rather than cdktf's internal addCustomSynthesis: a stack
  // synthesizer is cdktf's supported extension point, and it keeps a user's own in the chain.
  stack.synthesizer = new ProviderInstallingSynthesizer(stack, stack.synthesizer);
}
