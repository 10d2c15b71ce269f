import { normaliseIp } from '../../../src/simulators/illumio';

describe('normaliseIp (the PCE stores a CIDR by its network address)', () => {
  test.each([
    ['10.0.0.1/24', '10.0.0.0/24'],
    ['10.0.0.0/24', '10.0.0.0/24'],
    ['192.168.7.200/30', '192.168.7.200/30'],
    ['192.168.7.203/30', '192.168.7.200/30'],
    ['172.16.5.4/0', '0.0.0.0/0'],
    ['8.8.8.8/32', '8.8.8.8/32'],
    ['8.8.8.8', '8.8.8.8'],
    ['2001:db8::1/64', '2001:db8::/64'],
    ['2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:db8:0:1:0:0:0:1', '2001:db8:0:1::1'],
    ['::ffff:10.1.2.3/120', '::ffff:a01:200/120'],
    ['::/0', '::/0'],
  ])('%s is stored as %s', (input, stored) => {
    expect(normaliseIp(input)).toBe(stored);
  });

  test.each(['10.0.0.256', '10.0.0.0/33', '2001:db8::/129', '10.0.0.0/8/8', 'example.com', '10.0.0.0/'])('%s is refused', (input) => {
    expect(() => normaliseIp(input)).toThrow(`Invalid IP address or CIDR: ${input}`);
  });
});
