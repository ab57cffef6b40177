import { open, seal } from './aes-gcm';
import type { DataKeys } from './data-keys';

const PREFIX = 'pii:v1:';

export class ForgottenSubjectError extends Error {
  constructor(readonly subjectId: string) {
    super(`Subject ${subjectId} has been forgotten: no new personal data may be stored for it`);
    this.name = 'ForgottenSubjectError';
  }
}

/** Encrypts personal data under its subject's data key, for storage in events and tables. */
export class PiiCipher {
  constructor(private readonly keys: DataKeys) {}

  async encrypt(subjectId: string, plaintext: string): Promise<string> {
    const key = await this.keys.keyFor(subjectId);
    if (!key) throw new ForgottenSubjectError(subjectId);
    return PREFIX + seal(key, Buffer.from(plaintext, 'utf8'), subjectId).toString('base64url');
  }

  /** The plaintext, or null when the subject was forgotten and the value is unreadable for good. */
  async decrypt(subjectId: string, value: string): Promise<string | null> {
    if (!value.startsWith(PREFIX)) throw new Error('Not a value produced by PiiCipher');
    const key = await this.keys.existingKeyFor(subjectId);
    if (!key) return null;
    return open(key, Buffer.from(value.slice(PREFIX.length), 'base64url'), subjectId).toString('utf8');
  }

  static isEncrypted(value: unknown): value is string {
    return typeof value === 'string' && value.startsWith(PREFIX);
  }
}
