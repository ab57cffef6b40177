import { ALL_TOPICS, Topics } from '@referral-ledger/contracts';
import type { ServiceDefinition } from '@referral-ledger/service-host';
import { WEBHOOK_MIGRATIONS } from './schema';
import { WEBHOOKS_GROUP } from './webhooks-consumer';
import { WebhooksModule } from './webhooks.module';

/** Outbound events delivered over HTTP. Hosted by the analytics app in distributed mode (it already hears every topic). */
export const webhooksService: ServiceDefinition = {
  name: 'webhooks',
  module: ({ config }) => WebhooksModule.register({ allowPrivateTargets: config.WEBHOOK_ALLOW_PRIVATE_TARGETS, retryHours: config.WEBHOOK_RETRY_HOURS }),
  consumers: [{ group: WEBHOOKS_GROUP, topics: ALL_TOPICS.filter((topic) => topic !== Topics.customerEvents) }],
  projections: () => [],
  migrations: [WEBHOOK_MIGRATIONS],
};
