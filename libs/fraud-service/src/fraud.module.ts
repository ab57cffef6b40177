import { Module } from '@nestjs/common';
import { ReferralScreening } from './screening/referral-screening';

/** The fraud service: risk scoring and reviews. Needs EVENT_STORE from the app. */
@Module({ controllers: [ReferralScreening] })
export class FraudModule {}
