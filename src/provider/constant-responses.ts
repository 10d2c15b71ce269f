/**
 * The provider's answers that depend on nothing but its sources, encoded. scripts/bundle.mjs
 * encodes them once and embeds them in the executable (main.ts), which sends them as they are:
 * the first process of every Terraform command only asks for the schema, and is spared loading
 * every vendor and encoding some 100 kB of schema.
 */
import { typeToCtyJson } from './cty/type-json';
import { encodeMessage, serviceMethods } from './protocol/codec';
import { createProviderHandlers } from './provider';
import { providerConfigBlock } from './provider-config';
import { blockType } from './schema';
import { vendors } from '../registry';

/**
 * The provider block's cty type as JSON: with it, a process decodes `provider "secops" {}` loading
 * only the vendors the block configures.
 */
export function providerConfigTypeJson(): string {
  return typeToCtyJson(blockType(providerConfigBlock(vendors)));
}

/** Encoded responses by RPC name, as the server would encode the handlers' answers. */
export async function encodeConstantResponses(): Promise<Record<string, Buffer>> {
  const handlers = createProviderHandlers(vendors);
  const getProviderSchema = serviceMethods('tfplugin6.Provider').find(({ name }) => name === 'GetProviderSchema');
  if (!handlers.getProviderSchema || !getProviderSchema) throw new Error('the provider has no GetProviderSchema');
  const context = { rpc: getProviderSchema.name, signal: new AbortController().signal };
  const schema = await handlers.getProviderSchema({}, context);
  return { GetProviderSchema: encodeMessage(getProviderSchema.responseType, { ...schema }) };
}
