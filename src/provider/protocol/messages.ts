/**
 * The plugin protocol's messages (tfplugin6.proto) as the provider's handlers see them, and the
 * `ProviderHandlers` interface the wire layer dispatches to.
 *
 * Form of a decoded request (what a handler receives):
 * - field names in camelCase (`type_name` → `typeName`); StopProvider's `Error` stays `Error`
 * - strings, numbers and booleans always present, with proto3's default ('' / 0 / false) when the
 *   wire omitted them
 * - int64 as a JS number; enums as numbers (the TS enums below)
 * - bytes as a Buffer (a Uint8Array), or undefined when empty: proto3 cannot tell empty from
 *   absent, and undefined is the safer signal ("no private data", "no json encoding")
 * - fields declared `optional` (proto3 presence) and oneof members: present only when sent
 * - repeated fields always an array; map fields always a plain object
 * - message fields: an object, or undefined when absent
 *
 * Form of a response (what a handler returns): the same names; every field may be left out and
 * then goes over the wire as its default. Bytes must be a Uint8Array/Buffer (never a string),
 * enums numbers, int64 numbers.
 */

// ---------------------------------------------------------------------------------------------
// Enums (values are the wire values)
// ---------------------------------------------------------------------------------------------

export enum DiagnosticSeverity {
  INVALID = 0,
  ERROR = 1,
  WARNING = 2,
}

export enum StringKind {
  PLAIN = 0,
  MARKDOWN = 1,
}

/** Schema.NestedBlock.NestingMode */
export enum NestingMode {
  INVALID = 0,
  SINGLE = 1,
  LIST = 2,
  SET = 3,
  MAP = 4,
  GROUP = 5,
}

/** Schema.Object.NestingMode (nested attributes) */
export enum ObjectNestingMode {
  INVALID = 0,
  SINGLE = 1,
  LIST = 2,
  SET = 3,
  MAP = 4,
}

/** Deferred.Reason */
export enum DeferredReason {
  UNKNOWN = 0,
  RESOURCE_CONFIG_UNKNOWN = 1,
  PROVIDER_CONFIG_UNKNOWN = 2,
  ABSENT_PREREQ = 3,
}

// ---------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------

/** A cty value, msgpack-encoded (what Terraform sends and expects) or JSON-encoded. */
export interface DynamicValue {
  msgpack?: Uint8Array;
  json?: Uint8Array;
}

/** One step of an attribute path; exactly one member is set. */
export interface AttributePathStep {
  attributeName?: string;
  elementKeyString?: string;
  elementKeyInt?: number;
}

export interface AttributePath {
  steps: AttributePathStep[];
}

export interface Diagnostic {
  severity: DiagnosticSeverity;
  summary: string;
  detail?: string;
  attribute?: AttributePath;
}

/** State written by an earlier schema version: JSON, or the legacy flatmap. */
export interface RawState {
  json?: Uint8Array;
  flatmap: Record<string, string>;
}

export interface Schema {
  version?: number;
  block?: SchemaBlock;
}

export interface SchemaBlock {
  version?: number;
  attributes?: SchemaAttribute[];
  blockTypes?: SchemaNestedBlock[];
  description?: string;
  descriptionKind?: StringKind;
  deprecated?: boolean;
}

export interface SchemaAttribute {
  name: string;
  /** The cty type as JSON text in bytes, e.g. Buffer.from('["list","string"]'); unset with nestedType. */
  type?: Uint8Array;
  nestedType?: SchemaObject;
  description?: string;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
  descriptionKind?: StringKind;
  deprecated?: boolean;
  writeOnly?: boolean;
}

export interface SchemaNestedBlock {
  typeName: string;
  block?: SchemaBlock;
  nesting: NestingMode;
  minItems?: number;
  maxItems?: number;
}

export interface SchemaObject {
  attributes?: SchemaAttribute[];
  nesting: ObjectNestingMode;
}

