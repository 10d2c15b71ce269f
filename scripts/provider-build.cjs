// How the provider is bundled: esbuild options shared by scripts/bundle.mjs and the protocol tests'
// bundles, and a plugin that keeps gRPC's server side without its client side.
//
// The provider is a gRPC server and never a client, but @grpc/grpc-js's index loads and sets up
// both: channels, subchannels, resolvers, load balancers, the HTTP proxy client, some 30 modules
// evaluated on every start. So:
// - `@grpc/grpc-js`, imported by our sources, resolves to the three things they use (Server,
//   ServerCredentials, status), taken from the server's own modules; the build fails if our
//   sources use a name this entry does not export;
// - the few requires through which those modules reach the client side are deferred to first use.
//   Each one's module is used only inside functions the server never calls (channelz's admin
//   service and proto loading, ORCA's out-of-band metrics client) or only for compressed messages
//   (zlib), so nothing changes but when they load. The exact require lines are checked: a grpc-js
//   upgrade that changes them fails the build, to be looked at again;
// - @grpc/proto-loader (with protobufjs's .proto parser), which those same two functions load to
//   read channelz's and ORCA's .proto files, is left out: requiring it throws.
// node_modules itself is never modified.
'use strict';
const { readFile } = require('node:fs/promises');
const { basename } = require('node:path');

const SERVER_ENTRY = [
  "export { Server } from '@grpc/grpc-js/build/src/server';",
  "export { ServerCredentials } from '@grpc/grpc-js/build/src/server-credentials';",
  "export { Status as status } from '@grpc/grpc-js/build/src/constants';",
].join('\n');

/** Per grpc-js module: `binding = require("...")` lines whose binding is used only inside functions. */
const DEFERRED_REQUIRES = {
  'channelz.js': ['admin_1 = require("./admin")', 'make_client_1 = require("./make-client")'],
  'orca.js': ['make_client_1 = require("./make-client")', 'channel_credentials_1 = require("./channel-credentials")'],
  'server-interceptors.js': ['zlib = require("zlib")'],
};

/** `const x = require("m");` becomes a loader called where `x.` was used. */
function deferRequires(file, text) {
  for (const declaration of DEFERRED_REQUIRES[file]) {
    const line = `const ${declaration};`;
    if (text.split(line).length !== 2) throw new Error(`provider-build: @grpc/grpc-js/build/src/${file} no longer has \`${line}\``);
    const [binding, requireCall] = declaration.split(' = ');
    const loader = `${binding}$load`;
    text = text
      .replace(line, () => `let ${binding}$loaded;\nconst ${loader} = () => (${binding}$loaded ??= ${requireCall});`)
      .replace(new RegExp(`\\b${binding}\\.`, 'g'), () => `${loader}().`);
  }
  return text;
}

const grpcServerOnly = {
  name: 'grpc-server-only',
  setup(build) {
    build.onResolve({ filter: /^@grpc\/grpc-js$/ }, (args) => ({
      path: '@grpc/grpc-js (server only)', namespace: 'grpc-server-only', pluginData: args.resolveDir,
    }));
    build.onLoad({ filter: /.*/, namespace: 'grpc-server-only' }, (args) => ({ contents: SERVER_ENTRY, resolveDir: args.pluginData }));
    build.onResolve({ filter: /^@grpc\/proto-loader$/ }, (args) => (/[\\/]@grpc[\\/]grpc-js[\\/]/.test(args.importer)
      ? { path: '@grpc/proto-loader (left out)', namespace: 'grpc-server-only-stub' }
      : undefined));
    build.onLoad({ filter: /.*/, namespace: 'grpc-server-only-stub' }, () => ({
      contents: "throw new Error('@grpc/proto-loader is left out of the provider bundle (scripts/provider-build.cjs)');",
      loader: 'js',
    }));
    const deferredFiles = Object.keys(DEFERRED_REQUIRES).map((file) => file.replace(/[.-]/g, '\\$&')).join('|');
    build.onLoad({ filter: new RegExp(`[\\\\/]@grpc[\\\\/]grpc-js[\\\\/]build[\\\\/]src[\\\\/](${deferredFiles})$`) }, async (args) => ({
      contents: deferRequires(basename(args.path), await readFile(args.path, 'utf8')),
      loader: 'js',
    }));
  },
};

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
  // A name our sources take from `@grpc/grpc-js` that the server-only entry lacks is an error.
  logOverride: { 'import-is-undefined': 'error' },
  plugins: [grpcServerOnly],
};

module.exports = { grpcServerOnly, providerBuildOptions };
