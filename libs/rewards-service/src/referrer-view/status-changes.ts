import type { PoolClient } from 'pg';

/** Per key: the row to create if it does not exist yet (first one wins), and the last status change of the batch. */
export class StatusChanges {
  private readonly created = new Map<unknown, unknown[]>();
  private readonly changed = new Map<unknown, { status: string; at: unknown; reason?: unknown }>();

  create(key: unknown, row: unknown[]): void {
    if (!this.created.has(key)) this.created.set(key, row);
  }

  change(key: unknown, status: string, at: unknown, reason?: unknown): void {
    const previous = this.changed.get(key);
    // A reason stays until another one replaces it, as when the updates ran one by one.
    this.changed.set(key, { status, at, reason: reason ?? previous?.reason });
  }

  async write(client: PoolClient, table: string, key: string, columnTypes: readonly string[]): Promise<void> {
    if (this.created.size > 0) {
      const rows = [...this.created.values()];
      const columns = columnTypes.map((type, index) => `$${index + 1}::${type}[]`).join(', ');
      await client.query(
        `INSERT INTO ${table} SELECT * FROM unnest(${columns}) ON CONFLICT DO NOTHING`,
        columnTypes.map((_, index) => rows.map((row) => (row[index] === undefined ? null : row[index]))),
      );
    }
    if (this.changed.size > 0) {
      const changes = [...this.changed];
      await client.query(
        `UPDATE ${table} t SET status = c.status, updated_at = c.at, reason = coalesce(c.reason, t.reason)
         FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[]) AS c(key, status, at, reason) WHERE t.${key} = c.key`,
        [changes.map(([k]) => k), changes.map(([, c]) => c.status), changes.map(([, c]) => c.at), changes.map(([, c]) => c.reason ?? null)],
      );
    }
  }
}
