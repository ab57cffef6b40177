import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** A smaller buffer pool than Postgres's default 128 MB: it lives in the WebAssembly heap, i.e. in this process's memory. */
const POSTGRESQL_CONF = ['shared_buffers = 32MB'];

/**
 * initdb in a process of its own: WebAssembly memory never shrinks, and initdb's peak (about 400 MB) would
 * otherwise stay with the platform for its whole life.
 */
async function initialiseApart(dataDir: string): Promise<void> {
  const script = `require('@electric-sql/pglite').PGlite.create(process.argv[1], { postgresqlconf: ${JSON.stringify(POSTGRESQL_CONF)} }).then((db) => db.close())`;
  // The child resolves the package from here, so the data directory must not depend on its working directory.
  await promisify(execFile)(process.execPath, ['-e', script, resolve(dataDir)], { cwd: __dirname });
}

export interface EmbeddedPostgres {
  /** A connection string for `pg`, exactly as for a real server. */
  url: string;
  stop(): Promise<void>;
}

/**
 * Postgres compiled to WebAssembly (PGlite), served over the Postgres wire protocol on loopback, so the
 * embedded mode runs the same SQL through the same `pg` pools as production. `dataDir` undefined: in memory.
 * `maxConnections` must cover every pool's size (PGlite serialises the transactions between them).
 */
export async function startEmbeddedPostgres(options: { dataDir?: string; maxConnections?: number; port?: number } = {}): Promise<EmbeddedPostgres> {
  if (options.dataDir && !existsSync(join(options.dataDir, 'PG_VERSION'))) await initialiseApart(options.dataDir);
  const db = await PGlite.create(options.dataDir, { postgresqlconf: POSTGRESQL_CONF });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: options.port ?? 0, maxConnections: options.maxConnections ?? 64 });
  await server.start();
  const address = server.getServerConn();
  return {
    url: `postgres://postgres@${address}/postgres?sslmode=disable`,
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}
