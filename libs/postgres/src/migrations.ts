import type { Pool } from 'pg';
import { MigrationExecutor, type MigrationInterface, type QueryRunner } from 'typeorm';
import { MIGRATIONS_TABLE, dataSourceOver } from './data-source';

export type MigrationClass = new () => MigrationInterface;

/**
 * The TypeORM migrations of one module, in the order they apply. `owner` names the module as the hand-written runner
 * before TypeORM recorded it, so a database migrated by that runner adopts what it already applied.
 */
export interface MigrationSet {
  owner: string;
  migrations: readonly MigrationClass[];
}

/**
 * Applies, with TypeORM, the migrations of these sets that are not applied yet: all in one transaction, in the order of
 * their timestamps. A session advisory lock on the same connection makes replicas that start together take turns.
 * Answers the names of those it ran.
 */
export async function migrate(pool: Pool, sets: readonly MigrationSet[]): Promise<string[]> {
  const dataSource = await dataSourceOver(pool, { migrations: sets.flatMap((set) => set.migrations) });
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  try {
    await queryRunner.query(`SELECT pg_advisory_lock(hashtext('referral-ledger-migrations'))`);
    const executor = new MigrationExecutor(dataSource, queryRunner);
    executor.transaction = 'all';
    // Its one public way to create TypeORM's table of applied migrations, which the adoption below writes to.
    await executor.showMigrations();
    await adoptHandWrittenRecords(queryRunner, sets);
    const executed = await executor.executePendingMigrations();
    return executed.map((migration) => migration.name);
  } finally {
    await queryRunner.query(`SELECT pg_advisory_unlock(hashtext('referral-ledger-migrations'))`).catch(() => undefined);
    await queryRunner.release();
  }
}

/** The hand-written runner applied a module's migrations in order: its first n records are TypeORM's first n. */
async function adoptHandWrittenRecords(queryRunner: QueryRunner, sets: readonly MigrationSet[]): Promise<void> {
  const [legacy] = (await queryRunner.query(`SELECT to_regclass('schema_migrations.applied') IS NOT NULL AS present`)) as { present: boolean }[];
  if (!legacy.present) return;
  const counts = (await queryRunner.query(`SELECT owner, count(*)::int AS applied FROM schema_migrations.applied GROUP BY owner`)) as { owner: string; applied: number }[];
  const adopted = sets.flatMap((set) => set.migrations.slice(0, counts.find((count) => count.owner === set.owner)?.applied ?? 0).map((migration) => migration.name));
  await queryRunner.query(
    `INSERT INTO ${MIGRATIONS_TABLE} (timestamp, name)
     SELECT right(name, 13)::bigint, name FROM unnest($1::text[]) AS name WHERE name NOT IN (SELECT name FROM ${MIGRATIONS_TABLE})`,
    [adopted],
  );
  // Once every module that ran here was adopted, the hand-written runner's table goes.
  const owners = new Set(sets.map((set) => set.owner));
  if (counts.every((count) => owners.has(count.owner))) await queryRunner.query(`DROP SCHEMA schema_migrations CASCADE`);
}

/**
 * A TypeORM migration written in SQL. `name` is PascalCase ending in a 13-digit timestamp, which orders it among every
 * module's migrations; `down` undoes `up` for `npm run migration:revert`. Without `down` it cannot be reverted: tables
 * that hold what nothing else can rebuild (events, data keys) are restored from a backup, not dropped.
 */
export function sqlMigration(name: string, sql: { up: string; down?: string }): MigrationClass {
  if (!/^[A-Z][A-Za-z]*\d{13}$/.test(name)) throw new Error(`Migration name ${name} must be PascalCase ending in a 13-digit timestamp`);
  const migration = class implements MigrationInterface {
    readonly name = name;
    async up(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(sql.up);
    }
    async down(queryRunner: QueryRunner): Promise<void> {
      if (sql.down === undefined) throw new Error(`Migration ${name} cannot be reverted: restore a backup taken before it instead`);
      await queryRunner.query(sql.down);
    }
  };
  Object.defineProperty(migration, 'name', { value: name });
  return migration;
}