/** A provider-defined function ("Function" in the .proto). */
export interface FunctionDefinition {
  parameters?: FunctionParameter[];
  variadicParameter?: FunctionParameter;
  return?: FunctionReturn;
  summary?: string;
  description?: string;
  descriptionKind?: StringKind;
  deprecationMessage?: string;
}

export interface FunctionParameter {
  name: string;
  /** cty type constraint as JSON text in bytes. */
  type: Uint8Array;
  allowNullValue?: boolean;
  allowUnknownValues?: boolean;
  description?: string;
  descriptionKind?: StringKind;
}

export interface FunctionReturn {
  type: Uint8Array;
}

export interface FunctionError {
  text: string;
  functionArgument?: number;
}

export interface ServerCapabilities {
  planDestroy?: boolean;
  getProviderSchemaOptional?: boolean;
  moveResourceState?: boolean;
}

export interface ClientCapabilities {
  deferralAllowed: boolean;
  writeOnlyAttributesAllowed: boolean;
}

export interface Deferred {
  reason: DeferredReason;
}

/** google.protobuf.Timestamp */
export interface Timestamp {
  seconds: number;
  nanos: number;
}

// ---------------------------------------------------------------------------------------------
// Requests and responses
// ---------------------------------------------------------------------------------------------

export type GetMetadataRequest = Record<string, never>;
export interface GetMetadataResponse {
  serverCapabilities?: ServerCapabilities;
  diagnostics?: Diagnostic[];
  dataSources?: DataSourceMetadata[];
  resources?: ResourceMetadata[];
  functions?: FunctionMetadata[];
  ephemeralResources?: EphemeralMetadata[];
}
export interface DataSourceMetadata {
  typeName: string;
}
export interface ResourceMetadata {
  typeName: string;
}
export interface FunctionMetadata {
  name: string;
}
export interface EphemeralMetadata {
  typeName: string;
}

export type GetProviderSchemaRequest = Record<string, never>;
export interface GetProviderSchemaResponse {
  provider?: Schema;
  resourceSchemas?: Record<string, Schema>;
  dataSourceSchemas?: Record<string, Schema>;
  functions?: Record<string, FunctionDefinition>;
  ephemeralResourceSchemas?: Record<string, Schema>;
  diagnostics?: Diagnostic[];
  providerMeta?: Schema;
  serverCapabilities?: ServerCapabilities;
}

export interface ValidateProviderConfigRequest {
  config?: DynamicValue;
}
export interface ValidateProviderConfigResponse {
  diagnostics?: Diagnostic[];
}

export interface ValidateResourceConfigRequest {
  typeName: string;
  config?: DynamicValue;
  clientCapabilities?: ClientCapabilities;
}
export interface ValidateResourceConfigResponse {
  diagnostics?: Diagnostic[];
}

export interface ValidateDataResourceConfigRequest {
  typeName: string;
  config?: DynamicValue;
}
export interface ValidateDataResourceConfigResponse {
  diagnostics?: Diagnostic[];
}

export interface ValidateEphemeralResourceConfigRequest {
  typeName: string;
  config?: DynamicValue;
}
export interface ValidateEphemeralResourceConfigResponse {
  diagnostics?: Diagnostic[];
}

export interface UpgradeResourceStateRequest {
  typeName: string;
  version: number;
  rawState?: RawState;
}
export interface UpgradeResourceStateResponse {
  upgradedState?: DynamicValue;
  diagnostics?: Diagnostic[];
}

export interface ConfigureProviderRequest {
  terraformVersion: string;
  config?: DynamicValue;
  clientCapabilities?: ClientCapabilities;
}
export interface ConfigureProviderResponse {
  diagnostics?: Diagnostic[];
}

