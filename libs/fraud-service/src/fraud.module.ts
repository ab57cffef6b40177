import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FraudReferral } from './facts/fraud-facts-tables';
import { FraudAssessmentRecord, FraudReview } from './reviews/fraud-assessment-tables';
import { BansController } from './bans/bans.controller';
import { FRAUD_OPTIONS, type FraudOptions } from './fraud-options';
import { ReviewsController } from './reviews/reviews.controller';
import { ReferralScreener } from './screening/referral-screener';

/** The fraud service: risk scoring, the review queue and bans, from the facts it keeps of the public topics. Needs EVENT_STORE from the app. */
@Module({})
export class FraudModule {
  static register(options: FraudOptions): DynamicModule {
    return {
      module: FraudModule,
      imports: [TypeOrmModule.forFeature([FraudReview, FraudAssessmentRecord, FraudReferral])],
      controllers: [ReviewsController, BansController],
      providers: [ReferralScreener, { provide: FRAUD_OPTIONS, useValue: options }],
    };
  }
}
