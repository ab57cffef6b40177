import 'reflect-metadata';
import { rebuildProjections } from '@referral-ledger/service-host';
import { PLATFORM_SERVICES } from './platform';

rebuildProjections(PLATFORM_SERVICES, process.argv.slice(2)).catch((error) => {
  process.stderr.write(`rebuild failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
