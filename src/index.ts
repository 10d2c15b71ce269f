import { PROVIDER_SOURCE, defaultPluginDir, installProvider, providerVersion } from './cli/install';

// The constructs: generated from the provider's schema (src/constructs), one submodule per vendor.
export * from './constructs';
export { SecopsProvider } from './synth/secops-provider';
// Chainguard events: UIDP helpers, the event type catalogue and a verifying receiver.
export * from './chainguard';
// Review checks: rule packs run at synth as an Aspect (the same rules review plans: `secops review`).
export { SecopsChecks, SecopsSuppressions } from './checks/aspect';
export type { SecopsChecksProps, SecopsSuppression } from './checks/aspect';
export { FindingSeverity } from './checks/model';

/**
 * The Terraform provider that ships in this package (`terraform-provider-secops`): where
 * Terraform finds it and how to put it there. `cdktf deploy` and `terraform init` find it in a
 * plugin directory (Terraform's implied local mirror) under the source address below.
 */
export class SecopsProviderBinary {
  /** Terraform source address of the provider. */
  public static readonly SOURCE: string = PROVIDER_SOURCE;

  /** The provider's version, as Terraform sees it in the plugin directory. */
  public static version(): string {
    return providerVersion();
  }

  /**
   * Installs the provider into a plugin directory and returns the installed file's path.
   * @param pluginDir the directory; default `~/.terraform.d/plugins`
   */
  public static install(pluginDir?: string): string {
    return installProvider(pluginDir ?? defaultPluginDir());
  }

  private constructor() {}
}