export interface ReadResourceRequest {
  typeName: string;
  currentState?: DynamicValue;
  private?: Uint8Array;
  providerMeta?: DynamicValue;
  clientCapabilities?: ClientCapabilities;
}
export interface ReadResourceResponse {
  newState?: DynamicValue;
  diagnostics?: Diagnostic[];
  private?: Uint8Array;
  deferred?: Deferred;
}

export interface PlanResourceChangeRequest {
  typeName: string;
  priorState?: DynamicValue;
  proposedNewState?: DynamicValue;
  config?: DynamicValue;
  priorPrivate?: Uint8Array;
  providerMeta?: DynamicValue;
  clientCapabilities?: ClientCapabilities;
}
export interface PlanResourceChangeResponse {
  plannedState?: DynamicValue;
  requiresReplace?: AttributePath[];
  plannedPrivate?: Uint8Array;
  diagnostics?: Diagnostic[];
  /** Only for Terraform's legacy Go SDK; leave unset. */
  legacyTypeSystem?: boolean;
  deferred?: Deferred;
}

export interface ApplyResourceChangeRequest {
  typeName: string;
  priorState?: DynamicValue;
  plannedState?: DynamicValue;
  config?: DynamicValue;
  plannedPrivate?: Uint8Array;
  providerMeta?: DynamicValue;
}
export interface ApplyResourceChangeResponse {
  newState?: DynamicValue;
  private?: Uint8Array;
  diagnostics?: Diagnostic[];
  /** Only for Terraform's legacy Go SDK; leave unset. */
  legacyTypeSystem?: boolean;
}

export interface ImportResourceStateRequest {
  typeName: string;
  id: string;
  clientCapabilities?: ClientCapabilities;
}
export interface ImportedResource {
  typeName: string;
  state?: DynamicValue;
  private?: Uint8Array;
}
export interface ImportResourceStateResponse {
  importedResources?: ImportedResource[];
  diagnostics?: Diagnostic[];
  deferred?: Deferred;
}

export interface MoveResourceStateRequest {
  sourceProviderAddress: string;
  sourceTypeName: string;
  sourceSchemaVersion: number;
  sourceState?: RawState;
  targetTypeName: string;
  sourcePrivate?: Uint8Array;
}
export interface MoveResourceStateResponse {
  targetState?: DynamicValue;
  diagnostics?: Diagnostic[];
  targetPrivate?: Uint8Array;
}

export interface ReadDataSourceRequest {
  typeName: string;
  config?: DynamicValue;
  providerMeta?: DynamicValue;
  clientCapabilities?: ClientCapabilities;
}
export interface ReadDataSourceResponse {
  state?: DynamicValue;
  diagnostics?: Diagnostic[];
  deferred?: Deferred;
}

export interface OpenEphemeralResourceRequest {
  typeName: string;
  config?: DynamicValue;
  clientCapabilities?: ClientCapabilities;
}
export interface OpenEphemeralResourceResponse {
  diagnostics?: Diagnostic[];
  renewAt?: Timestamp;
  result?: DynamicValue;
  private?: Uint8Array;
  deferred?: Deferred;
}

export interface RenewEphemeralResourceRequest {
  typeName: string;
  private?: Uint8Array;
}
export interface RenewEphemeralResourceResponse {
  diagnostics?: Diagnostic[];
  renewAt?: Timestamp;
  private?: Uint8Array;
}

export interface CloseEphemeralResourceRequest {
  typeName: string;
  private?: Uint8Array;
}
export interface CloseEphemeralResourceResponse {
  diagnostics?: Diagnostic[];
}

export type GetFunctionsRequest = Record<string, never>;
export interface GetFunctionsResponse {
  functions?: Record<string, FunctionDefinition>;
  diagnostics?: Diagnostic[];
}

export interface CallFunctionRequest {
  name: string;
  arguments: DynamicValue[];
}
export interface CallFunctionResponse {
  result?: DynamicValue;
  error?: FunctionError;
}

