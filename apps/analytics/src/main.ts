import 'reflect-metadata';
import { runServices } from '@referral-ledger/service-host';
import { analyticsService } from '@referral-ledger/analytics-service';

// The analytics service on its own, against Postgres (DATABASE_URL) and Kafka (KAFKA_BROKERS).
runServices('analytics', [analyticsService], { requireServers: true }).catch((error) => {
  process.stderr.write(`analytics failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
