import { Decimal, Dynamic, Unknown } from './values';

/**
 * Small helpers the codecs share for reading untrusted JS values: own properties only (an
 * attribute named "constructor" must not find Object.prototype's), and strings in the form cty
 * keeps them.
 */

/** A plain object standing for a map or an object value (not an array, Unknown, Decimal, ...). */
export function isPlainRecord(value: unknown): value is { [name: string]: unknown } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  if (value instanceof Unknown || value instanceof Decimal || value instanceof Dynamic) return false;
  // Object.prototype of any realm (jest runs tests in its own) is the end of the chain.
  const prototype: object | null = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}

export function ownValue<T>(record: { readonly [name: string]: T }, name: string): T | undefined {
  return Object.hasOwn(record, name) ? record[name] : undefined;
}

/** Sets a property even when its name is "__proto__", which plain assignment would not. */
export function setOwn<T>(record: { [name: string]: T }, name: string, value: T): void {
  if (name === '__proto__') {
    Object.defineProperty(record, name, { value, enumerable: true, writable: true, configurable: true });
  } else {
    record[name] = value;
  }
}

const NON_ASCII = /[^\u0000-\u007f]/;

/** cty holds every string in Unicode normal form C (cty.StringVal normalizes); ASCII already is. */
export function normalizeString(value: string): string {
  return NON_ASCII.test(value) ? value.normalize('NFC') : value;
}
