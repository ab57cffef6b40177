import { consumerGroup } from '@referral-ledger/messaging';

/** The fraud service's consumer group, and the transport its `@EventPattern` handlers bind to. */
export const FRAUD_GROUP = 'fraud';
export const FRAUD_CONSUMER = consumerGroup(FRAUD_GROUP);
