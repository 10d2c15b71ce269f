import { CtyType, object } from '../../provider/cty/types';
import { Problem } from '../../provider/definitions';
import { Attribute } from '../../provider/schema';

/**
 * Helpers of the data sources of org objects outside the draft policy (containers, settings,
 * RBAC): their attributes are the resource's, all computed; lookups never take "the first hit".
 */

/** The resource's attributes as computed ones (no validators, no sensitive values), less `except`. */
export function computedAttributes(attributes: Readonly<Record<string, Attribute>>, except: readonly string[] = []): Record<string, Attribute> {
  const result: Record<string, Attribute> = {};
  for (const [name, attribute] of Object.entries(attributes)) {
    if (except.includes(name) || attribute.sensitive) continue;
    result[name] = { type: attribute.type, computed: true, description: attribute.description };
  }
  return result;
}

/** The object type of one element of a list data source. */
export function elementType(attributes: Readonly<Record<string, Attribute>>): CtyType {
  const types: Record<string, CtyType> = {};
  for (const [name, attribute] of Object.entries(attributes)) types[name] = attribute.type;
  return object(types);
}

/** The only match, or an error saying there were none or several (with their hrefs). */
export function onlyMatch<T extends { readonly href: string }>(matches: readonly T[], what: string, which: string): T {
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) throw new Error(`The PCE has no ${what} ${which}`);
  throw new Error(`${matches.length} ${what}s are ${which}: ${matches.map((m) => m.href).join(', ')}; give href to choose one`);
}

/** Exactly one of the named arguments is given (unknown counts as given). */
export function exactlyOneOf(config: Readonly<Record<string, unknown>>, names: readonly string[]): Problem[] {
  const given = names.filter((name) => config[name] !== null && config[name] !== undefined);
  if (given.length === 1) return [];
  const detail = `give exactly one of ${names.join(', ')}`;
  return [{ path: given.length > 1 ? [given[1]!] : [], summary: given.length > 1 ? 'Conflicting arguments' : 'Missing arguments', detail }];
}
