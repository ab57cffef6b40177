import 'reflect-metadata';
import { runServices } from '@referral-ledger/service-host';
import { analyticsService } from '@referral-ledger/analytics-service';
import { webhooksService } from '@referral-ledger/webhooks';

// The analytics service, with the webhooks (both hear every outbound topic), against Postgres (DATABASE_URL) and Kafka (KAFKA_BROKERS).
runServices('analytics', [analyticsService, webhooksService], { requireServers: true }).catch((error) => {
  process.stderr.write(`analytics failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