export type StopProviderRequest = Record<string, never>;
export interface StopProviderResponse {
  /** Upper-case as in the .proto; empty or unset when the provider stopped cleanly. */
  Error?: string;
}

// ---------------------------------------------------------------------------------------------
// Handlers
// ---------------------------------------------------------------------------------------------

export interface RpcContext {
  /** The RPC's name as in the .proto, e.g. "ApplyResourceChange". */
  readonly rpc: string;
  /**
   * Aborted when Terraform cancels this call, calls StopProvider, or shuts the plugin down;
   * pass it to outgoing HTTP requests.
   */
  readonly signal: AbortSignal;
}

type Handler<Request, Response> = (request: Request, context: RpcContext) => Promise<Response> | Response;

/**
 * One optional method per RPC of tfplugin6.Provider, named after it in lowerCamelCase.
 *
 * A missing method answers at once, with an error diagnostic "<RPC> is not supported by the
 * secops provider" (CallFunction: its FunctionError), except for three RPCs with a natural answer:
 * GetMetadata gets gRPC UNIMPLEMENTED (the protocol's documented "call GetProviderSchema instead"),
 * GetFunctions an empty function map, StopProvider success.
 *
 * A method that throws answers with an error diagnostic "<RPC> failed" whose detail is the
 * message (registered secrets masked); StopProvider reports it in `Error`, CallFunction in
 * `error`. Calls run concurrently. On StopProvider the wire layer first aborts the `signal` of
 * every call in flight, then calls `stopProvider` if present.
 */
export interface ProviderHandlers {
  getMetadata?: Handler<GetMetadataRequest, GetMetadataResponse>;
  getProviderSchema?: Handler<GetProviderSchemaRequest, GetProviderSchemaResponse>;
  validateProviderConfig?: Handler<ValidateProviderConfigRequest, ValidateProviderConfigResponse>;
  validateResourceConfig?: Handler<ValidateResourceConfigRequest, ValidateResourceConfigResponse>;
  validateDataResourceConfig?: Handler<ValidateDataResourceConfigRequest, ValidateDataResourceConfigResponse>;
  upgradeResourceState?: Handler<UpgradeResourceStateRequest, UpgradeResourceStateResponse>;
  configureProvider?: Handler<ConfigureProviderRequest, ConfigureProviderResponse>;
  readResource?: Handler<ReadResourceRequest, ReadResourceResponse>;
  planResourceChange?: Handler<PlanResourceChangeRequest, PlanResourceChangeResponse>;
  applyResourceChange?: Handler<ApplyResourceChangeRequest, ApplyResourceChangeResponse>;
  importResourceState?: Handler<ImportResourceStateRequest, ImportResourceStateResponse>;
  moveResourceState?: Handler<MoveResourceStateRequest, MoveResourceStateResponse>;
  readDataSource?: Handler<ReadDataSourceRequest, ReadDataSourceResponse>;
  validateEphemeralResourceConfig?: Handler<ValidateEphemeralResourceConfigRequest, ValidateEphemeralResourceConfigResponse>;
  openEphemeralResource?: Handler<OpenEphemeralResourceRequest, OpenEphemeralResourceResponse>;
  renewEphemeralResource?: Handler<RenewEphemeralResourceRequest, RenewEphemeralResourceResponse>;
  closeEphemeralResource?: Handler<CloseEphemeralResourceRequest, CloseEphemeralResourceResponse>;
  getFunctions?: Handler<GetFunctionsRequest, GetFunctionsResponse>;
  callFunction?: Handler<CallFunctionRequest, CallFunctionResponse>;
  stopProvider?: Handler<StopProviderRequest, StopProviderResponse>;
}

/** The handler method name of an RPC: "GetProviderSchema" → "getProviderSchema". */
export function handlerName(rpc: string): keyof ProviderHandlers {
  return (rpc.charAt(0).toLowerCase() + rpc.slice(1)) as keyof ProviderHandlers;
}
