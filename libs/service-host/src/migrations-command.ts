import { MigrationExecutor } from 'typeorm';
import { dataSourceOver, migrate } from '@referral-ledger/postgres';
import { loadConfigOrExit } from '@referral-ledger/service-kit';
import { connectDatabase, schemaOf } from './database';
import { hostConfigSchema } from './host-config';
import type { ServiceDefinition } from './service-definition';

const COMMANDS = ['run', 'show', 'revert'] as const;

/**
 * `npm run migration:<run|show|revert>`: TypeORM's migrations of every hosted service, against the platform's database
 * (DATABASE_URL, or the embedded one under DATA_DIR, which must not be in use). The platform also runs them at start.
 */
export async function migrationsCommand(services: readonly ServiceDefinition[], command: string | undefined): Promise<void> {
  if (!COMMANDS.some((known) => known === command)) {
    process.stderr.write(`usage: migrations <${COMMANDS.join('|')}>\n`);
    process.exit(64);
  }
  const config = loadConfigOrExit(hostConfigSchema);
  const { migrations } = schemaOf(services, config);
  const database = await connectDatabase(config);
  try {
    if (command === 'run') {
      const applied = await migrate(database.pool, migrations);
      process.stdout.write(`${database.description}: applied ${applied.length} migration(s)${applied.map((name) => `\n  ${name}`).join('')}\n`);
      return;
    }
    const dataSource = await dataSourceOver(database.pool, { migrations: migrations.flatMap((set) => set.migrations) });
    const executor = new MigrationExecutor(dataSource);
    if (command === 'show') {
      const executed = new Set((await executor.getExecutedMigrations()).map((m) => m.name));
      const byTimestamp = [...dataSource.migrations].sort((a, b) => (a.name ?? '').slice(-13).localeCompare((b.name ?? '').slice(-13)));
      for (const migration of byTimestamp) process.stdout.write(`[${executed.has(migration.name ?? '') ? 'X' : ' '}] ${migration.name}\n`);
    } else {
      const [last] = (await executor.getExecutedMigrations()).sort((a, b) => b.timestamp - a.timestamp);
      await dataSource.undoLastMigration({ transaction: 'all' });
      process.stdout.write(`${database.description}: reverted ${last?.name ?? 'nothing'}\n`);
    }
  } finally {
    await database.close();
  }
}
