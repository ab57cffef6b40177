import { Pool, types, type PoolConfig } from 'pg';
import { countActivity } from './pool-activity';

// int8 columns (positions, versions, money in minor units) must never lose precision: parse them as bigint.
types.setTypeParser(types.builtins.INT8, (value) => BigInt(value));

export type PostgresPoolOptions = Pick<PoolConfig, 'max' | 'application_name' | 'statement_timeout' | 'connectionTimeoutMillis'>;

/**
 * A pool that survives the database going away: connecting gives up after a bounded time (the caller
 * retries), and a connection that dies, idle or in use, is discarded instead of crashing the process.
 */
export function createPool(connectionString: string, options: PostgresPoolOptions = {}): Pool {
  const pool = new Pool({ connectionString, max: options.max ?? 10, connectionTimeoutMillis: 5_000, keepAlive: true, ...options });
  pool.on('error', () => undefined);
  // A checked-out client has no listener of the pool's: without this one its 'error' would be unhandled. Its query rejects anyway.
  pool.on('connect', (client) => client.on('error', () => undefined));
  countActivity(pool);
  return pool;
}
