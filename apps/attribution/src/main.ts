import 'reflect-metadata';
import { runServices } from '@referral-ledger/service-host';
import { attributionService } from '@referral-ledger/attribution-service';

// The attribution service on its own, against Postgres (DATABASE_URL) and Kafka (KAFKA_BROKERS).
runServices('attribution', [attributionService], { requireServers: true }).catch((error) => {
  process.stderr.write(`attribution failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
