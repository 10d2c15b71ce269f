/**
 * terraform-provider-secops: what Terraform runs, bundled by scripts/bundle.mjs and started by
 * launcher.ts (code cache, V8 flags).
 *
 * Terraform starts a fresh provider process several times per plan, so start-up is kept to what
 * the handshake needs (gRPC, TLS, the protocol descriptor). The provider itself loads on the
 * first RPC that needs it, and each vendor (its clients and schemas) when an RPC is about it; if it fails to load, Terraform gets the
 * reason as an error diagnostic instead of "plugin exited before we could connect". The schema is
 * answered without it, from the response encoded at bundle time (constant-responses.ts).
 */
import { servePlugin } from './protocol/server';

/**
 * Base64 of encodeConstantResponses() by RPC name, defined by scripts/bundle.mjs; a build without
 * it (the protocol tests bundle this entry point themselves) answers every RPC from the handlers.
 */
declare const CONSTANT_RESPONSES: Readonly<Record<string, string>> | undefined;
/** providerConfigTypeJson() (constant-responses.ts), defined by scripts/bundle.mjs like CONSTANT_RESPONSES. */
declare const PROVIDER_CONFIG_TYPE: string | undefined;

const constantResponses = typeof CONSTANT_RESPONSES === 'object'
  ? Object.fromEntries(Object.entries(CONSTANT_RESPONSES).map(([rpc, base64]) => [rpc, Buffer.from(base64, 'base64')]))
  : {};

let providerLoaded = false;

/** For the launcher, which keeps the code cache of a process that loaded the provider apart. */
export function hasLoadedProvider(): boolean {
  return providerLoaded;
}

void servePlugin(async () => {
  const [{ createLazyProviderHandlers }, { vendorLoaders }, { parseTypeJson }, { preloadHttpCore }] = await Promise.all([
    import('./provider.js'), import('../vendor-loaders.js'), import('./cty/type-json.js'), import('../clients/core/http-client.js'),
  ]);
  providerLoaded = true;
  // Vendors load as RPCs need them: most processes Terraform starts touch one vendor.
  const configType = typeof PROVIDER_CONFIG_TYPE === 'string' ? parseTypeJson(PROVIDER_CONFIG_TYPE) : undefined;
  const handlers = createLazyProviderHandlers(vendorLoaders, configType);
  const { configureProvider } = handlers;
  // Configured means a plan or an apply: load the HTTP client while Terraform expands its graph.
  handlers.configureProvider = async (request, context) => {
    const response = await configureProvider!.call(handlers, request, context);
    setImmediate(preloadHttpCore);
    return response;
  };
  return handlers;
}, { constantResponses });
