import { PUBLIC_EVENT_SCHEMAS, Topics } from '@referral-ledger/contracts';
import type { ServiceDefinition } from '@referral-ledger/service-host';
import { FraudModule } from './fraud.module';

export const fraudService: ServiceDefinition = {
  name: 'fraud',
  module: () => FraudModule,
  consumers: [{ group: 'fraud', topics: [Topics.attribution], schemas: PUBLIC_EVENT_SCHEMAS }],
  projections: [],
};
