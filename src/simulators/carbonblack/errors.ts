import { json, SimResponse } from '../core';

/**
 * A Carbon Black Cloud error: thrown deep in a handler, answered by the route guard. Most errors
 * are `{"message": ...}`; authentication and server errors carry `"success": false` as well.
 */
export class CbcError extends Error {
  constructor(public readonly status: number, message: string, public readonly withSuccess = false) {
    super(message);
  }

  public response(): SimResponse {
    return json(this.status, this.withSuccess ? { success: false, message: this.message } : { message: this.message });
  }
}

export const notAuthenticated = (): CbcError => new CbcError(403, 'User is not authenticated', true);
export const badRequest = (message: string): CbcError => new CbcError(400, message);
export const notFound = (message: string): CbcError => new CbcError(404, message);
export const conflict = (message: string): CbcError => new CbcError(409, message);

/** The document's 409 body for scopes, line breaks included. */
export const SCOPE_DUPLICATE = 'Duplicate error\n The `name` property must be unique\n The combination of the fields [`clusters_groups`, `clusters`, `namespaces`] must be unique';
export const POLICY_DUPLICATE = 'policy name and policy scope must be unique';
export const SCOPE_INVALID = 'The scope that was provided wasn\'t valid.';
export const TEMPLATE_INVALID = 'The provided template was invalid';
