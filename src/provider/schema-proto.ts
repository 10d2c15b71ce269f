import { typeToCtyJson } from './cty/type-json';
import type * as pb from './protocol/messages';
import { Block, NestedBlock, isComputed, isOptional } from './schema';

const MARKDOWN = 1;
const NESTING: Record<NestedBlock['nesting'], number> = { single: 1, list: 2, set: 3 };

/** The protocol's form of a schema (what `terraform providers schema -json` prints). */
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
