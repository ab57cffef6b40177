import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

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
  const db = await PGlite.create(options.dataDir);
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
