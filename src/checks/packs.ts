import { RulePack } from './model';
import { anchorePack } from './rules/anchore';
import { carbonblackPack } from './rules/carbonblack';
import { chainguardPack } from './rules/chainguard';
import { illumioPack } from './rules/illumio';
import { nomadPack } from './rules/nomad';

/**
 * Every rule pack, one per vendor. A new vendor's pack is a folder of rule files under
 * src/checks/rules/<vendor>/ with an index.ts, and one line here.
 */
export const PACKS: readonly RulePack[] = [
  nomadPack,
  illumioPack,
  carbonblackPack,
  anchorePack,
  chainguardPack,
];

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
