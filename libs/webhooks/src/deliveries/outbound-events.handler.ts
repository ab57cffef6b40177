import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EVENT_TYPES_BY_TOPIC } from '@referral-ledger/contracts';
import { encodeEnvelope, type EventEnvelope } from '@referral-ledger/messaging';
import { WEBHOOKS_CONSUMER } from '../webhooks-consumer';
import { WebhookRuntime } from './webhook-runtime';

/** Every outbound event type a webhook may ask for. */
export const WEBHOOK_EVENT_TYPES: readonly string[] = Object.values(EVENT_TYPES_BY_TOPIC).flat();

/** Fans each outbound event out to the subscriptions that asked for its type, once each, as the bytes Kafka carries. */
@Controller()
export class OutboundEventsHandler {
  constructor(private readonly runtime: WebhookRuntime) {}

  @EventPattern(WEBHOOK_EVENT_TYPES, WEBHOOKS_CONSUMER)
  async fanOut(@Payload() event: EventEnvelope): Promise<void> {
    const enqueued = await this.runtime.queue.enqueue({ id: event.id, type: event.type, time: new Date(event.time), body: encodeEnvelope(event), now: this.runtime.clock() });
    if (enqueued > 0) this.runtime.dispatcher.notify();
  }
}
