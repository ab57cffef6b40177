import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/** A database of its own on the local Postgres (or DATABASE_URL as it is), dropped afterwards. */
export async function scratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, drop: async () => undefined };
  const admin = 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `bench_${randomUUID().replaceAll('-', '')}`;
  const query = async (sql: string) => {
    const client = new Client({ connectionString: admin });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await query(`CREATE DATABASE ${name}`);
  return { url: `postgres://postgres@127.0.0.1:5432/${name}`, drop: () => query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
