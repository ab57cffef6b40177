import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { learnedBanStream, referralDecider, referralStream, type CustomerBanLearned } from '@referral-ledger/attribution-domain';
import type { CustomerBannedData, ReviewDecidedData, RiskAssessedData } from '@referral-ledger/contracts';
import { handleCommand, type EventStore } from '@referral-ledger/event-store';
import { messageIdentity, recordLearned, type EventEnvelope } from '@referral-ledger/messaging';
import { EVENT_STORE } from '@referral-ledger/service-kit';
import { ATTRIBUTION_CONSUMER } from '../attribution-consumer';

/** Fraud's verdicts, heard on `referrals.fraud.v1`: a blocked referral is rejected (reason `fraud`), a banned customer refers no more. */
@Controller()
export class FraudVerdictsHandler {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @EventPattern('risk.assessed', ATTRIBUTION_CONSUMER)
  async assessed(@Payload() event: EventEnvelope<RiskAssessedData>): Promise<void> {
    if (event.data.decision === 'block') await this.reject(event.data.referralId, `Blocked by fraud screening: ${event.data.reasons.join('; ')}`, event);
  }

  @EventPattern('review.decided', ATTRIBUTION_CONSUMER)
  async reviewed(@Payload() event: EventEnvelope<ReviewDecidedData>): Promise<void> {
    if (event.data.decision === 'block') await this.reject(event.data.referralId, `Blocked by a reviewer: ${event.data.reason}`, event);
  }

  @EventPattern('customer.banned', ATTRIBUTION_CONSUMER)
  banned(@Payload() event: EventEnvelope<CustomerBannedData>): Promise<void> {
    const learned: CustomerBanLearned = { type: 'customer.ban_learned', data: event.data };
    return recordLearned(this.store, learnedBanStream(event.data.customerId), learned, event, 'attribution');
  }

  private async reject(referralId: string, detail: string, event: EventEnvelope): Promise<void> {
    const now = new Date(event.time);
    await handleCommand(
      this.store,
      referralStream(referralId),
      referralDecider,
      { type: 'RejectForFraud', data: { detail }, metadata: { now } },
      { correlationId: event.correlationid, causationId: messageIdentity(event), actor: 'attribution', now },
    );
  }
}
