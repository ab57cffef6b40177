import { consumerGroup } from '@referral-ledger/messaging';

/** The attribution service's consumer group, and the transport its `@EventPattern` handlers bind to. */
export const ATTRIBUTION_GROUP = 'attribution';
export const ATTRIBUTION_CONSUMER = consumerGroup(ATTRIBUTION_GROUP);
