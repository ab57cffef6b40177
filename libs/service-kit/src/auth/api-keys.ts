import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const ROLES = ['admin', 'integration', 'finance', 'analyst'] as const;
export type Role = (typeof ROLES)[number];

export interface ApiKey {
  role: Role;
  key: string;
}

/** `API_KEYS=role:key,role:key` (DESIGN.md §7). */
export function parseApiKeys(value: string): ApiKey[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const separator = entry.indexOf(':');
      const role = entry.slice(0, separator) as Role;
      const key = entry.slice(separator + 1);
      if (separator <= 0 || !ROLES.includes(role)) throw new Error(`"${entry.slice(0, Math.max(separator, 0))}" is not a role (${ROLES.join(', ')})`);
      if (key.length < 16) throw new Error(`the ${role} key must be at least 16 characters`);
      return { role, key };
    });
}

/** One random key per role, for the embedded mode when none are configured. */
export function generateApiKeys(): ApiKey[] {
  return ROLES.map((role) => ({ role, key: `${role}_${randomBytes(18).toString('base64url')}` }));
}

/** Finds the role of a presented key, comparing digests in constant time against every configured key. */
export function roleOfKey(presented: string, keys: readonly ApiKey[]): Role | undefined {
  const digest = sha256(presented);
  let found: Role | undefined;
  for (const { role, key } of keys) {
    if (timingSafeEqual(digest, sha256(key)) && !found) found = role;
  }
  return found;
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
