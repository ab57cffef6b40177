import { isIPv6 } from 'node:net';

/**
 * The network an address belongs to for velocity: the /24 of IPv4 (one office, one botnet subnet), the /64 of
 * IPv6 (one site). The caller blind-indexes it; it is never stored as it is.
 */
export function networkOf(ip: string): string {
  // An IPv4 client seen through an IPv6 socket (`::ffff:203.0.113.7`) is an IPv4 client.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return networkOf(mapped[1]);
  if (!isIPv6(ip)) return `${ip.split('.').slice(0, 3).join('.')}.0/24`;
  const [head, tail = ''] = ip.toLowerCase().split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups] : headGroups;
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** An address without the trailing digits of its local part: `user12@farm.io` → `user@farm.io`, for sequential-address bursts. */
export function emailStem(email: string): string {
  const at = email.lastIndexOf('@');
  return `${email
    .slice(0, at)
    .toLowerCase()
    .replace(/[0-9]+$/, '')}@${email.slice(at + 1).toLowerCase()}`;
}
