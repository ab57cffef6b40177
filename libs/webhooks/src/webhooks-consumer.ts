import { consumerGroup } from '@referral-ledger/messaging';

/** The consumer group that fans outbound events out to webhook subscriptions, and the transport its handler binds to. */
export const WEBHOOKS_GROUP = 'webhooks';
export const WEBHOOKS_CONSUMER = consumerGroup(WEBHOOKS_GROUP);
