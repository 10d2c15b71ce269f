// Bundles the Terraform provider into one self-contained file. Terraform starts a fresh provider
// process several times per plan, so start-up cost matters: one file, nothing resolved at run time.
// The provider (src/provider/main.ts) is embedded as a string in its launcher
// (src/provider/launcher.ts), which compiles it with V8's code cache. The provider's constant
// answers (the schema) are encoded here once and embedded in it (src/provider/constant-responses.ts).
// The esbuild options are in provider-build.cjs, shared with the protocol tests.
// The output is also the launcher that `secops install` and synth place in a plugin mirror; its
// bytes depend only on the sources and the locked dependencies, never on the machine or the path.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { runInThisContext } from 'node:vm';
import providerBuild from './provider-build.cjs';

const { providerBuildOptions: common } = providerBuild;

/** encodeConstantResponses() of the sources, run here (base64 by RPC name), and the provider block's type. */
async function constantResponses() {
  const { outputFiles } = await build({ ...common, entryPoints: ['src/provider/constant-responses.ts'], write: false });
  const module = { exports: {} };
  runInThisContext(`(function (exports, require, module) {${outputFiles[0].text}\n})`)(module.exports, createRequire(import.meta.url), module);
  const responses = await module.exports.encodeConstantResponses();
  return {
    responses: Object.fromEntries(Object.entries(responses).map(([rpc, bytes]) => [rpc, bytes.toString('base64')])),
    configType: module.exports.providerConfigTypeJson(),
  };
}

const constants = await constantResponses();
const provider = await build({
  ...common,
  entryPoints: ['src/provider/main.ts'],
  write: false,
  define: {
    ...common.define,
    CONSTANT_RESPONSES: JSON.stringify(constants.responses),
    PROVIDER_CONFIG_TYPE: JSON.stringify(constants.configType),
  },
});
const code = provider.outputFiles[0].text;

const outfile = 'assets/terraform-provider-secops.js';
// The file is a shell script whose second line JavaScript reads as a string and a comment. The shell
// part moves NODE_EXTRA_CA_CERTS aside before starting Node: Node 20 parses its root store and that
// file at start-up, in each of the three or four processes Terraform starts per command, though most
// never call a vendor; the HTTP core loads it on the first HTTPS connection (clients/core/tls.ts).
const LAUNCHER_PRELUDE = [
  '#!/bin/sh',
  "':' //; if [ -n \"$NODE_EXTRA_CA_CERTS\" ]; then SECOPS_DEFERRED_EXTRA_CA_CERTS=$NODE_EXTRA_CA_CERTS; "
    + 'export SECOPS_DEFERRED_EXTRA_CA_CERTS; unset NODE_EXTRA_CA_CERTS; fi; exec node "$0" "$@"',
].join('\n');
mkdirSync('assets', { recursive: true });
await build({
  ...common,
  entryPoints: ['src/provider/launcher.ts'],
  outfile,
  define: {
    ...common.define,
    PROVIDER_CODE: JSON.stringify(code),
    PROVIDER_CODE_HASH: JSON.stringify(createHash('sha256').update(code).digest('hex')),
  },
  banner: { js: LAUNCHER_PRELUDE },
});
chmodSync(outfile, 0o755);
