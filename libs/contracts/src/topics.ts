import { CUSTOMER_EVENT_SCHEMAS } from './inbound/customer-events';
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

/** Outbound event types by topic (DESIGN.md §4). A type belongs to exactly one topic. */
export const EVENT_TYPES_BY_TOPIC: Readonly<Record<Exclude<Topic, typeof Topics.customerEvents>, readonly string[]>> = {
  [Topics.attribution]: [
    'referrer.enrolled',
    'code.issued',
    'link.clicked',
    'referral.attributed',
    'referral.qualified',
    'referral.converted',
    'referral.rejected',
    'referral.cancelled',
  ],
  [Topics.fraud]: ['risk.assessed', 'review.opened', 'review.decided', 'customer.banned'],
  [Topics.rewards]: [
    'reward.granted',
    'reward.released',
    'reward.redeemed',
    'reward.reversed',
    'milestone.reached',
    'budget.exhausted',
    // Beyond DESIGN.md §4 (issue 9): a non-money reward applied by the integrator.
    'reward.fulfilled',
    // Beyond DESIGN.md §4 (issue 9): a released reward taken back, and its debt settled from later rewards.
    'reward.clawed_back',
    'clawback.recovered',
    // Beyond DESIGN.md §4: programs are the rewards service's, and attribution learns their rules from here.
    'program.created',
    'program.rules_changed',
    'program.status_changed',
    // Beyond DESIGN.md §4 (issue 11): what other acquisition channels cost, for the CAC per channel.
    'program.channel_costs_set',
  ],
  [Topics.notifications]: ['notify.friend_signed_up', 'notify.reward_available', 'notify.reward_reversed', 'notify.milestone_reached'],
};

const TOPIC_OF_TYPE = new Map<string, Topic>([
  ...Object.entries(EVENT_TYPES_BY_TOPIC).flatMap(([topic, types]) => types.map((type): [string, Topic] => [type, topic as Topic])),
  // Inbound events accepted over HTTP are kept in the store (the inbox) and go on to the inbound topic.
  ...Object.keys(CUSTOMER_EVENT_SCHEMAS).map((type): [string, Topic] => [type, Topics.customerEvents]),
]);

/** The public topic an event type travels on, or undefined for internal events that stay in the store. */
export function topicOf(eventType: string): Topic | undefined {
  return TOPIC_OF_TYPE.get(eventType);
}
