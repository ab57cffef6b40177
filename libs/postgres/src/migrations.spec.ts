import { createTestDatabase, describeWith, type TestDatabase } from '@referral-ledger/testing';
import { migrate } from './migrations';
import { createPool } from './pool';

describeWith(['postgres'], 'migrate', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('migrations');
  });
  afterAll(() => database.drop());

  it('applies each migration once, even when replicas start together, and reads int8 as bigint', async () => {
    const pool = createPool(database.url);
    const migrations = [
      { id: '001', sql: 'CREATE TABLE counters (name text PRIMARY KEY, value bigint NOT NULL)' },
      { id: '002', sql: `INSERT INTO counters VALUES ('big', 9007199254740993)` },
    ];
    try {
      await Promise.all([migrate(pool, 'test', migrations), migrate(pool, 'test', migrations), migrate(pool, 'test', migrations)]);
      await migrate(pool, 'test', migrations);
      const { rows } = await pool.query('SELECT value FROM counters');
      expect(rows).toEqual([{ value: 9007199254740993n }]);
    } finally {
      await pool.end();
    }
  });

  it('rolls back a failing migration completely', async () => {
    const pool = createPool(database.url);
    try {
      await expect(migrate(pool, 'broken', [{ id: '001', sql: 'CREATE TABLE half_done (id int); SELECT no_such_function()' }])).rejects.toThrow();
      const { rows } = await pool.query(`SELECT to_regclass('half_done') AS table`);
      expect(rows[0].table).toBeNull();
    } finally {
      await pool.end();
    }
  });
});
