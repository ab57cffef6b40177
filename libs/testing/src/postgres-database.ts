import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { serverUnavailable } from './test-servers';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh database for one suite on the test server; `drop()` removes it, even with connections still open. */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const adminUrl = process.env.RL_TEST_POSTGRES_URL;
  if (!adminUrl) throw new Error(`No test Postgres: ${serverUnavailable('postgres')}`);
  const name = `rl_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withAdmin(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

async function withAdmin<T>(adminUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
