import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

/** A webhook URL the platform will not call, with the reason. */
export class TargetRefusedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'TargetRefusedError';
  }
}

/**
 * Only absolute http(s) URLs without credentials; and unless private targets are allowed, only hosts whose every
 * address is public unicast: no loopback, private, link-local (cloud metadata) or other special ranges (SSRF).
 * Checked when a webhook is registered and again before each delivery, since a name can start resolving elsewhere.
 */
export async function checkTarget(url: string, allowPrivate: boolean): Promise<URL> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new TargetRefusedError('url must be an absolute http or https URL');
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new TargetRefusedError('url must be an absolute http or https URL');
  if (target.username || target.password) throw new TargetRefusedError('url must not carry credentials');
  if (allowPrivate) return target;
  const host = target.hostname.replace(/^\[|\]$/g, '');
  const addresses = ipaddr.isValid(host) ? [host] : await resolve(host);
  for (const address of addresses) {
    const parsed = ipaddr.parse(address);
    const ip = parsed instanceof ipaddr.IPv6 && parsed.isIPv4MappedAddress() ? parsed.toIPv4Address() : parsed;
    if (ip.range() !== 'unicast') throw new TargetRefusedError(`url resolves to ${address}, a ${ip.range()} address: not a public target`);
  }
  return target;
}

async function resolve(host: string): Promise<string[]> {
  try {
    return (await lookup(host, { all: true })).map((entry) => entry.address);
  } catch {
    throw new TargetRefusedError(`url host ${host} does not resolve`);
  }
}
