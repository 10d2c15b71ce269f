import { VendorDefinition } from './definitions';
import { PROVIDER_SOURCE } from '../cli/install';
import { NestingMode, StringKind } from './protocol/messages';
import type * as pb from './protocol/messages';
import { providerSchemaToProto } from './schema-proto';

/**
 * The provider's schema exactly as `terraform providers schema -json` prints it, for the
 * construct generator. Rendered from the protocol form the provider serves (schema-proto.ts), the
 * way Terraform renders what it receives (internal/command/jsonprovider): false flags, empty
 * strings and empty maps are left out, as Go's `omitempty` does.
 */
export interface ProviderSchemaJson {
  readonly format_version: '1.0';
  readonly provider_schemas: { readonly [source: string]: ProviderJson };
}

export interface ProviderJson {
  readonly provider?: SchemaJson;
  readonly resource_schemas?: { readonly [typeName: string]: SchemaJson };
  readonly data_source_schemas?: { readonly [typeName: string]: SchemaJson };
  readonly functions?: { readonly [name: string]: FunctionJson };
}

/** A provider function's signature as Terraform prints it (internal/command/jsonfunction). */
export interface FunctionJson {
  readonly description?: string;
  readonly summary?: string;
  readonly return_type: unknown;
  readonly parameters?: readonly FunctionParameterJson[];
}

export interface FunctionParameterJson {
  readonly name: string;
  readonly description?: string;
  readonly type: unknown;
}

export interface SchemaJson {
  readonly version: number;
  readonly block?: BlockJson;
}

export interface BlockJson {
  readonly attributes?: { readonly [name: string]: AttributeJson };
  readonly block_types?: { readonly [name: string]: BlockTypeJson };
  readonly description?: string;
  readonly description_kind: string;
  readonly deprecated?: true;
}

export interface AttributeJson {
  /** cty type in its JSON form, e.g. `"string"` or `["list","string"]`. */
  readonly type: unknown;
  readonly description?: string;
  readonly description_kind: string;
  readonly deprecated?: true;
  readonly required?: true;
  readonly optional?: true;
  readonly computed?: true;
  readonly sensitive?: true;
}

export interface BlockTypeJson {
  readonly nesting_mode: string;
  readonly block: BlockJson;
  readonly min_items?: number;
  readonly max_items?: number;
}

export function providerSchemaJson(vendors: readonly VendorDefinition[]): ProviderSchemaJson {
  const { provider, resourceSchemas, dataSourceSchemas, functions } = providerSchemaToProto(vendors);
  return {
    format_version: '1.0',
    provider_schemas: {
      [PROVIDER_SOURCE]: omitEmpty({
        provider: schemaJson(provider),
        resource_schemas: mapValues(resourceSchemas, schemaJson),
        data_source_schemas: mapValues(dataSourceSchemas, schemaJson),
        functions: mapValues(functions, functionJson),
      }),
    },
  };
}

function schemaJson(schema: pb.Schema): SchemaJson {
  // `version` is printed even when 0; everything else is omitempty.
  return { version: schema.version ?? 0, ...omitEmpty({ block: schema.block && blockJson(schema.block) }) };
}

function functionJson(definition: pb.FunctionDefinition): FunctionJson {
  return omitEmpty({
    description: definition.description,
    summary: definition.summary,
    return_type: ctyTypeJson(definition.return?.type),
    parameters: (definition.parameters ?? []).map(parameter => omitEmpty({
      name: parameter.name,
      description: parameter.description,
      type: ctyTypeJson(parameter.type),
    })),
  });
}

function ctyTypeJson(type: Uint8Array | undefined): unknown {
  return JSON.parse(Buffer.from(type ?? []).toString('utf8'));
}

function blockJson(block: pb.SchemaBlock): BlockJson {
  return omitEmpty({
    attributes: Object.fromEntries((block.attributes ?? []).map(a => [a.name, attributeJson(a)])),
    block_types: Object.fromEntries((block.blockTypes ?? []).map(b => [b.typeName, blockTypeJson(b)])),
    description: block.description,
    description_kind: stringKind(block.descriptionKind),
    deprecated: block.deprecated || undefined,
  });
}

function attributeJson(attribute: pb.SchemaAttribute): AttributeJson {
  return omitEmpty({
    type: JSON.parse(Buffer.from(attribute.type ?? []).toString('utf8')),
    description: attribute.description,
    description_kind: stringKind(attribute.descriptionKind),
    deprecated: attribute.deprecated || undefined,
    required: attribute.required || undefined,
    optional: attribute.optional || undefined,
    computed: attribute.computed || undefined,
    sensitive: attribute.sensitive || undefined,
  });
}

function blockTypeJson(nested: pb.SchemaNestedBlock): BlockTypeJson {
  return omitEmpty({
    nesting_mode: NESTING_MODES[nested.nesting],
    block: blockJson(nested.block ?? {}),
    min_items: nested.minItems,
    max_items: nested.maxItems,
  });
}

const NESTING_MODES: Record<NestingMode, string> = {
  [NestingMode.INVALID]: 'invalid',
  [NestingMode.SINGLE]: 'single',
  [NestingMode.LIST]: 'list',
  [NestingMode.SET]: 'set',
  [NestingMode.MAP]: 'map',
  [NestingMode.GROUP]: 'group',
};

/** Terraform prints every kind but markdown as "plain". */
function stringKind(kind: StringKind | undefined): string {
  return kind === StringKind.MARKDOWN ? 'markdown' : 'plain';
}

function mapValues<T, U>(record: Record<string, T>, map: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));
}

/** Drops what Go's `omitempty` drops: undefined, false, 0, "" and empty maps. */
function omitEmpty<T extends object>(fields: T): T {
  const kept = Object.entries(fields).filter(([, value]) => !isEmpty(value));
  return Object.fromEntries(kept) as T;
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === false || value === 0 || value === '') return true;
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}
