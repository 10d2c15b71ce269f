/* eslint-disable no-bitwise -- network masks are bit operations on the address as an integer. */
import { isIPv4, isIPv6 } from 'node:net';

/** A value that is neither an IP address nor a CIDR. */
export class InvalidIpError extends Error {
  constructor(public readonly value: string) {
    super(`Invalid IP address or CIDR: ${value}`);
  }
}

/**
 * The PCE stores a CIDR by its network address: `10.0.0.1/24` comes back as `10.0.0.0/24`
 * (issue 4: "the PCE's normalisation of CIDRs causes endless diffs"). Host bits are cleared and
 * IPv6 is written in its canonical compressed form (RFC 5952); plain addresses stay as sent.
 * The simulator stores what this returns; the IP list resource compares with it, so both agree.
 * Throws an InvalidIpError for anything else.
 */
export function normaliseIp(value: string): string {
  const [address = '', prefix, extra] = value.trim().split('/');
  if (extra !== undefined) {
    throw new InvalidIpError(value);
  }
  const family = isIPv4(address) ? 4 : isIPv6(address) ? 6 : 0;
  if (family === 0) {
    throw new InvalidIpError(value);
  }
  const bits = family === 4 ? 32 : 128;
  if (prefix === undefined) {
    return family === 4 ? address : formatV6(parseV6(address));
  }
  const length = Number(prefix);
  if (!/^\d{1,3}$/.test(prefix) || length > bits) {
    throw new InvalidIpError(value);
  }
  const number = family === 4 ? parseV4(address) : parseV6(address);
  const mask = ((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - length)) - 1n);
  const network = number & mask;
  return `${family === 4 ? formatV4(network) : formatV6(network)}/${length}`;
}

/** Whether the value is an IPv4/IPv6 address or CIDR the PCE accepts. */
export function isIpOrCidr(value: string): boolean {
  try {
    normaliseIp(value);
    return true;
  } catch (error) {
    if (error instanceof InvalidIpError) return false;
    throw error;
  }
}

/** Whether two written forms denote what the PCE stores alike (`10.0.0.1/24` and `10.0.0.0/24`). */
export function sameIp(a: string, b: string): boolean {
  if (a === b) return true;
  return isIpOrCidr(a) && isIpOrCidr(b) && normaliseIp(a) === normaliseIp(b);
}
function parseV4(address: string): bigint {
  return address.split('.').reduce((acc, octet) => (acc << 8n) + BigInt(Number(octet)), 0n);
}

function formatV4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join('.');
}

function parseV6(address: string): bigint {
  const withV4Tail = address.includes('.') ? expandV4Tail(address) : address;
  const [head = '', tail] = withV4Tail.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : new Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...zeros, ...tailGroups].reduce((acc, group) => (acc << 16n) + BigInt(parseInt(group, 16)), 0n);
}

/** `::ffff:1.2.3.4` → `::ffff:102:304`. */
function expandV4Tail(address: string): string {
  const cut = address.lastIndexOf(':');
  const v4 = parseV4(address.slice(cut + 1));
  return `${address.slice(0, cut + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
}

/** RFC 5952: lower case, no leading zeros, the longest run (2+) of zero groups as `::`. */
function formatV6(value: bigint): string {
  const groups = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((shift) => ((value >> shift) & 0xffffn).toString(16));
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8; i++) {
    let run = 0;
    while (i + run < 8 && groups[i + run] === '0') {
      run++;
    }
    if (run > best.length && run >= 2) {
      best = { start: i, length: run };
    }
  }
  if (best.start < 0) {
    return groups.join(':');
  }
  return `${groups.slice(0, best.start).join(':')}::${groups.slice(best.start + best.length).join(':')}`;
}
