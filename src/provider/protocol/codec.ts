/**
 * Protobuf encoding for the wire layer: the precompiled descriptor (see scripts/proto.mjs), the
 * gRPC method table built from it, and the conversion between protobuf messages and the plain
 * objects handlers work with (the forms documented in messages.ts).
 *
 * Only `protobufjs/light` is loaded: no .proto text is parsed at run time.
 */
import * as protobuf from 'protobufjs/light';
import descriptor from './descriptor.json';

export type PlainObject = Record<string, unknown>;

let cachedRoot: protobuf.Root | undefined;

/** The protocol's definitions, built once from descriptor.json. */
export function protocolRoot(): protobuf.Root {
  if (!cachedRoot) {
    cachedRoot = protobuf.Root.fromJSON(descriptor as protobuf.INamespace);
    cachedRoot.resolveAll(); // conversion below walks resolvedType
  }
  return cachedRoot;
}

export interface RpcMethod {
  /** As in the .proto, e.g. "GetProviderSchema". */
  readonly name: string;
  /** The gRPC path, e.g. "/tfplugin6.Provider/GetProviderSchema". */
  readonly path: string;
  /** The message types, built on first use (see serviceMethods). */
  readonly requestType: protobuf.Type;
  readonly responseType: protobuf.Type;
  readonly requestStream: boolean;
  readonly responseStream: boolean;
}

interface MethodJson {
  readonly requestStream?: boolean;
  readonly responseStream?: boolean;
}

/**
 * The methods of a service by its full name, e.g. "tfplugin6.Provider". Names, paths and
 * streaming come straight from descriptor.json; the protobufjs definitions (some 6 ms to build,
 * every type at once) only when a message type is first used: a provider process that answers only
 * with constant responses never builds them.
 */
export function serviceMethods(serviceName: string): RpcMethod[] {
  const service = serviceName.split('.').reduce<protobuf.INamespace>(
    (namespace, name) => namespace.nested?.[name] as protobuf.INamespace, descriptor as protobuf.INamespace,
  ) as protobuf.IService | undefined;
  if (!service?.methods) throw new Error(`no service ${serviceName} in descriptor.json`);
  return Object.entries(service.methods).map(([name, json]) => {
    let method: protobuf.Method | undefined;
    const resolved = () => (method ??= protocolRoot().lookupService(serviceName).methods[name].resolve() as protobuf.Method);
    return {
      name,
      path: `/${serviceName}/${name}`,
      get requestType() {
        return resolved().resolvedRequestType as protobuf.Type;
      },
      get responseType() {
        return resolved().resolvedResponseType as protobuf.Type;
      },
      requestStream: !!(json as MethodJson).requestStream,
      responseStream: !!(json as MethodJson).responseStream,
    };
  });
}

/** Bytes of a message into the request form handlers receive. */
export function decodeMessage(type: protobuf.Type, bytes: Uint8Array): PlainObject {
  return toPlain(type, type.decode(bytes));
}

/** A handler's plain object (response form) into bytes; throws on values of the wrong kind. */
export function encodeMessage(type: protobuf.Type, plain: PlainObject): Buffer {
  // verify rejects wrong kinds (a string summary, an enum name). What passes is encoded as it is:
  // protobufjs encodes plain objects, so no message instances are built (fromObject) on the way.
  const problem = type.verify(plain);
  if (problem) throw new TypeError(`invalid ${type.fullName.slice(1)}: ${problem}`);
  const bytes = type.encode(plain).finish();
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

// ---------------------------------------------------------------------------------------------
// Message → plain object (request form)
// ---------------------------------------------------------------------------------------------

function toPlain(type: protobuf.Type, message: protobuf.Message): PlainObject {
  const source = message as unknown as PlainObject;
  const plain: PlainObject = {};
  for (const field of type.fieldsArray) {
    const value = Object.prototype.hasOwnProperty.call(source, field.name) ? source[field.name] : undefined;
    const converted = convertField(field, value);
    if (converted !== undefined) plain[field.name] = converted;
  }
  return plain;
}

function convertField(field: protobuf.Field, value: unknown): unknown {
  if (field.map) {
    const entries = Object.entries((value ?? {}) as PlainObject);
    return Object.fromEntries(entries.map(([key, item]) => [key, convertSingle(field, item)]));
  }
  if (field.repeated) return ((value ?? []) as unknown[]).map((item) => convertSingle(field, item));
  if (value === undefined || value === null) {
    // Fields with presence (oneof members, proto3 `optional`) and messages stay absent.
    return field.partOf || field.resolvedType instanceof protobuf.Type ? undefined : scalarDefault(field);
  }
  const converted = convertSingle(field, value);
  const isEmptyBytes = field.type === 'bytes' && !field.partOf && (converted as Uint8Array).length === 0;
  return isEmptyBytes ? undefined : converted;
}

function convertSingle(field: protobuf.Field, value: unknown): unknown {
  if (field.resolvedType instanceof protobuf.Type) return toPlain(field.resolvedType, value as protobuf.Message);
  if (typeof value === 'object' && value !== null && INT64_TYPES.has(field.type)) {
    // A Long (when the `long` package is present); handlers get plain numbers.
    return protobuf.util.LongBits.from(value as protobuf.Long).toNumber(UNSIGNED_INT64_TYPES.has(field.type));
  }
  return value;
}

const INT64_TYPES = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const UNSIGNED_INT64_TYPES = new Set(['uint64', 'fixed64']);

function scalarDefault(field: protobuf.Field): unknown {
  if (field.type === 'string') return '';
  if (field.type === 'bool') return false;
  if (field.type === 'bytes') return undefined;
  return 0; // numbers and enums
}
