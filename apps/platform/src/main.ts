import 'reflect-metadata';
import { runServices } from '@referral-ledger/service-host';
import { PLATFORM_SERVICES } from './platform';

runServices('platform', PLATFORM_SERVICES).catch((error) => {
  process.stderr.write(`Referral Ledger failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
