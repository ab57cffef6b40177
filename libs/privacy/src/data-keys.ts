import { randomBytes } from 'node:crypto';
import DataLoader from 'dataloader';
import type { Pool } from 'pg';
import { open, seal } from './aes-gcm';

/**
 * Per-subject data keys, stored wrapped by the master key. `forget` deletes the key: everything
 * encrypted with it, in events and backups alike, becomes unreadable (crypto-shredding).
 */
export class DataKeys {
  private readonly cache = new Map<string, { key: Buffer; until: number }>();
  /** Keys asked for in the same turn of the event loop (a batch of signups) are created or read in one statement. */
  private readonly keys = new DataLoader<string, Buffer | null>((subjectIds) => this.createOrRead(subjectIds), { cache: false, batchScheduleFn: (run) => setImmediate(run) });

  constructor(
    private readonly pool: Pool,
    private readonly masterKey: Buffer,
    private readonly cacheTtlMs = 30_000,
  ) {}

  /** The subject's key, created on first use; null once the subject has been forgotten. */
  async keyFor(subjectId: string): Promise<Buffer | null> {
    return this.fromCache(subjectId) ?? this.keys.load(subjectId);
  }

  private async createOrRead(subjectIds: readonly string[]): Promise<Array<Buffer | null>> {
    const { rows } = await this.pool.query<{ subject_id: string; wrapped_key: Buffer }>(
      `WITH requested AS (SELECT * FROM unnest($1::text[], $2::bytea[]) AS r(subject_id, wrapped_key)),
       created AS (
         INSERT INTO privacy.data_keys (subject_id, wrapped_key)
         SELECT r.subject_id, r.wrapped_key FROM requested r WHERE NOT EXISTS (SELECT 1 FROM privacy.forgotten_subjects f WHERE f.subject_id = r.subject_id)
         ON CONFLICT (subject_id) DO NOTHING RETURNING subject_id, wrapped_key)
       SELECT subject_id, wrapped_key FROM created
       UNION ALL SELECT k.subject_id, k.wrapped_key FROM privacy.data_keys k JOIN requested r USING (subject_id)`,
      [subjectIds, subjectIds.map((subjectId) => seal(this.masterKey, randomBytes(32), `data-key:${subjectId}`))],
    );
    const wrapped = new Map(rows.map((row) => [row.subject_id, row.wrapped_key]));
    return subjectIds.map((subjectId) => {
      const key = wrapped.get(subjectId);
      return key ? this.remember(subjectId, open(this.masterKey, key, `data-key:${subjectId}`)) : null;
    });
  }

  /** The subject's key if it exists; never creates one (decryption must not resurrect a forgotten subject). */
  async existingKeyFor(subjectId: string): Promise<Buffer | null> {
    const cached = this.fromCache(subjectId);
    if (cached) return cached;
    const { rows } = await this.pool.query<{ wrapped_key: Buffer }>('SELECT wrapped_key FROM privacy.data_keys WHERE subject_id = $1', [subjectId]);
    return rows[0] ? this.remember(subjectId, open(this.masterKey, rows[0].wrapped_key, `data-key:${subjectId}`)) : null;
  }

  async forget(subjectId: string): Promise<void> {
    await this.pool.query(
      `WITH removed AS (DELETE FROM privacy.data_keys WHERE subject_id = $1)
       INSERT INTO privacy.forgotten_subjects (subject_id) VALUES ($1) ON CONFLICT DO NOTHING`,
      [subjectId],
    );
    this.cache.delete(subjectId);
  }

  private fromCache(subjectId: string): Buffer | undefined {
    const entry = this.cache.get(subjectId);
    return entry && entry.until > Date.now() ? entry.key : undefined;
  }

  private remember(subjectId: string, key: Buffer): Buffer {
    this.cache.set(subjectId, { key, until: Date.now() + this.cacheTtlMs });
    return key;
  }
}
