import { Topics } from '@referral-ledger/contracts';
import type { ServiceDefinition } from '@referral-ledger/service-host';
import { FraudModule } from './fraud.module';

export const fraudService: ServiceDefinition = {
  name: 'fraud',
  module: () => FraudModule,
  consumers: [{ group: 'fraud', topics: [Topics.attribution] }],
  projections: [],
};
