import 'reflect-metadata';
import { runServices } from '@referral-ledger/service-host';
import { rewardsService } from '@referral-ledger/rewards-service';

// The rewards service on its own, against Postgres (DATABASE_URL) and Kafka (KAFKA_BROKERS).
runServices('rewards', [rewardsService], { requireServers: true }).catch((error) => {
  process.stderr.write(`rewards failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
