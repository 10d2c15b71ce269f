// How the provider is bundled: the esbuild options shared by scripts/bundle.mjs and the protocol
// tests' bundles. The provider's gRPC server is its own (src/provider/protocol/grpc-server.ts, on
// node:http2), so the bundle needs no plugin.
'use strict';

const { version } = require('../package.json');

/** The build options both the provider bundle and the protocol tests use. */
const providerBuildOptions = {
  // The provider's version for its User-Agent (src/clients/core/connection.ts); an unreleased
  // checkout's 0.0.0 is 0.1.0, as src/cli/install.ts has it.
  define: { SECOPS_PROVIDER_VERSION: JSON.stringify(version === '0.0.0' ? '0.1.0' : version) },
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
