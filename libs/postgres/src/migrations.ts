import type { Pool } from 'pg';
import { inTransaction } from './transaction';

export interface Migration {
  /** Stable, ordered identifier, e.g. `001-events`. Never rename or edit an applied migration: add a new one. */
  id: string;
  sql: string;
}

/**
 * Applies the migrations of one module (`owner`) that are not applied yet, in order, in one transaction.
 * A transaction-level advisory lock makes concurrent start-ups of several replicas safe.
 */
export async function migrate(pool: Pool, owner: string, migrations: readonly Migration[]): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('referral-ledger-migrations'))`);
    await client.query(`CREATE SCHEMA IF NOT EXISTS schema_migrations`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations.applied (
         owner text NOT NULL, id text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (owner, id))`,
    );
    const { rows } = await client.query<{ id: string }>(`SELECT id FROM schema_migrations.applied WHERE owner = $1`, [owner]);
    const applied = new Set(rows.map((row) => row.id));
    for (const migration of migrations) {
      if (applied.has(migration.id)) continue;
      await client.query(migration.sql);
      await client.query(`INSERT INTO schema_migrations.applied (owner, id) VALUES ($1, $2)`, [owner, migration.id]);
    }
  });
}
