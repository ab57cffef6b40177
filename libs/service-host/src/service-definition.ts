import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import type { IncomingMessage, ProcessingOutcome } from '@referral-ledger/messaging';
import type { EntityClass, MigrationSet } from '@referral-ledger/postgres';
import type { Projection } from '@referral-ledger/projections';
import type { ReferrerTokens } from '@referral-ledger/service-kit';
import type { HostConfig } from './host-config';
import type { Infrastructure } from './infrastructure';

export interface HostContext {
  config: HostConfig;
  infrastructure: Infrastructure;
  referrerTokens: ReferrerTokens;
}

/** A consumer group and the public topics it reads; every message's `data` is checked against its type's schema in the contracts. */
export interface ConsumerGroup {
  group: string;
  topics: string[];
}

/**
 * What a service brings to a host process: its Nest module, its consumer groups, its projections and
 * anything to start once it runs. The same definition runs alone (apps/<service>) or with the others (apps/platform).
 */
export interface ServiceDefinition {
  name: string;
  module(context: HostContext): Type | DynamicModule;
  consumers: ConsumerGroup[];
  /** Built from the host's settings (some need a key to index personal data). */
  projections(config: HostConfig): Projection[];
  /** Its tables outside its projections', as TypeORM migrations: applied at start and by `npm run migration:run`. */
  migrations?: MigrationSet[];
  /** TypeORM entities beyond its projections' tables (views over them), for `TypeOrmModule.forFeature`. */
  entities?: EntityClass[];
  started?(app: INestApplication, config: HostConfig): void;
  /** Work the service has accepted but not finished outside its consumers and projections (a queue of its own). */
  backlog?(app: INestApplication): Promise<number>;
  /**
   * For work the service dead-letters itself (not a consumer's message): per dead letter `consumer`, what takes one
   * back when an operator replays it through `/v1/operations/dead-letters/:id/replay`.
   */
  replayers?(app: INestApplication): Record<string, { process(message: IncomingMessage): Promise<ProcessingOutcome> }>;
  /** What the OpenAPI document cannot learn from the controllers: routes served outside the framework, schemas they refer to. */
  docs?: { paths?: Record<string, object>; schemas?: Record<string, object> };
}
