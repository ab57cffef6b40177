import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  streamName,
  type MilestoneReachedData,
  type NotificationEvent,
  type ReferralAttributedData,
  type RewardClawedBackData,
  type RewardReleasedData,
  type RewardReversedData,
} from '@referral-ledger/contracts';
import type { EventStore } from '@referral-ledger/event-store';
import { recordLearned, type EventEnvelope } from '@referral-ledger/messaging';
import { EVENT_STORE } from '@referral-ledger/service-kit';
import { NOTIFICATIONS_CONSUMER } from '../rewards-consumer';

/** `notification-<customer>`: the notices of one customer, published on `referrals.notifications.v1` keyed by them. */
const notificationStream = (customerId: string) => streamName('notification', customerId);

/**
 * `referrals.notifications.v1` (DESIGN.md §4): a notice per thing a customer should hear of, with what an email
 * needs and nothing personal of anyone else. Fed by the public topics like any consumer; one notice per message.
 */
@Controller()
export class CustomerNotificationsHandler {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @EventPattern('referral.attributed', NOTIFICATIONS_CONSUMER)
  friendSignedUp(@Payload() event: EventEnvelope<ReferralAttributedData>): Promise<void> {
    const { referrerId, programId, referralId, refereeId, attributedAt } = event.data;
    return this.notify(
      referrerId,
      { type: 'notify.friend_signed_up', data: { customerId: referrerId, programId, referralId, friendCustomerId: refereeId, signedUpAt: attributedAt } },
      event,
    );
  }

  @EventPattern('reward.released', NOTIFICATIONS_CONSUMER)
  rewardAvailable(@Payload() event: EventEnvelope<RewardReleasedData>): Promise<void> {
    const { beneficiaryId, programId, rewardId, referralId, unit, amount, releasedAt } = event.data;
    return this.notify(
      beneficiaryId,
      { type: 'notify.reward_available', data: { customerId: beneficiaryId, programId, rewardId, referralId, unit, amount, availableAt: releasedAt } },
      event,
    );
  }

  @EventPattern('reward.reversed', NOTIFICATIONS_CONSUMER)
  rewardReversed(@Payload() event: EventEnvelope<RewardReversedData>): Promise<void> {
    const { beneficiaryId, programId, rewardId, referralId, unit, amount, reason, reversedAt } = event.data;
    return this.notify(
      beneficiaryId,
      { type: 'notify.reward_reversed', data: { customerId: beneficiaryId, programId, rewardId, referralId, unit, amount, reason, reversedAt } },
      event,
    );
  }

  /** A released reward taken back is, to the customer, a reward reversed. */
  @EventPattern('reward.clawed_back', NOTIFICATIONS_CONSUMER)
  rewardClawedBack(@Payload() event: EventEnvelope<RewardClawedBackData>): Promise<void> {
    const { customerId, programId, rewardId, referralId, unit, amount, reason, clawedBackAt } = event.data;
    return this.notify(
      customerId,
      { type: 'notify.reward_reversed', data: { customerId, programId, rewardId, referralId, unit, amount, reason, reversedAt: clawedBackAt } },
      event,
    );
  }

  @EventPattern('milestone.reached', NOTIFICATIONS_CONSUMER)
  milestoneReached(@Payload() event: EventEnvelope<MilestoneReachedData>): Promise<void> {
    const { referrerId, programId, conversions, rewardId, reachedAt } = event.data;
    return this.notify(referrerId, { type: 'notify.milestone_reached', data: { customerId: referrerId, programId, conversions, rewardId, reachedAt } }, event);
  }

  private notify(customerId: string, notice: NotificationEvent, cause: EventEnvelope): Promise<void> {
    return recordLearned(this.store, notificationStream(customerId), notice, cause, 'rewards');
  }
}
