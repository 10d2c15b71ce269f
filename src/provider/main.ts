/**
 * terraform-provider-secops: what Terraform runs, bundled by scripts/bundle.mjs and started by
 * launcher.ts (code cache, V8 flags).
 *
 * Terraform starts a fresh provider process several times per plan, so start-up is kept to what
 * the handshake needs (gRPC, TLS, the protocol descriptor). The provider itself (vendors,
 * clients, schemas) loads right after the handshake line is out; if it fails to load, Terraform
 * gets the reason as an error diagnostic instead of "plugin exited before we could connect".
 */
import { servePlugin } from './protocol/server';

void servePlugin(async () => {
  const [{ createProviderHandlers }, { vendors }] = await Promise.all([import('./provider.js'), import('../registry.js')]);
  return createProviderHandlers(vendors);
});
