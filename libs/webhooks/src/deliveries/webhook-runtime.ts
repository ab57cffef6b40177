import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Pool } from 'pg';
import { migrate } from '@referral-ledger/postgres';
import { CLOCK, POSTGRES_POOL, type Clock } from '@referral-ledger/service-kit';
import { WEBHOOK_MIGRATIONS } from '../schema';
import { Subscriptions } from '../subscriptions/subscriptions';
import { WEBHOOKS_OPTIONS, type WebhooksOptions } from '../webhooks-options';
import { DeliveryQueue } from './delivery-queue';
import { WebhookDispatcher } from './webhook-dispatcher';

/** The webhooks' tables, queue and dispatcher: migrated and started with the module, stopped with it. */
@Injectable()
export class WebhookRuntime implements OnModuleInit, OnModuleDestroy {
  readonly subscriptions: Subscriptions;
  readonly queue: DeliveryQueue;
  readonly dispatcher: WebhookDispatcher;
  private readonly logger = new Logger('webhooks');

  constructor(
    @Inject(POSTGRES_POOL) private readonly pool: Pool,
    @Inject(CLOCK) readonly clock: Clock,
    @Inject(WEBHOOKS_OPTIONS) readonly options: WebhooksOptions,
  ) {
    this.subscriptions = new Subscriptions(pool);
    this.queue = new DeliveryQueue(pool);
    this.dispatcher = new WebhookDispatcher({ queue: this.queue, clock, ...options, onError: (error) => this.logger.error(`webhook dispatcher failed; restarting: ${error}`) });
  }

  async onModuleInit(): Promise<void> {
    await migrate(this.pool, 'webhooks', WEBHOOK_MIGRATIONS);
    this.dispatcher.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.dispatcher.stop();
  }
}
