/**
 * Connection settings as every vendor's own tools read them: a value given in the provider block
 * wins, then the vendor's environment variable. Empty strings count as unset.
 */

/** A vendor's settings are incomplete or malformed; the message names every problem. */
export class SettingsError extends Error {
  constructor(vendor: string, public readonly problems: readonly string[]) {
    super(`${vendor} settings are invalid: ${problems.join('; ')}`);
    this.name = new.target.name;
  }
}

/** Returns `pick(explicit, VARIABLE)`: the explicit value if set, else the variable's in `env`. */
export function settingPicker(env: NodeJS.ProcessEnv): (explicit: string | undefined, variable: string) => string | undefined {
  return (explicit, variable) => nonEmpty(explicit) ?? nonEmpty(env[variable]);
}

export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
