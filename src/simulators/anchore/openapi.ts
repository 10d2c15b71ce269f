/**
 * The simulator's routes and request checks, read from the API documents themselves (Swagger 2.0
 * for 4.x, OpenAPI 3.0 for 5.x) so the simulator serves exactly the documented paths and refuses
 * what the documents do not allow. The schema checks cover the keywords these two documents use
 * (type, required, properties, items, pattern, enum, allOf, nullable, $ref); `format` is not
 * checked, as connexion (Anchore's server framework) does not check it either.
 */

/** A JSON schema as these documents write it. */
export interface Schema {
  readonly $ref?: string;
  readonly type?: string;
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly items?: Schema;
  readonly pattern?: string;
  readonly enum?: readonly unknown[];
  readonly allOf?: readonly Schema[];
  readonly oneOf?: readonly Schema[];
  readonly nullable?: boolean;
}

export interface QueryParameter {
  readonly name: string;
  readonly required: boolean;
  readonly schema: Schema;
}

/** One documented operation. */
export interface SpecOperation {
  readonly operationId: string;
  readonly method: string;
  /** As documented, e.g. `/roles/{rolename}/members`. */
  readonly path: string;
  readonly query: readonly QueryParameter[];
  /** The JSON body's schema, when the operation takes one. */
  readonly body?: { readonly required: boolean; readonly schema: Schema };
}

/** The parts of a Swagger 2.0 or OpenAPI 3.0 document read here. */
export interface ApiDocument {
  readonly swagger?: string;
  readonly openapi?: string;
  readonly paths: Readonly<Record<string, Readonly<Record<string, RawOperation>>>>;
}

interface RawParameter {
  readonly name: string;
  readonly in: string;
  readonly required?: boolean;
  readonly type?: string;
  readonly items?: Schema;
  readonly schema?: Schema;
}

interface RawOperation {
  readonly operationId: string;
  readonly parameters?: readonly RawParameter[];
  readonly requestBody?: { readonly required?: boolean; readonly content?: Readonly<Record<string, { readonly schema?: Schema }>> };
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

/** Every operation of a document. */
export function operationsOf(document: ApiDocument): SpecOperation[] {
  const operations: SpecOperation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, raw] of Object.entries(item)) {
      if (!HTTP_METHODS.has(method)) continue;
      operations.push(describe(path, method.toUpperCase(), raw));
    }
  }
  return operations;
}

function describe(path: string, method: string, raw: RawOperation): SpecOperation {
  const parameters = raw.parameters ?? [];
  const query = parameters.filter(p => p.in === 'query').map(p => ({
    name: p.name,
    required: p.required === true,
    schema: p.schema ?? { type: p.type, items: p.items },
  }));
  const swaggerBody = parameters.find(p => p.in === 'body');
  const oasBody = raw.requestBody?.content?.['application/json'];
  const body = swaggerBody?.schema !== undefined
    ? { required: swaggerBody.required === true, schema: swaggerBody.schema }
    : oasBody?.schema !== undefined ? { required: raw.requestBody?.required === true, schema: oasBody.schema } : undefined;
  return { operationId: raw.operationId, method, path, query, body };
}

/** A request that does not match its operation: the status to answer and every reason. */
export interface RequestProblem {
  readonly status: 400 | 415;
  readonly reasons: readonly string[];
}

/** Checks query parameters and body of a request against its operation. */
export function requestProblem(
  document: object, operation: SpecOperation, query: URLSearchParams, contentType: string | undefined, body: string,
): RequestProblem | undefined {
  const reasons = queryProblems(operation, query);
  if (operation.body !== undefined) {
    if (body.trim() === '') {
      if (operation.body.required) reasons.push('request body is required');
    } else if (!(contentType ?? '').toLowerCase().includes('application/json')) {
      return { status: 415, reasons: [`unsupported media type ${JSON.stringify(contentType ?? '')}: send application/json`] };
    } else {
      reasons.push(...jsonBodyProblems(document, operation.body.schema, body));
    }
  }
  return reasons.length > 0 ? { status: 400, reasons } : undefined;
}

