import { VendorDefinition } from './provider/definitions';
import { anchore } from './vendors/anchore';
import { carbonblack } from './vendors/carbonblack';
import { chainguard } from './vendors/chainguard';
import { illumio } from './vendors/illumio';
import { nomad } from './vendors/nomad';

/**
 * Every vendor the provider serves: the one place that lists them. Each is defined in
 * src/vendors/<name>.ts; the provider process loads them one by one as Terraform needs them
 * (vendor-loaders.ts, which a test keeps in step with this list).
 */
export const vendors: readonly VendorDefinition[] = [illumio, nomad, anchore, chainguard, carbonblack] as readonly VendorDefinition<unknown>[];
