import { isUnknown, Reference, Value, Values } from './model';

/**
 * Reading attribute values in rules. Every reader answers `undefined` for "not known here"
 * (an unknown, a reference, anything of an unexpected shape), so a rule that only acts on known
 * answers raises no finding on what it cannot see.
 */

/** True when the value is a plain known value (null counts: not set is a known fact). */
export function isKnown(value: Value): boolean {
  return !isUnknown(value) && !(value instanceof Reference);
}

/** The string, or undefined when unknown or not a string. Null and unset are `null`. */
export function knownString(value: Value): string | null | undefined {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : undefined;
}

export function knownBool(value: Value): boolean | null | undefined {
  if (value === null || value === undefined) return null;
  return typeof value === 'boolean' ? value : undefined;
}

export function knownNumber(value: Value): number | null | undefined {
  if (value === null || value === undefined) return null;
  return typeof value === 'number' ? value : undefined;
}

/** The elements of a list, set or repeated block (unset: none), or undefined when the list itself is unknown. */
export function knownList(value: Value): readonly Value[] | undefined {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : undefined;
}

/** A nested block or object, or undefined when unknown. Unset is an empty object. */
export function knownObject(value: Value): Values | undefined {
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value) || !isKnown(value)) return undefined;
  return value as Values;
}

/** Whether the string attribute is known to be unset or empty. */
export function isKnownBlank(value: Value): boolean {
  const text = knownString(value);
  return text === null || (typeof text === 'string' && text.trim() === '');
}

/** Deep equality of known values (unknowns and references compare by identity of their target). */
export function sameValue(a: Value, b: Value): boolean {
  if (a instanceof Reference || b instanceof Reference) {
    return a instanceof Reference && b instanceof Reference && a.address === b.address && a.attribute === b.attribute;
  }
  if (isUnknown(a) || isUnknown(b)) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every(key => sameValue((a as Values)[key], (b as Values)[key]));
  }
  return (a ?? null) === (b ?? null);
}

/** The URL when the string is a known, parseable absolute URL; undefined otherwise (unknown, unset, not a URL). */
export function knownUrl(value: Value): URL | undefined {
  const text = knownString(value);
  if (typeof text !== 'string') return undefined;
  try {
    return new URL(text.trim());
  } catch {
    return undefined;
  }
}

/** Whether a map attribute is known to be unset or empty. */
export function knownMapIsEmpty(value: Value): boolean {
  const map = knownObject(value);
  return map !== undefined && Object.keys(map).length === 0;
}
