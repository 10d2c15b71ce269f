// How the provider is bundled: the esbuild options shared by scripts/bundle.mjs and the protocol
// tests' bundles. The provider's gRPC server is its own (src/provider/protocol/grpc-server.ts, on
// node:http2), so the bundle needs no plugin.
'use strict';

/** The build options both the provider bundle and the protocol tests use. */
const providerBuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  sourcemap: false,
  logLevel: 'warning',
};

module.exports = { providerBuildOptions };
