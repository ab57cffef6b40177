import { createLogger, loadConfigOrExit } from '@referral-ledger/service-kit';
import { hostConfigSchema } from './host-config';
import type { ServiceDefinition } from './service-definition';
import { startServices } from './start-services';

/** What an orchestrator waits between SIGTERM and SIGKILL is usually more; the process promises this much. */
const SHUTDOWN_LIMIT_MS = 10_000;

/** `main` of every app: configuration, JSON logs, generated keys in development, clean shutdown on signals. */
export async function runServices(name: string, services: readonly ServiceDefinition[], options: { requireServers?: boolean } = {}): Promise<void> {
  const config = loadConfigOrExit(hostConfigSchema);
  if (options.requireServers && (!config.DATABASE_URL || !config.KAFKA_BROKERS)) {
    process.stderr.write(`${name} runs against real servers: set DATABASE_URL and KAFKA_BROKERS (or run the embedded platform with npm start)\n`);
    process.exit(78);
  }
  const logger = createLogger(config.LOG_LEVEL, name);
  const running = await startServices(services, config, logger);
  const { infrastructure } = running;
  logger.info({ url: running.url, database: infrastructure.databaseDescription, transport: infrastructure.transportDescription }, `${name} is running`);
  if (!config.API_KEYS) {
    process.stdout.write(`\nReferral Ledger (${name}) on ${running.url} (${infrastructure.databaseDescription}, ${infrastructure.transportDescription})\n`);
    process.stdout.write('No API_KEYS given, so these were generated for this run:\n');
    for (const { role, key } of running.apiKeys) process.stdout.write(`  ${role.padEnd(12)} ${key}\n`);
    process.stdout.write(`Try: curl ${running.url}/health/ready\n\n`);
  }
  // Nest's own shutdown hooks are off: they re-raise the signal once the app is closed, killing the process before
  // the consumers, the relay and the pools have stopped. Here: HTTP and intake first, then everything behind it.
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error(`still not stopped after ${SHUTDOWN_LIMIT_MS / 1000} s; exiting`);
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS).unref();
    try {
      await running.stop();
      logger.info('stopped');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}
