import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { ReferralAttributed } from '@referral-ledger/attribution-domain';
import { streamName } from '@referral-ledger/contracts';
import { handleCommand, type EventStore } from '@referral-ledger/event-store';
import { referralRiskDecider, type ReferralFacts } from '@referral-ledger/fraud-domain';
import { messageIdentity, type EventEnvelope } from '@referral-ledger/messaging';
import { EVENT_STORE } from '@referral-ledger/service-kit';

interface CustomerSignup {
  emailIndex: string;
  emailDomain: string;
  deviceId: string | null;
  ipPrefixHash: string | null;
  signedUpAt: string;
}

/**
 * Scores every attributed referral before any reward can be released (DESIGN.md §5). The facts come
 * from the shared event store: signups (blind indexes only), referrers, earlier referrals, clicks.
 */
@Controller()
export class ReferralScreening {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @EventPattern('referral.attributed')
  async screen(@Payload() event: EventEnvelope<ReferralAttributed['data']>): Promise<void> {
    const referral = event.data;
    const now = new Date(event.time);
    const facts = await this.factsOf(referral);
    await handleCommand(
      this.store,
      streamName('risk', referral.referralId),
      referralRiskDecider,
      { type: 'AssessReferral', data: { referralId: referral.referralId, facts }, metadata: { now } },
      { correlationId: event.correlationid, causationId: messageIdentity(event), actor: 'fraud', now },
    );
  }

  private async factsOf(referral: ReferralAttributed['data']): Promise<ReferralFacts> {
    const [referee, referrerSignup, referrerEnrolment, click] = await Promise.all([
      this.signupOf(referral.refereeId),
      this.signupOf(referral.referrerId),
      this.first(streamName('referrer', `${referral.programId}:${referral.referrerId}`)),
      referral.clickId ? this.first(streamName('click', referral.clickId)) : Promise.resolve(undefined),
    ]);
    const signedUpAt = referee ? new Date(referee.signedUpAt).getTime() : new Date(referral.attributedAt).getTime();
    const clickedAt = click ? new Date((click as { clickedAt: string }).clickedAt).getTime() : undefined;
    return {
      referrer: {
        customerId: referral.referrerId,
        emailIndex: (referrerEnrolment as { emailIndex: string } | undefined)?.emailIndex ?? '',
        deviceIds: referrerSignup?.deviceId ? [referrerSignup.deviceId] : [],
      },
      referee: {
        customerId: referral.refereeId,
        emailIndex: referee?.emailIndex ?? '',
        emailDomain: referee?.emailDomain ?? '',
        deviceId: referee?.deviceId ?? null,
        ipPrefixHash: referee?.ipPrefixHash ?? null,
      },
      // Velocity and shared-device counts need the fraud projections (next step); until then they do not fire.
      signupsFromSameNetworkLastDay: 1,
      referrerReferralsLastDay: 1,
      refereeReferredReferrer: await this.referred(referral.programId, referral.referrerId, referral.refereeId),
      refereesSharingDevice: 0,
      clickToSignupSeconds: clickedAt === undefined ? null : Math.round((signedUpAt - clickedAt) / 1000),
      signupToConversionSeconds: null,
    };
  }

  /** A → B → A: did the referee bring the referrer into this program? */
  private async referred(programId: string, referrerId: string, refereeId: string): Promise<boolean> {
    const claim = (await this.first(streamName('referee', `${programId}:${referrerId}`))) as { referralId: string } | undefined;
    if (!claim) return false;
    const earlier = (await this.first(streamName('referral', claim.referralId))) as { referrerId?: string } | undefined;
    return earlier?.referrerId === refereeId;
  }

  private signupOf(customerId: string): Promise<CustomerSignup | undefined> {
    return this.first(streamName('customer', customerId)) as Promise<CustomerSignup | undefined>;
  }

  private async first(stream: string): Promise<unknown> {
    const [event] = await this.store.readStream(stream, { maxCount: 1 });
    return event?.data;
  }
}
