import { validationError } from './errors';
import { InvalidIpError, normaliseIp as normaliseAsPce } from '../../illumio/ip';

/**
 * The PCE's CIDR normalisation (`10.0.0.1/24` is stored as `10.0.0.0/24`), shared with the
 * client side in src/illumio/ip.ts; an invalid value is the PCE's 406.
 */
export function normaliseIp(value: string): string {
  try {
    return normaliseAsPce(value);
  } catch (error) {
    throw error instanceof InvalidIpError ? validationError(error.message) : error;
  }
}
