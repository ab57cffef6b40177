import { Module, type DynamicModule } from '@nestjs/common';
import { PublicFactsHandler } from './facts/public-facts.handler';
import { FRAUD_OPTIONS, type FraudOptions } from './fraud-options';
import { ReferralScreening } from './screening/referral-screening';

/** The fraud service: risk scoring and reviews, from the facts it keeps of the public topics. Needs EVENT_STORE from the app. */
@Module({})
export class FraudModule {
  static register(options: FraudOptions): DynamicModule {
    return { module: FraudModule, controllers: [PublicFactsHandler, ReferralScreening], providers: [{ provide: FRAUD_OPTIONS, useValue: options }] };
  }
}
