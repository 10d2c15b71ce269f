import { json, SimResponse } from '../core';

/**
 * Error tokens the simulated PCE answers with. The PCE sends errors as a JSON list of
 * `{token, message}`; neither the 20.1 document nor the 25.2 OpenAPI lists the tokens, so:
 * - from the PCE itself (seen in Illumio's own client tests: illumio-py tests/unit/test_unit_pce.py,
 *   terraform-provider-illumio-core client/client_test.go): invalid_uri, not_found_error,
 *   method_not_allowed_error, label_already_deleted;
 * - from the specs README (the schemas' additionalProperties:false): input_validation_error;
 * - the rest are the simulator's own names in the PCE's style, kept here in one place so a
 *   correction is a one-line change.
 */
export const TOKENS = {
  invalidUri: 'invalid_uri',
  notFound: 'not_found_error',
  methodNotAllowed: 'method_not_allowed_error',
  labelAlreadyDeleted: 'label_already_deleted',
  inputValidation: 'input_validation_error',
  authentication: 'authentication_required',
  labelConflict: 'label_key_value_conflict',
  nameConflict: 'name_must_be_unique',
  objectInUse: 'object_in_use',
  labelInUse: 'label_in_use',
  provisionDependency: 'provision_dependency_error',
  nothingToProvision: 'no_pending_changes',
  tooManyRequests: 'too_many_requests_error',
} as const;

export type Token = typeof TOKENS[keyof typeof TOKENS];

/** A PCE error: thrown by validation deep inside a handler, answered by the route guard. */
export class PceError extends Error {
  constructor(public readonly status: number, public readonly token: Token, message: string) {
    super(message);
  }

  public response(headers: Readonly<Record<string, string>> = {}): SimResponse {
    return pceError(this.status, this.token, this.message, headers);
  }
}

export function pceError(status: number, token: Token, message: string, headers: Readonly<Record<string, string>> = {}): SimResponse {
  return json(status, [{ token, message }], headers);
}

export function validationError(message: string): PceError {
  return new PceError(406, TOKENS.inputValidation, message);
}

export function invalidUri(href: string): PceError {
  // Wording as the PCE sends it (illumio-py tests/unit/test_unit_pce.py).
  return new PceError(406, TOKENS.invalidUri, `Invalid URI: {${href}}`);
}

export function notFound(): PceError {
  return new PceError(404, TOKENS.notFound, 'Not found');
}
