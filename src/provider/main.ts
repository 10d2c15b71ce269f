/**
 * terraform-provider-secops: what Terraform runs, bundled by scripts/bundle.mjs and started by
 * launcher.ts (code cache, V8 flags).
 *
 * Terraform starts a fresh provider process several times per plan, so start-up is kept to what
 * the handshake needs (gRPC, TLS, the protocol descriptor). The provider itself (vendors,
 * clients, schemas) loads on the first RPC that needs it; if it fails to load, Terraform gets the
 * reason as an error diagnostic instead of "plugin exited before we could connect". The schema is
 * answered without it, from the response encoded at bundle time (constant-responses.ts).
 */
import { servePlugin } from './protocol/server';

/**
 * Base64 of encodeConstantResponses() by RPC name, defined by scripts/bundle.mjs; a build without
 * it (the protocol tests bundle this entry point themselves) answers every RPC from the handlers.
 */
declare const CONSTANT_RESPONSES: Readonly<Record<string, string>> | undefined;

const constantResponses = typeof CONSTANT_RESPONSES === 'object'
  ? Object.fromEntries(Object.entries(CONSTANT_RESPONSES).map(([rpc, base64]) => [rpc, Buffer.from(base64, 'base64')]))
  : {};

let providerLoaded = false;

/** For the launcher, which keeps the code cache of a process that loaded the provider apart. */
export function hasLoadedProvider(): boolean {
  return providerLoaded;
}

void servePlugin(async () => {
  const [{ createProviderHandlers }, { vendors }, { preloadHttpCore }] = await Promise.all([
    import('./provider.js'), import('../registry.js'), import('../clients/core/http-client.js'),
  ]);
  providerLoaded = true;
  const handlers = createProviderHandlers(vendors);
  const { configureProvider } = handlers;
  // Configured means a plan or an apply: load the HTTP client while Terraform expands its graph.
  handlers.configureProvider = async (request, context) => {
    const response = await configureProvider!.call(handlers, request, context);
    setImmediate(preloadHttpCore);
    return response;
  };
  return handlers;
}, { constantResponses });
