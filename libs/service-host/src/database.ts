import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { EVENT_STORE_MIGRATIONS } from '@referral-ledger/event-store';
import { MESSAGING_MIGRATIONS } from '@referral-ledger/messaging';
import { createPool, dataSourceOver, migrate, startEmbeddedPostgres, type EmbeddedPostgres, type EntityClass, type MigrationSet } from '@referral-ledger/postgres';
import { PRIVACY_MIGRATIONS } from '@referral-ledger/privacy';
import { PROJECTION_MIGRATIONS, projectionSchema } from '@referral-ledger/projections';
import { SERVICE_KIT_MIGRATIONS } from '@referral-ledger/service-kit';
import { lockDataDirectory } from './data-dir-lock';
import type { HostConfig } from './host-config';
import type { ServiceDefinition } from './service-definition';

/** The host's Postgres, migrated: one pool shared by the store, the consumers, the projections and TypeORM's read side. */
export interface Database {
  pool: Pool;
  /** TypeORM over the same pool, with the hosted services' entities. */
  dataSource: DataSource;
  embedded: boolean;
  description: string;
  close(): Promise<void>;
}

/** What a host's database holds: the TypeORM migrations that create it and the entities the read side maps. */
export interface HostSchema {
  migrations: readonly MigrationSet[];
  entities: readonly EntityClass[];
}

/** Every schema the hosted services need, in the order TypeORM applies them: the host's own, then the services'. */
export function schemaOf(services: readonly ServiceDefinition[], config: HostConfig): HostSchema {
  const projections = services.map((service) => service.projections(config));
  return {
    migrations: [
      ...(config.EVENTSTORE_URL ? [] : [EVENT_STORE_MIGRATIONS]),
      SERVICE_KIT_MIGRATIONS,
      MESSAGING_MIGRATIONS,
      PRIVACY_MIGRATIONS,
      PROJECTION_MIGRATIONS,
      ...services.flatMap((service, index) => [...(service.migrations ?? []), ...projections[index].map(projectionSchema)]),
    ],
    entities: services.flatMap((service, index) => [...projections[index].flatMap((projection) => projection.entities), ...(service.entities ?? [])]),
  };
}

/**
 * DATABASE_URL, or embedded Postgres (PGlite) under DATA_DIR, locked to this process. TypeORM applies the pending
 * migrations before anything else touches the tables.
 */
export async function openDatabase(config: HostConfig, schema: HostSchema): Promise<Database> {
  const connection = await connectDatabase(config);
  try {
    await migrate(connection.pool, schema.migrations);
    return { ...connection, dataSource: await dataSourceOver(connection.pool, { entities: schema.entities }) };
  } catch (error) {
    await connection.close();
    throw error;
  }
}

/** The pool alone, not migrated: for the migration commands. */
export async function connectDatabase(config: HostConfig): Promise<Omit<Database, 'dataSource'>> {
  const embedded = config.DATABASE_URL ? undefined : await startEmbedded(config.DATA_DIR);
  // PGlite runs one transaction at a time: with a single connection no query can queue behind another connection's open transaction.
  const pool = createPool(embedded?.url ?? (config.DATABASE_URL as string), { max: embedded ? 1 : 10, application_name: 'referral-ledger' });
  return {
    pool,
    embedded: embedded !== undefined,
    description: embedded ? `embedded PGlite in ${join(config.DATA_DIR, 'pglite')}` : 'DATABASE_URL',
    async close() {
      await pool.end();
      await embedded?.stop();
    },
  };
}

async function startEmbedded(dataDirectory: string): Promise<EmbeddedPostgres> {
  mkdirSync(dataDirectory, { recursive: true });
  const lock = lockDataDirectory(dataDirectory);
  const dataDir = join(dataDirectory, 'pglite');
  mkdirSync(dataDir, { recursive: true });
  try {
    const embedded = await startEmbeddedPostgres({ dataDir });
    return {
      url: embedded.url,
      stop: async () => {
        await embedded.stop();
        lock.release();
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}
