/**
 * Creates and updates of policies, scopes and templates are one upsert call each, so a create
 * that meets an object made elsewhere must stop rather than fight over it: the error says which
 * object is in the way and how to adopt it.
 */
export class AlreadyExistsError extends Error {
  constructor(what: string, typeName: string, id: string, reason = '') {
    super(`${what} already exists (id ${id})${reason}. Creating it would clash with or overwrite it: `
      + `adopt it with \`terraform import ${typeName}.<name> ${id}\`, or choose another name.`);
    this.name = 'AlreadyExistsError';
  }
}

/** Terraform's null for an empty remote list that the configuration left unset, so neither shows a diff. */
export function listOrNull(remote: readonly string[] | undefined, known: readonly string[] | null | undefined): string[] | null {
  const list = [...(remote ?? [])];
  return list.length === 0 && (known === null || known === undefined) ? null : list;
}
