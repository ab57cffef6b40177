export { createPool, type PostgresPoolOptions } from './pool';
export { inTransaction } from './transaction';
export { migrate, sqlMigration, type MigrationClass, type MigrationSet } from './migrations';
export { dataSourceOver, MIGRATIONS_TABLE, type DataSourceContents, type EntityClass } from './data-source';
export { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';
export { activityOf, type PoolActivity } from './pool-activity';
export { entityTable, type EntityTable } from './entity-tables';
