import { typeToCtyJson } from './cty/type-json';
import { FunctionDefinition, VendorDefinition } from './definitions';
import type * as pb from './protocol/messages';
import { providerConfigBlock } from './provider-config';
import { Block, NestedBlock, isComputed, isOptional } from './schema';

const MARKDOWN = 1;
const NESTING: Record<NestedBlock['nesting'], number> = { single: 1, list: 2, set: 3 };

/** The schemas of the provider block and of every resource and data source (GetProviderSchema). */
export type ProviderSchemas = Required<Pick<pb.GetProviderSchemaResponse, 'provider' | 'resourceSchemas' | 'dataSourceSchemas' | 'functions'>>;

/**
 * The provider's whole schema in the protocol's form, from the vendor definitions. The provider
 * serves it to Terraform; schema-json.ts renders it as `terraform providers schema -json` does.
 */
export function providerSchemaToProto(vendors: readonly VendorDefinition[]): ProviderSchemas {
  const of = (definitions: readonly { typeName: string; schema: Block; version?: number }[]) =>
    Object.fromEntries(definitions.map(d => [d.typeName, schemaToProto(d.schema, d.version ?? 0)]));
  return {
    provider: schemaToProto(providerConfigBlock(vendors), 0),
    resourceSchemas: of(vendors.flatMap(v => v.resources)),
    dataSourceSchemas: of(vendors.flatMap(v => v.dataSources)),
    functions: functionsToProto(vendors),
  };
}

/** Every vendor's provider functions by name (GetFunctions, and GetProviderSchema's `functions`). */
export function functionsToProto(vendors: readonly VendorDefinition[]): Record<string, pb.FunctionDefinition> {
  return Object.fromEntries(vendors.flatMap(v => v.functions ?? []).map(f => [f.name, functionToProto(f)]));
}

function functionToProto(definition: FunctionDefinition): pb.FunctionDefinition {
  return {
    summary: definition.summary,
    description: definition.description,
    descriptionKind: MARKDOWN,
    parameters: definition.parameters.map(parameter => ({
      name: parameter.name,
      type: Buffer.from(typeToCtyJson(parameter.type)),
      description: parameter.description,
      descriptionKind: MARKDOWN,
    })),
    return: { type: Buffer.from(typeToCtyJson(definition.returns)) },
  };
}

/** The protocol's form of a schema. */
export function schemaToProto(block: Block, version: number): pb.Schema {
  return { version, block: blockToProto(block) };
}

function blockToProto(block: Block): pb.SchemaBlock {
  return {
    version: 0,
    description: block.description,
    descriptionKind: MARKDOWN,
    deprecated: !!block.deprecated,
    attributes: Object.entries(block.attributes).map(([name, attribute]) => ({
      name,
      type: Buffer.from(typeToCtyJson(attribute.type)),
      description: attribute.description + (attribute.deprecated ? ` Deprecated: ${attribute.deprecated}` : ''),
      descriptionKind: MARKDOWN,
      required: !!attribute.required,
      optional: isOptional(attribute),
      computed: isComputed(attribute),
      sensitive: !!attribute.sensitive,
      deprecated: !!attribute.deprecated,
    })),
    blockTypes: Object.entries(block.blocks ?? {}).map(([typeName, nested]) => ({
      typeName,
      block: blockToProto(nested.block),
      nesting: NESTING[nested.nesting],
      minItems: nested.minItems ?? 0,
      maxItems: nested.maxItems ?? 0,
    })),
  };
}
