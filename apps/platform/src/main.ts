import 'reflect-metadata';
import { createLogger, loadConfigOrExit } from '@referral-ledger/service-kit';
import { platformConfigSchema } from './platform-config';
import { startPlatform } from './start-platform';

async function main(): Promise<void> {
  const config = loadConfigOrExit(platformConfigSchema);
  const logger = createLogger(config.LOG_LEVEL, 'platform');
  const platform = await startPlatform(config, logger);
  const { infrastructure } = platform;
  logger.info({ url: platform.url, database: infrastructure.databaseDescription, transport: infrastructure.transportDescription }, 'Referral Ledger is running');
  if (!config.API_KEYS) {
    process.stdout.write(`\nReferral Ledger on ${platform.url} (${infrastructure.databaseDescription}, ${infrastructure.transportDescription})\n`);
    process.stdout.write('No API_KEYS given, so these were generated for this run:\n');
    for (const { role, key } of platform.apiKeys) process.stdout.write(`  ${role.padEnd(12)} ${key}\n`);
    process.stdout.write(`Try: curl ${platform.url}/health/ready\n\n`);
  }
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await platform.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  process.stderr.write(`Referral Ledger failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
