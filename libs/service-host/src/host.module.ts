import { Global, Module, type DynamicModule, type Type } from '@nestjs/common';
import type { Pool } from 'pg';
import type { EventStore } from '@referral-ledger/event-store';
import type { MessagePublisher } from '@referral-ledger/messaging';
import { CLOCK, EVENT_STORE, MESSAGE_PUBLISHER, POSTGRES_POOL, REFERRER_TOKENS, ServiceKitModule, type Clock, type ReferrerTokens, type ServiceKitOptions } from '@referral-ledger/service-kit';

export interface HostModuleOptions {
  kit: ServiceKitOptions;
  store: EventStore;
  publisher: MessagePublisher;
  pool: Pool;
  clock: Clock;
  referrerTokens: ReferrerTokens;
  services: Array<Type | DynamicModule>;
}

/** The shared infrastructure every hosted service injects, and the services themselves. */
@Global()
@Module({})
export class HostModule {
  static create({ kit, store, publisher, pool, clock, referrerTokens, services }: HostModuleOptions): DynamicModule {
    return {
      module: HostModule,
      imports: [ServiceKitModule.forRoot(kit), ...services],
      providers: [
        { provide: EVENT_STORE, useValue: store },
        { provide: MESSAGE_PUBLISHER, useValue: publisher },
        { provide: POSTGRES_POOL, useValue: pool },
        { provide: CLOCK, useValue: clock },
        { provide: REFERRER_TOKENS, useValue: referrerTokens },
      ],
      exports: [EVENT_STORE, MESSAGE_PUBLISHER, POSTGRES_POOL, CLOCK, REFERRER_TOKENS],
    };
  }
}
