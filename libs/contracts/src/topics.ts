/** Kafka topics of the public contract (DESIGN.md §4). Names are public: never rename, add a `.v2` instead. */
export const Topics = {
  customerEvents: 'platform.customer-events.v1',
  attribution: 'referrals.attribution.v1',
  fraud: 'referrals.fraud.v1',
  rewards: 'referrals.rewards.v1',
  notifications: 'referrals.notifications.v1',
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];

export const ALL_TOPICS: readonly Topic[] = Object.values(Topics);

/** Where a message that cannot be handled goes, with the reason in its headers. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}
