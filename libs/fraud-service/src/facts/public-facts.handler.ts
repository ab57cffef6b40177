import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { CustomerSignedUp, ReferrerEnrolledData } from '@referral-ledger/contracts';
import type { EventStore } from '@referral-ledger/event-store';
import { ipPrefix, referrerFactsStream, signupFactsStream, type ReferrerObserved, type SignupObserved } from '@referral-ledger/fraud-domain';
import { recordLearned, type EventEnvelope } from '@referral-ledger/messaging';
import { EVENT_STORE } from '@referral-ledger/service-kit';
import { FRAUD_OPTIONS, type FraudOptions } from '../fraud-options';
import { FRAUD_CONSUMER } from '../fraud-consumer';

/** Signups and enrolments, heard on the public topics and kept as fraud's own facts (personal data only as blind indexes). */
@Controller()
export class PublicFactsHandler {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(FRAUD_OPTIONS) private readonly options: FraudOptions,
  ) {}

  @EventPattern('customer.signed_up', FRAUD_CONSUMER)
  signedUp(@Payload() event: EventEnvelope<CustomerSignedUp>): Promise<void> {
    const { customerId, email, deviceId, ip } = event.data;
    const { blindIndex } = this.options;
    const fact: SignupObserved = {
      type: 'signup.observed',
      data: {
        customerId,
        emailIndex: blindIndex.email(email),
        emailDomain: email.slice(email.lastIndexOf('@') + 1).toLowerCase(),
        deviceId: deviceId ?? null,
        ipPrefixHash: ip ? blindIndex.of('ip-prefix', ipPrefix(ip)) : null,
        signedUpAt: event.time,
      },
    };
    return recordLearned(this.store, signupFactsStream(customerId), fact, event, 'fraud');
  }

  @EventPattern('referrer.enrolled', FRAUD_CONSUMER)
  enrolled(@Payload() event: EventEnvelope<ReferrerEnrolledData>): Promise<void> {
    const { programId, customerId, emailIndex } = event.data;
    const fact: ReferrerObserved = { type: 'referrer.observed', data: { programId, customerId, emailIndex } };
    return recordLearned(this.store, referrerFactsStream(programId, customerId), fact, event, 'fraud');
  }
}
