import { CtyValue, Unknown } from './cty/values';
import { ObjectValue, Problem } from './definitions';
import { Block, Validator } from './schema';

/**
 * Every check of a resource or data source configuration: the attribute validators of its schema,
 * then its own checks across attributes (which skip unknown values themselves).
 */
export function configProblems(definition: { schema: Block; validate?(config: ObjectValue): Problem[] }, values: ObjectValue | null): Problem[] {
  const problems = validateBlock(definition.schema, values);
  if (values !== null && definition.validate) problems.push(...definition.validate(values));
  return problems;
}

/**
 * Runs every attribute validator of a block over a configuration. Unknown values (known only
 * at apply) and nulls are skipped; Terraform itself checks required and unexpected attributes.
 */
export function validateBlock(block: Block, config: ObjectValue | null, path: (string | number)[] = []): Problem[] {
  if (config === null) return [];
  const problems: Problem[] = [];
  for (const [name, attribute] of Object.entries(block.attributes)) {
    problems.push(...runValidators(attribute.validators ?? [], config[name] ?? null, [...path, name]));
  }
  for (const [name, nested] of Object.entries(block.blocks ?? {})) {
    const value = config[name] ?? null;
    if (value === null || value instanceof Unknown) continue;
    if (nested.nesting === 'single') {
      problems.push(...validateBlock(nested.block, value as ObjectValue, [...path, name]));
    } else {
      (value as CtyValue[]).forEach((element, index) => {
        if (element !== null && !(element instanceof Unknown)) {
          problems.push(...validateBlock(nested.block, element as ObjectValue, [...path, name, index]));
        }
      });
    }
  }
  return problems;
}

function runValidators(validators: readonly Validator[], value: CtyValue, path: (string | number)[]): Problem[] {
  if (value === null || value instanceof Unknown) return [];
  const problems: Problem[] = [];
  for (const validator of validators) {
    const reason = validator.validate(value);
    if (reason !== undefined) {
      problems.push({ path, summary: `Invalid value for "${path.join('.')}"`, detail: reason });
    }
  }
  return problems;
}

/** Validators resource files use in their schemas. */
export const validators = {
  oneOf(allowed: readonly string[]): Validator {
    return {
      description: `one of ${allowed.map(a => `"${a}"`).join(', ')}`,
      validate: value => allowed.includes(value as string)
        ? undefined
        : `must be one of ${allowed.map(a => `"${a}"`).join(', ')}, got "${String(value)}"`,
    };
  },
  maxLength(max: number): Validator {
    return {
      description: `at most ${max} characters`,
      validate: value => [...(value as string)].length <= max
        ? undefined
        : `must be at most ${max} characters long, got ${[...(value as string)].length}`,
    };
  },
  notEmpty(): Validator {
    return {
      description: 'not empty',
      validate: value => (value as string).length > 0 ? undefined : 'must not be empty',
    };
  },
  /** A check written by the resource file: returns the reason the value is invalid. */
  custom(description: string, check: (value: CtyValue) => string | undefined): Validator {
    return { description, validate: check };
  },
};
