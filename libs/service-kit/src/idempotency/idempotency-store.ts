import type { Pool } from 'pg';

export type IdempotencyClaim = { outcome: 'claimed' } | { outcome: 'in_progress' } | { outcome: 'mismatch' } | { outcome: 'completed'; statusCode: number; body: unknown };

/** Remembers the response to each (scope, Idempotency-Key) for a day, so a retried POST is answered, not redone. */
export class IdempotencyStore {
  constructor(
    private readonly pool: Pool,
    private readonly retention = '24 hours',
  ) {}

  async claim(scope: string, key: string, fingerprint: string): Promise<IdempotencyClaim> {
    await this.pool.query('DELETE FROM service.idempotency_keys WHERE scope = $1 AND key = $2 AND created_at < now() - $3::interval', [scope, key, this.retention]);
    const claimed = await this.pool.query('INSERT INTO service.idempotency_keys (scope, key, fingerprint) VALUES ($1, $2, $3) ON CONFLICT (scope, key) DO NOTHING', [
      scope,
      key,
      fingerprint,
    ]);
    if (claimed.rowCount === 1) return { outcome: 'claimed' };
    const { rows } = await this.pool.query<{ fingerprint: string; status_code: number | null; body: unknown }>(
      'SELECT fingerprint, status_code, body FROM service.idempotency_keys WHERE scope = $1 AND key = $2',
      [scope, key],
    );
    const row = rows[0];
    if (!row) return this.claim(scope, key, fingerprint);
    if (row.fingerprint !== fingerprint) return { outcome: 'mismatch' };
    if (row.status_code === null) return { outcome: 'in_progress' };
    return { outcome: 'completed', statusCode: row.status_code, body: row.body };
  }

  async complete(scope: string, key: string, statusCode: number, body: unknown): Promise<void> {
    await this.pool.query('UPDATE service.idempotency_keys SET status_code = $3, body = $4 WHERE scope = $1 AND key = $2', [scope, key, statusCode, JSON.stringify(body ?? null)]);
  }

  /** The request failed: the key is free again, so the client may retry it. */
  async release(scope: string, key: string): Promise<void> {
    await this.pool.query('DELETE FROM service.idempotency_keys WHERE scope = $1 AND key = $2 AND status_code IS NULL', [scope, key]);
  }
}
