import { createHmac } from 'node:crypto';
import { normalizeEmail } from './email-normalization';

/**
 * Keyed hashes (HMAC-SHA256 with a secret pepper) for equality lookups on personal data without
 * storing it: "same email as another customer?" without knowing either email.
 */
export class BlindIndex {
  constructor(private readonly pepper: Buffer) {
    if (pepper.length < 32) throw new Error('The blind index pepper must be at least 32 bytes');
  }

  of(kind: string, value: string): string {
    return createHmac('sha256', this.pepper).update(`${kind}\u0000${value}`).digest('base64url');
  }

  email(email: string): string {
    return this.of('email', normalizeEmail(email));
  }
}
