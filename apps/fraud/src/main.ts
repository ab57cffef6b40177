import 'reflect-metadata';
import { runServices } from '@referral-ledger/service-host';
import { fraudService } from '@referral-ledger/fraud-service';

// The fraud service on its own, against Postgres (DATABASE_URL) and Kafka (KAFKA_BROKERS).
runServices('fraud', [fraudService], { requireServers: true }).catch((error) => {
  process.stderr.write(`fraud failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
