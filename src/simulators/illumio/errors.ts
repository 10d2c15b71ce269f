import { json, SimResponse } from '../core';

/**
 * Error tokens the simulated PCE answers with, in one place so a correction is a one-line change.
 * The PCE sends errors as a JSON list of `{token, message}`. Neither document names a single
 * token: the 20.1 seed shows only that shape (`"errors": [{"token": "string", "message": "string"}]`
 * in audit events) and the 25.2 OpenAPI's bodies are external schema files it does not include
 * (grep of both for every token below finds none). So each token says where it comes from:
 * - [PCE] seen in answers of a real PCE recorded in Illumio's own client tests (illumio-py
 *   tests/unit/test_unit_pce.py, terraform-provider-illumio-core client/client_test.go);
 * - [specs README] named by ../shared/specs/README.md for the schemas' additionalProperties: false;
 * - [neither] documented by neither the seed nor the OpenAPI: the simulator's own name in the PCE's style.
 */
export const TOKENS = {
  invalidUri: 'invalid_uri', // [PCE]
  notFound: 'not_found_error', // [PCE]
  methodNotAllowed: 'method_not_allowed_error', // [PCE]
  labelAlreadyDeleted: 'label_already_deleted', // [PCE]
  inputValidation: 'input_validation_error', // [specs README]
  authentication: 'authentication_required', // [neither]
  labelConflict: 'label_key_value_conflict', // [neither]
  nameConflict: 'name_must_be_unique', // [neither]
  objectInUse: 'object_in_use', // [neither]
  labelInUse: 'label_in_use', // [neither]
  provisionDependency: 'provision_dependency_error', // [neither]
  nothingToProvision: 'no_pending_changes', // [neither]
  tooManyRequests: 'too_many_requests_error', // [neither]
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
