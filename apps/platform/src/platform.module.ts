import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { EventStore } from '@referral-ledger/event-store';
import { AttributionModule, type AttributionOptions } from '@referral-ledger/attribution-service';
import { AnalyticsModule } from '@referral-ledger/analytics-service';
import { FraudModule } from '@referral-ledger/fraud-service';
import { RewardsModule } from '@referral-ledger/rewards-service';
import type { Pool } from 'pg';
import type { MessagePublisher } from '@referral-ledger/messaging';
import { CLOCK, EVENT_STORE, MESSAGE_PUBLISHER, POSTGRES_POOL, REFERRER_TOKENS, ServiceKitModule, type Clock, type ServiceKitOptions } from '@referral-ledger/service-kit';

export interface PlatformModuleOptions {
  kit: ServiceKitOptions;
  store: EventStore;
  publisher: MessagePublisher;
  pool: Pool;
  clock: Clock;
  attribution: AttributionOptions;
}

/** All services in one process (DESIGN.md §9), sharing one event store and one clock. */
@Global()
@Module({})
export class PlatformModule {
  static create({ kit, store, publisher, pool, clock, attribution }: PlatformModuleOptions): DynamicModule {
    return {
      module: PlatformModule,
      imports: [ServiceKitModule.forRoot(kit), AttributionModule.register(attribution), FraudModule, RewardsModule, AnalyticsModule],
      providers: [
        { provide: EVENT_STORE, useValue: store },
        { provide: MESSAGE_PUBLISHER, useValue: publisher },
        { provide: POSTGRES_POOL, useValue: pool },
        { provide: CLOCK, useValue: clock },
        { provide: REFERRER_TOKENS, useValue: attribution.referrerTokens },
      ],
      exports: [EVENT_STORE, MESSAGE_PUBLISHER, POSTGRES_POOL, CLOCK, REFERRER_TOKENS],
    };
  }
}
