import { Module, type DynamicModule } from '@nestjs/common';
import { ATTRIBUTION_OPTIONS, type AttributionOptions } from './attribution-options';
import { LinksController } from './links/links.controller';
import { ReferrerEnrolment } from './referrers/referrer-enrolment';
import { ReferrersController } from './referrers/referrers.controller';

/** The attribution service: referrers, codes, links, clicks, referrals. Needs EVENT_STORE and CLOCK from the app. */
@Module({})
export class AttributionModule {
  static register(options: AttributionOptions): DynamicModule {
    return {
      module: AttributionModule,
      controllers: [ReferrersController, LinksController],
      providers: [{ provide: ATTRIBUTION_OPTIONS, useValue: options }, ReferrerEnrolment],
    };
  }
}
