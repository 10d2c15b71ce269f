/**
 * One step from a value into a part of it, in the three kinds tfplugin6's `AttributePath` has:
 * an object attribute, a list/set/tuple element by position, a map element by key.
 */
export type PathStep =
  | { readonly attribute: string }
  | { readonly index: number }
  | { readonly key: string };

/** `.rules[2].name`, `.tags["team"]`; the empty path (the value itself) is ''. */
export function formatPath(path: readonly PathStep[]): string {
  let text = '';
  for (const step of path) {
    if ('attribute' in step) text += `.${step.attribute}`;
    else if ('index' in step) text += `[${step.index}]`;
    else text += `[${JSON.stringify(step.key)}]`;
  }
  return text;
}

/**
 * A value that does not fit its type, or bytes that do not decode. `path` says where inside the
 * value, so the provider can turn it into a diagnostic on the right attribute.
 */
export class CtyValueError extends Error {
  private steps: PathStep[];

  constructor(public readonly detail: string, path: readonly PathStep[] = []) {
    super(detail);
    this.name = 'CtyValueError';
    this.steps = [...path];
    this.message = messageOf(detail, this.steps);
  }

  get path(): readonly PathStep[] {
    return this.steps;
  }

  /** Called while the error climbs out of the value: each level adds the step it took. */
  prepend(step: PathStep): this {
    this.steps.unshift(step);
    this.message = messageOf(this.detail, this.steps);
    return this;
  }
}

function messageOf(detail: string, path: readonly PathStep[]): string {
  return path.length === 0 ? detail : `${formatPath(path)}: ${detail}`;
}

/**
 * Rethrows `error` one level up: adds `step` to a CtyValueError, wraps anything else (a
 * RangeError from BigInt, say) so that no failure leaves the codec without its path.
 */
export function atStep(error: unknown, step: PathStep): CtyValueError {
  const cty = error instanceof CtyValueError ? error : new CtyValueError(error instanceof Error ? error.message : String(error));
  return cty.prepend(step);
}

/** A short name for what a JS value is, for "expected X, got Y" messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Uint8Array) return 'bytes';
  if (typeof value === 'object') {
    const name = (value as object).constructor?.name;
    return name && name !== 'Object' ? name : 'object';
  }
  return typeof value;
}

export function kindMismatch(expected: string, actual: unknown): CtyValueError {
  return new CtyValueError(`expected ${expected}, got ${describeValue(actual)}`);
}
