import type { LazyVendor, VendorDefinition } from './provider/definitions';

/* eslint-disable @typescript-eslint/no-require-imports -- a require inside the loader stays lazy in the
   esbuild bundle just as import() would, and runs under jest, which has no import() without vm modules */
/**
 * The vendors of registry.ts, each loaded on first use. Terraform starts three or four provider
 * processes per command and most touch one vendor: loading only that one is a fair part of their
 * start. Same names, same order as `vendors` (test/vendor-loaders.test.ts checks).
 */
export const vendorLoaders: readonly LazyVendor[] = [
  { name: 'illumio', load: async () => (require('./vendors/illumio') as typeof import('./vendors/illumio')).illumio as VendorDefinition },
  { name: 'nomad', load: async () => (require('./vendors/nomad') as typeof import('./vendors/nomad')).nomad as VendorDefinition },
  { name: 'anchore', load: async () => (require('./vendors/anchore') as typeof import('./vendors/anchore')).anchore as VendorDefinition },
  {
    name: 'chainguard',
    load: async () => (require('./vendors/chainguard') as typeof import('./vendors/chainguard')).chainguard as VendorDefinition,
  },
  {
    name: 'carbonblack',
    load: async () => (require('./vendors/carbonblack') as typeof import('./vendors/carbonblack')).carbonblack as VendorDefinition,
  },
];
/* eslint-enable @typescript-eslint/no-require-imports */
