import type { Pool } from 'pg';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { createPool } from '@referral-ledger/postgres';
import { createTestDatabase, describeWith, type TestDatabase } from '@referral-ledger/testing';
import { Upserts } from './upserts';

@Entity({ name: 'totals' })
class Totals {
  @PrimaryColumn('text') k!: string;
  @Column('bigint', { default: 0 }) amount!: bigint;
  @Column('timestamptz', { nullable: true }) first!: Date | null;
  @Column('timestamptz', { nullable: true }) last!: Date | null;
  @Column('text', { nullable: true }) latest!: string | null;
}

describeWith(['postgres'], 'Upserts: a batch of changes to keyed rows in one statement', () => {
  let database: TestDatabase;
  let pool: Pool;
  beforeAll(async () => {
    database = await createTestDatabase('upserts');
    pool = createPool(database.url);
    await pool.query('CREATE TABLE totals (k text PRIMARY KEY, amount bigint NOT NULL DEFAULT 0, first timestamptz, last timestamptz, latest text)');
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  const upserts = () => new Upserts(Totals, { amount: 'sum', first: 'least', last: 'greatest', latest: 'latest' });
  const write = async (batch: Upserts) => {
    const client = await pool.connect();
    try {
      await batch.write(client);
    } finally {
      client.release();
    }
  };

  it('combines within a batch and with what the table holds, exactly beyond 2^53', async () => {
    const first = upserts();
    first.add(['a'], { amount: Number.MAX_SAFE_INTEGER, first: '2026-01-02T00:00:00Z', last: '2026-01-02T00:00:00Z', latest: 'one' });
    first.add(['a'], { amount: 2, first: '2026-01-01T00:00:00Z', last: '2026-01-01T00:00:00Z' });
    first.add(['b'], {});
    await write(first);
    const second = upserts();
    second.add(['a'], { amount: 1, last: '2026-01-03T00:00:00Z', latest: 'two' });
    await write(second);
    const { rows } = await pool.query('SELECT k, amount::text, first, last, latest FROM totals ORDER BY k');
    expect(rows).toEqual([
      { k: 'a', amount: '9007199254740994', first: new Date('2026-01-01T00:00:00Z'), last: new Date('2026-01-03T00:00:00Z'), latest: 'two' },
      { k: 'b', amount: '0', first: null, last: null, latest: null },
    ]);
  });

  it('refuses a column its entity does not declare, or a key column', () => {
    expect(() => new Upserts(Totals, { missing: 'sum' })).toThrow('totals has no column missing to upsert');
    expect(() => new Upserts(Totals, { k: 'latest' })).toThrow('totals has no column k to upsert');
  });
});
