import OpenAPIRequestValidator from 'openapi-request-validator';
import OpenAPIResponseValidator from 'openapi-response-validator';
import { AnchoreExchange, ANCHORE_DOCUMENTS } from '../../../src/simulators/anchore';

/**
 * Checks recorded exchanges with the simulator against the API document of their layout, using
 * the maintained validators from npm (ajv underneath), independent of the simulator's own checks:
 * every request the client sent and every response the simulator sent.
 */

type Document = Record<string, unknown> & {
  paths: Record<string, Record<string, Operation>>;
  definitions?: Record<string, unknown>;
  components?: { schemas: Record<string, unknown> };
};
interface Operation { parameters?: unknown[]; requestBody?: unknown; responses: Record<string, unknown> }

/**
 * Statuses a document does not list for an operation but the service answers anyway: 401 for bad
 * credentials (neither document describes authentication), 400/415 for requests that do not match
 * the document, 403/404 where the 4.x document lists only 200 and 500. Their bodies must still be
 * the layout's ApiErrorResponse.
 */
export const UNDOCUMENTED_ERROR_STATUSES = [400, 401, 403, 404, 415];

const PATH_FORMAT = { path: () => true };

/**
 * The documents as the validators take them. One repair: the 5.x document's RbacManagerRoleMember
 * carries `oneOf: []`, which constrains nothing but is not valid JSON Schema (ajv refuses to
 * compile it), so empty `oneOf` lists are dropped. Nothing else is changed.
 */
const DOCUMENTS = {
  '4.x': withoutEmptyOneOf(ANCHORE_DOCUMENTS['4.x']) as Document,
  '5.x': withoutEmptyOneOf(ANCHORE_DOCUMENTS['5.x']) as Document,
};

function withoutEmptyOneOf(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutEmptyOneOf);
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(Object.entries(node)
    .filter(([key, value]) => !(key === 'oneOf' && Array.isArray(value) && value.length === 0))
    .map(([key, value]) => [key, withoutEmptyOneOf(value)]));
}

function documentOf(exchange: AnchoreExchange): Document {
  return DOCUMENTS[exchange.layout];
}

function operationOf(exchange: AnchoreExchange): Operation {
  return documentOf(exchange).paths[exchange.path]![exchange.method.toLowerCase()]!;
}

/** Why the request does not match the document (undefined when it does). */
export function requestViolation(exchange: AnchoreExchange): unknown {
  const document = documentOf(exchange);
  const operation = operationOf(exchange);
  const validator = new OpenAPIRequestValidator({
    parameters: operation.parameters as never,
    requestBody: operation.requestBody as never,
    ...(document.definitions ? { schemas: document.definitions as never } : { componentSchemas: document.components!.schemas as never }),
    customFormats: PATH_FORMAT,
  });
  const arrays = new Set((operation.parameters as { name: string; in: string; schema?: { type?: string }; type?: string }[] ?? [])
    .filter(p => p.in === 'query' && (p.schema?.type ?? p.type) === 'array').map(p => p.name));
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(exchange.query.keys())) {
    const values = exchange.query.getAll(key);
    query[key] = arrays.has(key) || values.length > 1 ? values : values[0]!;
  }
  const contentType = exchange.contentType;
  const body = exchange.requestBody === '' ? undefined : contentType?.includes('json') ? JSON.parse(exchange.requestBody) : exchange.requestBody;
  return validator.validateRequest({ headers: contentType ? { 'content-type': contentType } : {}, body, query, params: exchange.params });
}

/** Why the response does not match the document (undefined when it does). */
export function responseViolation(exchange: AnchoreExchange): unknown {
  const document = documentOf(exchange);
  const operation = operationOf(exchange);
  const documented = String(exchange.status) in operation.responses;
  if (!documented && !UNDOCUMENTED_ERROR_STATUSES.includes(exchange.status)) {
    return `status ${exchange.status} is neither documented for ${exchange.operationId} nor an error status the service answers`;
  }
  const errorSchema = document.definitions ? '#/definitions/ApiErrorResponse' : '#/components/schemas/ApiErrorResponse';
  const responses = documented ? operation.responses : { default: { schema: { $ref: errorSchema } } };
  const validator = new OpenAPIResponseValidator({
    responses: responses as never,
    ...(document.definitions ? { definitions: document.definitions as never } : { components: document.components as never }),
    customFormats: PATH_FORMAT,
  });
  const body = exchange.responseBody === '' ? null : JSON.parse(exchange.responseBody);
  return validator.validateResponse(documented ? String(exchange.status) : 'default', body);
}

/** Every violation among the exchanges, described (empty when all conform). */
export function conformanceProblems(exchanges: readonly AnchoreExchange[]): string[] {
  const problems: string[] = [];
  for (const exchange of exchanges) {
    const where = `${exchange.layout} ${exchange.method} ${exchange.path} -> ${exchange.status}`;
    const request = requestViolation(exchange);
    if (request !== undefined) problems.push(`${where}: request ${JSON.stringify(request)}`);
    const response = responseViolation(exchange);
    if (response !== undefined) problems.push(`${where}: response ${JSON.stringify(response)}`);
  }
  return problems;
}
