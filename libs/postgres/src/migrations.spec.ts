import { createTestDatabase, describeWith, type TestDatabase } from '@referral-ledger/testing';
import { dataSourceOver, MIGRATIONS_TABLE } from './data-source';
import { migrate, sqlMigration, type MigrationSet } from './migrations';
import { createPool } from './pool';

const counters: MigrationSet = {
  owner: 'test',
  migrations: [
    sqlMigration('Counters1700000000001', { up: 'CREATE TABLE counters (name text PRIMARY KEY, value bigint NOT NULL)', down: 'DROP TABLE counters' }),
    sqlMigration('BigCounter1700000000002', { up: `INSERT INTO counters VALUES ('big', 9007199254740993)`, down: `DELETE FROM counters WHERE name = 'big'` }),
  ],
};

describeWith(['postgres'], 'migrate (TypeORM)', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase('migrations');
  });
  afterEach(() => database.drop());

  it('applies each migration once, even when replicas start together, and reads int8 as bigint', async () => {
    const pool = createPool(database.url);
    try {
      await Promise.all([migrate(pool, [counters]), migrate(pool, [counters]), migrate(pool, [counters])]);
      await migrate(pool, [counters]);
      expect((await pool.query('SELECT value FROM counters')).rows).toEqual([{ value: 9007199254740993n }]);
      expect((await pool.query(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY timestamp`)).rows.map((row) => row.name)).toEqual([
        'Counters1700000000001',
        'BigCounter1700000000002',
      ]);
    } finally {
      await pool.end();
    }
  });

  it('rolls back a failing run completely', async () => {
    const pool = createPool(database.url);
    const broken = sqlMigration('Broken1700000000003', { up: 'CREATE TABLE half_done (id int); SELECT no_such_function()' });
    try {
      await expect(migrate(pool, [{ owner: 'test', migrations: [...counters.migrations, broken] }])).rejects.toThrow(/no_such_function/);
      const { rows } = await pool.query(`SELECT to_regclass('half_done') AS half_done, to_regclass('counters') AS counters`);
      expect(rows[0]).toEqual({ half_done: null, counters: null });
    } finally {
      await pool.end();
    }
  });

  it('adopts what the hand-written runner applied, then applies only the rest', async () => {
    const pool = createPool(database.url);
    try {
      await pool.query(`CREATE SCHEMA schema_migrations;
        CREATE TABLE schema_migrations.applied (owner text NOT NULL, id text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (owner, id));
        INSERT INTO schema_migrations.applied (owner, id) VALUES ('test', '001-counters');
        CREATE TABLE counters (name text PRIMARY KEY, value bigint NOT NULL);`);
      await migrate(pool, [counters]);
      expect((await pool.query('SELECT value FROM counters')).rows).toEqual([{ value: 9007199254740993n }]);
      expect((await pool.query(`SELECT to_regclass('schema_migrations.applied') AS legacy`)).rows[0].legacy).toBeNull();
    } finally {
      await pool.end();
    }
  });

  it('reverts the last migration with its down, and refuses one that has none', async () => {
    const pool = createPool(database.url);
    const irreversible = sqlMigration('Keys1700000000004', { up: 'CREATE TABLE keys (id int)' });
    try {
      await migrate(pool, [counters]);
      await (await dataSourceOver(pool, { migrations: [...counters.migrations] })).undoLastMigration();
      expect((await pool.query('SELECT count(*)::int AS rows FROM counters')).rows[0].rows).toBe(0);
      expect((await pool.query(`SELECT count(*)::int AS applied FROM ${MIGRATIONS_TABLE}`)).rows[0].applied).toBe(1);

      await migrate(pool, [{ owner: 'test', migrations: [...counters.migrations, irreversible] }]);
      const withKeys = await dataSourceOver(pool, { migrations: [...counters.migrations, irreversible] });
      await expect(withKeys.undoLastMigration()).rejects.toThrow(/Keys1700000000004 cannot be reverted/);
      expect((await pool.query(`SELECT to_regclass('keys') AS keys`)).rows[0].keys).toBe('keys');
    } finally {
      await pool.end();
    }
  });
});
