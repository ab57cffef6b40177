import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { streamName, type ReferralAttributedData } from '@referral-ledger/contracts';
import { handleCommand, readFirst, type EventStore } from '@referral-ledger/event-store';
import {
  isReferralObserved,
  isReferrerObserved,
  isSignupObserved,
  refereeFactsStream,
  referralRiskDecider,
  referrerFactsStream,
  signupFactsStream,
  type ReferralFacts,
  type ReferralObserved,
  type ReferrerObserved,
  type SignupObserved,
} from '@referral-ledger/fraud-domain';
import { NotYetApplicableError, messageIdentity, recordLearned, type EventEnvelope } from '@referral-ledger/messaging';
import { EVENT_STORE } from '@referral-ledger/service-kit';
import { FRAUD_CONSUMER } from '../fraud-consumer';

/**
 * Scores every attributed referral before any reward can be released (DESIGN.md §5), from the facts fraud
 * kept of the public topics: signups, enrolments and earlier referrals. A referral whose referee's signup or
 * referrer's enrolment has not been heard yet waits for it (they travel on other topics and partitions).
 */
@Controller()
export class ReferralScreening {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @EventPattern('referral.attributed', FRAUD_CONSUMER)
  async screen(@Payload() event: EventEnvelope<ReferralAttributedData>): Promise<void> {
    const referral = event.data;
    const now = new Date(event.time);
    const facts = await this.factsOf(referral);
    const { referralId, programId, referrerId, refereeId } = referral;
    const observed: ReferralObserved = { type: 'referral.observed', data: { referralId, programId, referrerId, refereeId } };
    await recordLearned(this.store, refereeFactsStream(programId, refereeId), observed, event, 'fraud');
    await handleCommand(
      this.store,
      streamName('risk', referralId),
      referralRiskDecider,
      { type: 'AssessReferral', data: { referralId, facts }, metadata: { now } },
      { correlationId: event.correlationid, causationId: messageIdentity(event), actor: 'fraud', now },
    );
  }

  private async factsOf(referral: ReferralAttributedData): Promise<ReferralFacts> {
    const [referee, referrerSignup, enrolment] = await Promise.all([
      this.signupOf(referral.refereeId),
      this.signupOf(referral.referrerId),
      readFirst<ReferrerObserved>(this.store, referrerFactsStream(referral.programId, referral.referrerId), isReferrerObserved),
    ]);
    if (!referee) throw new NotYetApplicableError(referral.refereeId, `referral ${referral.referralId} arrived before the customer.signed_up of its referee ${referral.refereeId}`);
    const enrolmentKey = `${referral.programId}:${referral.referrerId}`;
    if (!enrolment) throw new NotYetApplicableError(enrolmentKey, `referral ${referral.referralId} arrived before the referrer.enrolled of ${enrolmentKey}`);
    const signedUpAt = new Date(referee.data.signedUpAt).getTime();
    return {
      referrer: {
        customerId: referral.referrerId,
        emailIndex: enrolment.data.emailIndex,
        deviceIds: referrerSignup?.data.deviceId ? [referrerSignup.data.deviceId] : [],
      },
      referee: {
        customerId: referral.refereeId,
        emailIndex: referee.data.emailIndex,
        emailDomain: referee.data.emailDomain,
        deviceId: referee.data.deviceId,
        ipPrefixHash: referee.data.ipPrefixHash,
      },
      // Velocity and shared-device counts need the fraud projections (issue 10); until then they do not fire.
      signupsFromSameNetworkLastDay: 1,
      referrerReferralsLastDay: 1,
      refereeReferredReferrer: await this.referred(referral.programId, referral.referrerId, referral.refereeId),
      refereesSharingDevice: 0,
      clickToSignupSeconds: referral.clickedAt === null ? null : Math.round((signedUpAt - new Date(referral.clickedAt).getTime()) / 1000),
      signupToConversionSeconds: null,
    };
  }

  /** A → B → A: was the referrer brought into this program by the referee? */
  private async referred(programId: string, referrerId: string, refereeId: string): Promise<boolean> {
    const earlier = await readFirst<ReferralObserved>(this.store, refereeFactsStream(programId, referrerId), isReferralObserved);
    return earlier?.data.referrerId === refereeId;
  }

  private signupOf(customerId: string): Promise<SignupObserved | undefined> {
    return readFirst<SignupObserved>(this.store, signupFactsStream(customerId), isSignupObserved);
  }
}
