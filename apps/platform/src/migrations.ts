import 'reflect-metadata';
import { migrationsCommand } from '@referral-ledger/service-host';
import { PLATFORM_SERVICES } from './platform';

migrationsCommand(PLATFORM_SERVICES, process.argv[2]).catch((error) => {
  process.stderr.write(`migration failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
