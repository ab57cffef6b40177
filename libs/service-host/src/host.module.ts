import { Global, Module, type DynamicModule, type Type } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { EventStore } from '@referral-ledger/event-store';
import {
  CLOCK,
  EVENT_STORE,
  INTAKE_GATE,
  POSTGRES_POOL,
  REFERRER_TOKENS,
  ServiceKitModule,
  type Clock,
  type IntakeGate,
  type ReferrerTokens,
  type ServiceKitOptions,
} from '@referral-ledger/service-kit';
import { OPERATIONS, type Operations } from './operations/operations';
import { OperationsController } from './operations/operations.controller';

export interface HostModuleOptions {
  kit: ServiceKitOptions;
  store: EventStore;
  pool: Pool;
  /** TypeORM over `pool`: services' `TypeOrmModule.forFeature` repositories come from it. */
  dataSource: DataSource;
  clock: Clock;
  referrerTokens: ReferrerTokens;
  operations: Operations;
  intakeGate: IntakeGate;
  services: Array<Type | DynamicModule>;
}

/** The shared infrastructure every hosted service injects, the operators' routes, and the services themselves. */
@Global()
@Module({})
export class HostModule {
  static create({ kit, store, pool, dataSource, clock, referrerTokens, operations, intakeGate, services }: HostModuleOptions): DynamicModule {
    return {
      module: HostModule,
      imports: [ServiceKitModule.forRoot(kit), ...services],
      controllers: [OperationsController],
      providers: [
        { provide: EVENT_STORE, useValue: store },
        { provide: POSTGRES_POOL, useValue: pool },
        // Provided as a value, not by TypeOrmModule.forRoot: the host closes the shared pool after the consumers, not with HTTP.
        { provide: getDataSourceToken(), useValue: dataSource },
        { provide: CLOCK, useValue: clock },
        { provide: REFERRER_TOKENS, useValue: referrerTokens },
        { provide: OPERATIONS, useValue: operations },
        { provide: INTAKE_GATE, useValue: intakeGate },
      ],
      exports: [EVENT_STORE, POSTGRES_POOL, getDataSourceToken(), CLOCK, REFERRER_TOKENS, INTAKE_GATE],
    };
  }
}
