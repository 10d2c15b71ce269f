import { vendors } from '../registry';

/**
 * Readable names of every resource type of a vendor in src/registry.ts: the type's words
 * (`secops_illumio_label_group` → `label group`) unless `overrides` says better. Overrides of
 * types the registry does not have are an error, so a typo cannot hide.
 */
export function nounsOf(vendor: string, overrides: Readonly<Record<string, string>> = {}): Record<string, string> {
  const types = vendors.find(v => v.name === vendor)?.resources.map(r => r.typeName) ?? [];
  const unknown = Object.keys(overrides).filter(type => !types.includes(type));
  if (unknown.length > 0) throw new Error(`secops checks: nouns for ${unknown.join(', ')}, which src/registry.ts does not list for ${vendor}`);
  return Object.fromEntries(types.map(type => [type, overrides[type] ?? wordsOf(type)]));
}

/** `secops_illumio_label_group` → `label group`. */
export function wordsOf(type: string): string {
  return type.split('_').slice(2).join(' ');
}
