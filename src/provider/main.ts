/**
 * terraform-provider-secops: the executable Terraform starts (bundled by scripts/bundle.mjs).
 *
 * Terraform starts a fresh provider process several times per plan, so start-up is kept to what
 * the handshake needs (gRPC, TLS, the protocol descriptor). The provider itself (vendors,
 * clients, schemas) loads right after the handshake line is out; if it fails to load, Terraform
 * gets the reason as an error diagnostic instead of "plugin exited before we could connect".
 */
import { setFlagsFromString } from 'node:v8';
import { servePlugin } from './protocol/server';

// undici parses HTTP with llhttp compiled to WebAssembly. V8 recompiles that module with its
// optimising tier in the background, and a process cannot exit before that finishes: about
// 100 ms on every plan's last provider start. The baseline tier alone parses fast enough here.
setFlagsFromString('--liftoff-only');

void servePlugin(async () => {
  const [{ createProviderHandlers }, { vendors }] = await Promise.all([import('./provider.js'), import('../registry.js')]);
  return createProviderHandlers(vendors);
});
