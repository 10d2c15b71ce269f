import { isWhollyKnown } from './cty/values';
import { ObjectValue, Problem, VendorDefinition } from './definitions';
import { Block } from './schema';
import { validateBlock } from './validate';

/**
 * The `provider "secops" {}` block: one optional nested block per vendor. The provider process,
 * the schema JSON the construct generator reads and synth-time validation all build it here.
 */
export function providerConfigBlock(vendors: readonly VendorDefinition[]): Block {
  return {
    description: 'cdktf-secops: Illumio Core, Carbon Black Cloud, Anchore Enterprise, Chainguard and Nomad as code. One block per vendor; every setting also reads from the environment.',
    attributes: {},
    blocks: Object.fromEntries(vendors.map(v => [v.name, { nesting: 'single' as const, block: v.settings }])),
  };
}

/** Every check of a provider configuration (null: no `provider` block at all). */
export function providerConfigProblems(vendors: readonly VendorDefinition[], block: Block, values: ObjectValue | null): Problem[] {
  if (values === null) return [];
  const problems: Problem[] = validateBlock(block, values);
  for (const vendor of vendors) {
    const settings = values[vendor.name];
    if (vendor.validateSettings && settings && isWhollyKnown(settings)) {
      problems.push(...vendor.validateSettings(settings as ObjectValue));
    }
  }
  return problems;
}
