import { Module, type DynamicModule } from '@nestjs/common';
import { OutboundEventsHandler } from './deliveries/outbound-events.handler';
import { WebhookRuntime } from './deliveries/webhook-runtime';
import { WebhooksController } from './subscriptions/webhooks.controller';
import { WEBHOOKS_OPTIONS, type WebhooksOptions } from './webhooks-options';

/** Webhooks: subscriptions, the fan-out of outbound events, signed deliveries with retries. Needs POSTGRES_POOL and CLOCK from the app. */
@Module({})
export class WebhooksModule {
  static register(options: WebhooksOptions): DynamicModule {
    return { module: WebhooksModule, controllers: [WebhooksController, OutboundEventsHandler], providers: [{ provide: WEBHOOKS_OPTIONS, useValue: options }, WebhookRuntime] };
  }
}
