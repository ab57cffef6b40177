import { createPool, dataSourceOver, migrate } from '@referral-ledger/postgres';
import { hostConfigSchema, schemaOf } from '@referral-ledger/service-host';
import { loadConfig } from '@referral-ledger/service-kit';
import { createTestDatabase, describeWith, type TestDatabase } from '@referral-ledger/testing';
import { PLATFORM_SERVICES } from '../platform';

/**
 * The read models are declared twice, as TypeORM entities (what the read side queries) and as TypeORM migrations (what
 * creates the tables): TypeORM's own schema diff must find nothing to change between the two.
 */
describeWith(['postgres'], 'read-model entities', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('read_models');
  });
  afterAll(() => database.drop());

  it('match the tables, columns, keys, defaults and indexes the migrations create, and every view maps', async () => {
    const schema = schemaOf(PLATFORM_SERVICES, loadConfig(hostConfigSchema, { DATA_DIR: '/unused' }));
    const pool = createPool(database.url);
    try {
      await migrate(pool, schema.migrations);
      const dataSource = await dataSourceOver(pool, { entities: schema.entities });
      const differences = await dataSource.driver.createSchemaBuilder().log();
      expect(differences.upQueries.map((query) => query.query)).toEqual([]);
      expect(dataSource.entityMetadatas.length).toBe(schema.entities.length);
      // A view's columns are not diffed: selecting each mapped column proves it exists.
      for (const metadata of dataSource.entityMetadatas.filter((entity) => entity.tableType === 'view')) {
        await expect(dataSource.getRepository(metadata.target).find({ take: 1 })).resolves.toEqual([]);
      }
    } finally {
      await pool.end();
    }
  });
});
