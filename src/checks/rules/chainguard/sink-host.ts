import { isIP } from 'node:net';

/**
 * What a sink's host says about where events go, judged from the URL alone: literal IP addresses
 * and the `localhost` names. A DNS name can resolve anywhere, so it is never judged.
 */

/** IPv4 ranges Chainguard's delivery cannot (or must not) reach: [network, prefix length, what it is]. */
const IPV4_RANGES: readonly [string, number, string][] = [
  ['127.0.0.0', 8, 'a loopback address'],
  ['10.0.0.0', 8, 'a private address (RFC 1918)'],
  ['172.16.0.0', 12, 'a private address (RFC 1918)'],
  ['192.168.0.0', 16, 'a private address (RFC 1918)'],
  ['169.254.0.0', 16, 'a link-local address'],
  ['100.64.0.0', 10, 'a carrier-grade NAT address (RFC 6598)'],
  ['0.0.0.0', 8, 'an unspecified address ("this network")'],
];

function ipv4Number(address: string): number {
  return address.split('.').reduce((sum, octet) => sum * 256 + Number(octet), 0);
}

function ipv4Kind(address: string): string | undefined {
  const value = ipv4Number(address);
  const found = IPV4_RANGES.find(([base, bits]) => Math.floor(value / 2 ** (32 - bits)) === Math.floor(ipv4Number(base) / 2 ** (32 - bits)));
  return found?.[2];
}

/** What an IPv6 address is, by its first 16 bits, or by its embedded IPv4 address when it is IPv4-mapped. */
function ipv6Kind(address: string): string | undefined {
  const lower = address.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped) return ipv4Kind(mapped[1]!);
  if (/^::ffff:[0-9a-f]{1,4}:[0-9a-f]{1,4}$/.test(lower)) {
    const [high, low] = lower.slice(7).split(':').map(part => parseInt(part, 16)) as [number, number];
    return ipv4Kind([Math.floor(high / 256), high % 256, Math.floor(low / 256), low % 256].join('.'));
  }
  if (lower === '::1') return 'a loopback address';
  if (lower === '::') return 'the unspecified address';
  const first = lower.startsWith('::') ? 0 : parseInt(lower.split(':')[0]!, 16);
  if (first >= 0xfc00 && first <= 0xfdff) return 'a private address (unique local, fc00::/7)';
  if (first >= 0xfe80 && first <= 0xfebf) return 'a link-local address';
  return undefined;
}

/**
 * What the host is when it is not a public destination (`a loopback address`, ...), or undefined
 * when it is a public address or a DNS name (which cannot be judged here).
 */
export function nonPublicHost(hostname: string): string | undefined {
  const host = hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return 'localhost (loopback)';
  const version = isIP(host);
  if (version === 4) return ipv4Kind(host);
  if (version === 6) return ipv6Kind(host);
  return undefined;
}
