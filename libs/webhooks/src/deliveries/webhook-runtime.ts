import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Pool } from 'pg';
import { CLOCK, POSTGRES_POOL, type Clock } from '@referral-ledger/service-kit';
import { Subscriptions } from '../subscriptions/subscriptions';
import { WEBHOOKS_OPTIONS, type WebhooksOptions } from '../webhooks-options';
import { DeliveryQueue } from './delivery-queue';
import { WebhookDispatcher } from './webhook-dispatcher';

/** The webhooks' queue and dispatcher, started with the module and stopped with it (the host migrates their tables). */
@Injectable()
export class WebhookRuntime implements OnModuleInit, OnModuleDestroy {
  readonly subscriptions: Subscriptions;
  readonly queue: DeliveryQueue;
  readonly dispatcher: WebhookDispatcher;
  private readonly logger = new Logger('webhooks');

  constructor(
    @Inject(POSTGRES_POOL) pool: Pool,
    @Inject(CLOCK) readonly clock: Clock,
    @Inject(WEBHOOKS_OPTIONS) readonly options: WebhooksOptions,
  ) {
    this.subscriptions = new Subscriptions(pool);
    this.queue = new DeliveryQueue(pool);
    this.dispatcher = new WebhookDispatcher({ queue: this.queue, clock, ...options, onError: (error) => this.logger.error(`webhook dispatcher failed; restarting: ${error}`) });
  }

  onModuleInit(): void {
    this.dispatcher.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.dispatcher.stop();
  }
}
