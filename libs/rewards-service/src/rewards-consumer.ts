import { consumerGroup } from '@referral-ledger/messaging';

/** The rewards service's consumer group, and the transport its `@EventPattern` handlers bind to. */
export const REWARDS_GROUP = 'rewards';
export const REWARDS_CONSUMER = consumerGroup(REWARDS_GROUP);
