import { Pool, types, type PoolConfig } from 'pg';

// int8 columns (positions, versions, money in minor units) must never lose precision: parse them as bigint.
types.setTypeParser(types.builtins.INT8, (value) => BigInt(value));

export type PostgresPoolOptions = Pick<PoolConfig, 'max' | 'application_name' | 'statement_timeout'>;

export function createPool(connectionString: string, options: PostgresPoolOptions = {}): Pool {
  const pool = new Pool({ connectionString, max: options.max ?? 10, ...options });
  // An idle client that loses its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}