function queryProblems(operation: SpecOperation, query: URLSearchParams): string[] {
  const reasons: string[] = [];
  for (const parameter of operation.query) {
    const values = query.getAll(parameter.name);
    if (values.length === 0) {
      if (parameter.required) reasons.push(`query parameter "${parameter.name}" is required`);
      continue;
    }
    if (parameter.schema.type !== 'array' && values.length > 1) {
      reasons.push(`query parameter "${parameter.name}" must be given once`);
    }
    const itemType = parameter.schema.type === 'array' ? parameter.schema.items?.type : parameter.schema.type;
    if (itemType === 'integer' && values.some(value => !/^-?\d+$/.test(value))) {
      reasons.push(`query parameter "${parameter.name}" must be an integer`);
    }
  }
  return reasons;
}

function jsonBodyProblems(document: object, schema: Schema, body: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return [`request body is not valid JSON: ${(error as Error).message}`];
  }
  return schemaProblems(document, schema, value, 'body');
}

/** Why `value` does not conform to `schema` (empty when it does). */
export function schemaProblems(document: object, schema: Schema, value: unknown, at: string): string[] {
  const resolved = resolve(document, schema);
  if (value === null) return resolved.nullable ? [] : [`${at} must not be null`];
  const reasons: string[] = [];
  for (const part of resolved.allOf ?? []) reasons.push(...schemaProblems(document, part, value, at));
  // `oneOf: []` (RbacManagerRoleMember in the 5.x document) constrains nothing: it is skipped.
  if (resolved.type !== undefined && !hasType(value, resolved.type)) return [...reasons, `${at} must be of type ${resolved.type}`];
  if (resolved.enum !== undefined && !resolved.enum.includes(value)) reasons.push(`${at} must be one of ${resolved.enum.map(v => JSON.stringify(v)).join(', ')}`);
  if (typeof value === 'string' && resolved.pattern !== undefined && !new RegExp(resolved.pattern, 'u').test(value)) {
    reasons.push(`${at} must match the pattern ${resolved.pattern}`);
  }
  if (Array.isArray(value) && resolved.items !== undefined) {
    value.forEach((item, index) => reasons.push(...schemaProblems(document, resolved.items!, item, `${at}[${index}]`)));
  }
  if (isRecord(value)) reasons.push(...objectProblems(document, resolved, value, at));
  return reasons;
}

function objectProblems(document: object, schema: Schema, value: Record<string, unknown>, at: string): string[] {
  const reasons: string[] = [];
  for (const name of schema.required ?? []) {
    if (!(name in value)) reasons.push(`${at}.${name} is required`);
  }
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if (name in value) reasons.push(...schemaProblems(document, property, value[name], `${at}.${name}`));
  }
  return reasons;
}

function resolve(document: object, schema: Schema): Schema {
  let current = schema;
  for (let depth = 0; current.$ref !== undefined && depth < 16; depth++) {
    current = pointer(document, current.$ref) as Schema;
  }
  return current;
}

function pointer(document: object, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`only local references are supported, got ${ref}`);
  return ref.slice(2).split('/').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key.replace(/~1/g, '/').replace(/~0/g, '~')], document);
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object': return isRecord(value);
    case 'array': return Array.isArray(value);
    case 'string': return typeof value === 'string';
    case 'boolean': return typeof value === 'boolean';
    case 'integer': return Number.isInteger(value);
    case 'number': return typeof value === 'number';
    default: return true;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `/roles/{rolename}` as a route pattern of the simulator core: `/roles/:rolename`. */
export function routePattern(prefix: string, path: string): string {
  return `${prefix}${path.replace(/\{([^}]+)\}/g, ':$1')}`;
}
