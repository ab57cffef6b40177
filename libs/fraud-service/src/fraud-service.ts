import { Topics } from '@referral-ledger/contracts';
import { BlindIndex } from '@referral-ledger/privacy';
import type { ServiceDefinition } from '@referral-ledger/service-host';
import { FraudModule } from './fraud.module';
import { FRAUD_GROUP } from './fraud-consumer';

export const fraudService: ServiceDefinition = {
  name: 'fraud',
  module: ({ config }) => FraudModule.register({ blindIndex: new BlindIndex(Buffer.from(config.BLIND_INDEX_PEPPER, 'base64')) }),
  consumers: [{ group: FRAUD_GROUP, topics: [Topics.customerEvents, Topics.attribution] }],
  projections: [],
};
