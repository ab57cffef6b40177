export { createPool, type PostgresPoolOptions } from './pool';
export { inTransaction } from './transaction';
export { migrate, type Migration } from './migrations';
export { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';
export { activityOf, type PoolActivity } from './pool-activity';
