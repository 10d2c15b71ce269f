import { Problem } from '../../provider/definitions';
import { Attribute, Block } from '../../provider/schema';

/**
 * Helpers shared by the data sources of workloads, pairing profiles and VENs. The PCE matches
 * names and hostnames partially; single-object lookups here match exactly and fail on no match or
 * several, never taking "the first hit". List data sources pass the PCE's filters as they are.
 */

/** The attributes of a resource's schema as a data source reports them: all computed. */
export function computedCopy(block: Block, descriptions: Readonly<Record<string, string>> = {}): Record<string, Attribute> {
  return Object.fromEntries(Object.entries(block.attributes).map(([name, attribute]) => [name, {
    type: attribute.type,
    computed: true,
    sensitive: attribute.sensitive,
    description: descriptions[name] ?? attribute.description,
  } as Attribute]));
}

/** Exactly one of the named arguments is given (unknown values count as given). */
export function exactlyOneOf(config: Readonly<Record<string, unknown>>, names: readonly string[]): Problem[] {
  const given = names.filter((name) => config[name] !== null && config[name] !== undefined);
  if (given.length === 1) return [];
  const list = names.join(', ');
  return given.length === 0
    ? [{ path: [], summary: 'Missing arguments', detail: `give one of ${list}` }]
    : [{ path: [given[1]!], summary: 'Conflicting arguments', detail: `give only one of ${list}, got ${given.join(' and ')}` }];
}

/** The one match; an error that names the criterion on none or several. */
export function onlyMatch<T extends { readonly href: string }>(matches: readonly T[], what: string, criterion: string): T {
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) throw new Error(`The PCE has no ${what} with ${criterion}`);
  throw new Error(`${matches.length} ${what}s have ${criterion}: ${matches.map((match) => match.href).join(', ')}; give href to choose one`);
}

/** The PCE's `labels` filter: a list of lists of label hrefs as a JSON string (any inner list matches). */
export function labelsFilter(labels: readonly (readonly string[])[] | null): string | undefined {
  return labels === null || labels.length === 0 ? undefined : JSON.stringify(labels);
}
