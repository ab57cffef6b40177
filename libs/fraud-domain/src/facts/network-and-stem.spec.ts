import { emailStem, networkOf } from './network-and-stem';

describe('the network and the address stem of a signup', () => {
  it('groups IPv4 by /24 and IPv6 by /64, however the address is written', () => {
    expect(networkOf('203.0.113.77')).toBe('203.0.113.0/24');
    expect(networkOf('2001:db8:85a3:0042:1000:8a2e:370:7334')).toBe('2001:db8:85a3:42::/64');
    expect(networkOf('2001:DB8:85A3:42::1')).toBe('2001:db8:85a3:42::/64');
    expect(networkOf('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(networkOf('::ffff:203.0.113.77')).toBe('203.0.113.0/24');
    expect(networkOf('::FFFF:198.51.100.1')).toBe('198.51.100.0/24');
  });

  it('drops the trailing digits of the local part only', () => {
    expect(emailStem('User12@Farm.io')).toBe('user@farm.io');
    expect(emailStem('r2d2x@farm.io')).toBe('r2d2x@farm.io');
  });
});
