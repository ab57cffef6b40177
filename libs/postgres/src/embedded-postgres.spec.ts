import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from './embedded-postgres';

describe('embedded Postgres (PGlite)', () => {
  it('creates a new data directory given relative to the working directory (as DATA_DIR=./data is), and opens it again', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'embedded-postgres-'));
    const dataDir = relative(process.cwd(), join(directory, 'pglite'));
    try {
      for (let start = 1; start <= 2; start++) {
        const postgres = await startEmbeddedPostgres({ dataDir });
        const client = new Client({ connectionString: postgres.url });
        await client.connect();
        if (start === 1) await client.query('CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)');
        expect((await client.query('SELECT n FROM kept')).rows).toEqual([{ n: 42 }]);
        expect((await client.query('SHOW shared_buffers')).rows).toEqual([{ shared_buffers: '32MB' }]);
        await client.end();
        await postgres.stop();
      }
      expect(existsSync(join(directory, 'pglite', 'PG_VERSION'))).toBe(true);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }, 60_000);
});
