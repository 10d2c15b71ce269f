import { RulePack } from './model';
import { vendors } from '../registry';
import { anchorePack } from './rules/anchore';
import { carbonblackPack } from './rules/carbonblack';
import { chainguardPack } from './rules/chainguard';
import { illumioPack } from './rules/illumio';
import { nomadPack } from './rules/nomad';

/** Each vendor's rule pack, by the vendor's name in src/registry.ts, in the order reports list them. */
const PACK_OF_VENDOR: Readonly<Record<string, RulePack>> = {
  nomad: nomadPack,
  illumio: illumioPack,
  carbonblack: carbonblackPack,
  anchore: anchorePack,
  chainguard: chainguardPack,
};

/**
 * The packs of the registry's vendors. A vendor without a pack, or a pack for no vendor, is a
 * programming error caught when the checks load.
 */
function registryPacks(): RulePack[] {
  const names = vendors.map(vendor => vendor.name);
  const missing = names.filter(name => PACK_OF_VENDOR[name]?.name !== name);
  const extra = Object.keys(PACK_OF_VENDOR).filter(name => !names.includes(name));
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(`secops checks: src/registry.ts vendors without a rule pack: [${missing.join(', ')}]; packs of no vendor: [${extra.join(', ')}]`);
  }
  return Object.values(PACK_OF_VENDOR);
}

/**
 * Every rule pack, one per vendor of the registry. A new vendor's pack is a folder of rule files
 * under src/checks/rules/<vendor>/ with an index.ts, and one line above.
 */
export const PACKS: readonly RulePack[] = registryPacks();

/** Every resource and data source type name the provider serves: `secops_<vendor>_<thing>`. */
export function registryTypeNames(vendor?: string): string[] {
  return vendors
    .filter(v => vendor === undefined || v.name === vendor)
    .flatMap(v => [...v.resources.map(r => r.typeName), ...v.dataSources.map(d => d.typeName)]);
}

/** The packs of these names (all when none are given); unknown names are an error that lists the known ones. */
export function packsNamed(names?: readonly string[]): RulePack[] {
  if (names === undefined || names.length === 0 || names.includes('all')) return [...PACKS];
  const unknown = names.filter(name => !PACKS.some(pack => pack.name === name));
  if (unknown.length > 0) {
    throw new Error(`Unknown secops rule pack ${unknown.map(n => `"${n}"`).join(', ')}; the packs are "all", ${PACKS.map(p => `"${p.name}"`).join(', ')}`);
  }
  return PACKS.filter(pack => names.includes(pack.name));
}

/** The pack a resource type belongs to. */
export function packOfType(type: string): RulePack | undefined {
  return PACKS.find(pack => type.startsWith(`secops_${pack.name}_`));
}
