import { FraudVerdictsHandler } from './fraud-verdicts/fraud-verdicts.handler';
import { Module, type DynamicModule } from '@nestjs/common';
import { ATTRIBUTION_OPTIONS, type AttributionOptions } from './attribution-options';
import { CustomerEventsHandler } from './intake/customer-events.handler';
import { PlatformEventsController } from './intake/platform-events.controller';
import { ShareLinks } from './links/share-links';
import { LinkTargets } from './links/link-targets';
import { LinksController } from './links/links.controller';
import { ReferrerEnrolment } from './referrers/referrer-enrolment';
import { ReferrersController } from './referrers/referrers.controller';
import { ProgramEventsHandler } from './programs/program-events.handler';
import { CustomerLifecycle } from './signups/customer-lifecycle';

/** The attribution service: referrers, codes, links, clicks, referrals. Needs EVENT_STORE, CLOCK and MESSAGE_PUBLISHER from the app. */
@Module({})
export class AttributionModule {
  static register(options: AttributionOptions): DynamicModule {
    return {
      module: AttributionModule,
      controllers: [ReferrersController, LinksController, PlatformEventsController, CustomerEventsHandler, ProgramEventsHandler, FraudVerdictsHandler],
      providers: [{ provide: ATTRIBUTION_OPTIONS, useValue: options }, ReferrerEnrolment, CustomerLifecycle, LinkTargets, ShareLinks],
    };
  }
}
