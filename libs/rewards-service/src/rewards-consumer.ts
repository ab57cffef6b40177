import { consumerGroup } from '@referral-ledger/messaging';

/** The rewards service's consumer group, and the transport its `@EventPattern` handlers bind to. */
export const REWARDS_GROUP = 'rewards';
export const REWARDS_CONSUMER = consumerGroup(REWARDS_GROUP);

/** The consumer group that turns what happened (referrals, rewards) into notices for customers. */
export const NOTIFICATIONS_GROUP = 'rewards-notifications';
export const NOTIFICATIONS_CONSUMER = consumerGroup(NOTIFICATIONS_GROUP);
