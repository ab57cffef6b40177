import { Type } from '@sinclair/typebox';
import { Id, Instant, MinorUnits, type DataOf, type EventsOf } from './schema-parts';

/**
 * `referrals.notifications.v1`: what a sender needs to write to a customer, keyed by that customer. Only what the
 * recipient already owns or may know: ids, amounts, units; never another person's email or name.
 */
const friendSignedUp = Type.Object(
  { customerId: Id, programId: Id, referralId: Id, friendCustomerId: Id, signedUpAt: Instant },
  { description: "Tell a referrer that a friend signed up with their code or link (the friend's id is the platform's own)." },
);

const rewardAvailable = Type.Object(
  { customerId: Id, programId: Id, rewardId: Id, referralId: Id, unit: Type.String(), amount: MinorUnits, availableAt: Instant },
  { description: 'Tell a customer that a reward can be used now.' },
);

const rewardReversed = Type.Object(
  { customerId: Id, programId: Id, rewardId: Id, referralId: Id, unit: Type.String(), amount: MinorUnits, reason: Type.String(), reversedAt: Instant },
  { description: 'Tell a customer that a pending reward was taken back, and why.' },
);

const milestoneReached = Type.Object(
  { customerId: Id, programId: Id, conversions: Type.Integer({ minimum: 1 }), rewardId: Id, reachedAt: Instant },
  { description: "Tell a referrer that their `conversions`-th friend's conversion counted, and earned the milestone's reward." },
);

export const NOTIFICATION_EVENT_SCHEMAS = {
  'notify.friend_signed_up': friendSignedUp,
  'notify.reward_available': rewardAvailable,
  'notify.reward_reversed': rewardReversed,
  'notify.milestone_reached': milestoneReached,
};

type Schemas = typeof NOTIFICATION_EVENT_SCHEMAS;
export type NotificationEvent = EventsOf<Schemas>;
export type FriendSignedUpData = DataOf<Schemas, 'notify.friend_signed_up'>;
export type RewardAvailableData = DataOf<Schemas, 'notify.reward_available'>;
export type RewardReversedNoticeData = DataOf<Schemas, 'notify.reward_reversed'>;
