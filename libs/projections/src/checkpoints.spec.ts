import type { Pool } from 'pg';
import { createPool, migrate } from '@referral-ledger/postgres';
import { createTestDatabase, describeWith, type TestDatabase } from '@referral-ledger/testing';
import { CheckpointOriginError, Checkpoints } from './checkpoints';
import { PROJECTION_MIGRATIONS } from './schema';

describeWith(['postgres'], 'Checkpoints bound to their event store', () => {
  let database: TestDatabase;
  let pool: Pool;
  let checkpoints: Checkpoints;

  beforeEach(async () => {
    database = await createTestDatabase('checkpoints');
    pool = createPool(database.url);
    checkpoints = new Checkpoints(pool);
  });
  const migrateAll = () => migrate(pool, [PROJECTION_MIGRATIONS]);
  afterEach(async () => {
    await pool.end();
    await database.drop();
  });

  it('refuses another event store once a subscriber has moved, and names both', async () => {
    await migrateAll();
    await checkpoints.bindToEventStore('postgres');
    await checkpoints.save('kpi-daily', { commit: 42n, prepare: 42n });
    await checkpoints.bindToEventStore('postgres');
    const refused = await checkpoints.bindToEventStore('eventstoredb').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CheckpointOriginError);
    expect(refused).toMatchObject({ boundTo: 'postgres', configured: 'eventstoredb' });
    expect(await checkpoints.load('kpi-daily')).toEqual({ commit: 42n, prepare: 42n });
  });

  it('lets checkpoints still at the start move to another store', async () => {
    await migrateAll();
    await checkpoints.bindToEventStore('postgres');
    await checkpoints.ensure('kpi-daily');
    await checkpoints.bindToEventStore('eventstoredb');
    await checkpoints.save('kpi-daily', { commit: 7n, prepare: 7n });
    await expect(checkpoints.bindToEventStore('postgres')).rejects.toMatchObject({ boundTo: 'eventstoredb' });
  });

  it('takes checkpoints from before the binding existed as Postgres positions', async () => {
    const beforeCheckpointOrigin = PROJECTION_MIGRATIONS.migrations.filter((migration) => migration.name !== 'ProjectionsCheckpointOrigin1700000000503');
    await migrate(pool, [{ owner: 'projections', migrations: beforeCheckpointOrigin }]);
    await checkpoints.save('relay', { commit: 9n, prepare: 9n });
    await migrateAll();
    await expect(checkpoints.bindToEventStore('eventstoredb')).rejects.toMatchObject({ boundTo: 'postgres' });
  });
});
