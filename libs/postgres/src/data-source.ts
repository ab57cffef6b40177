import * as pg from 'pg';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { MigrationClass } from './migrations';

/** An `@Entity` or `@ViewEntity` class, as TypeORM types it. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity classes
export type EntityClass = Function;

export interface DataSourceContents {
  entities?: readonly EntityClass[];
  migrations?: readonly MigrationClass[];
}

/** The table TypeORM records applied migrations in. */
export const MIGRATIONS_TABLE = 'typeorm_migrations';

/**
 * A TypeORM DataSource that runs on a pool the caller already owns, so the read side, the migrations and the
 * projections' transactions share one set of connections (one connection in embedded mode). TypeORM builds its pool
 * with `new driver.Pool()`: a constructor that returns the existing pool hands it over. Never `destroy()` it: the
 * caller ends the pool.
 */
export async function dataSourceOver(pool: Pool, contents: DataSourceContents = {}): Promise<DataSource> {
  const sharedPool = function SharedPool() {
    return pool;
  };
  const dataSource = new DataSource({
    type: 'postgres',
    driver: Object.create(pg, { Pool: { value: sharedPool } }),
    entities: [...(contents.entities ?? [])],
    migrations: [...(contents.migrations ?? [])],
    migrationsTableName: MIGRATIONS_TABLE,
    synchronize: false,
    logging: false,
    // Failures reach the caller as errors; TypeORM's own messages only with DEBUG=typeorm:*.
    logger: 'debug',
  });
  return dataSource.initialize();
}
