// Bundles the Terraform provider into one self-contained file. Terraform starts a fresh provider
// process several times per plan, so start-up cost matters: one file, nothing resolved at run time.
// The output is also the launcher that `secops install` and synth place in a plugin mirror; its
// bytes depend only on the sources and the locked dependencies, never on the machine or the path.
import { build } from 'esbuild';
import { chmodSync, mkdirSync } from 'node:fs';

const outfile = 'assets/terraform-provider-secops.js';
mkdirSync('assets', { recursive: true });
await build({
  entryPoints: ['src/provider/main.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  sourcemap: false,
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);
