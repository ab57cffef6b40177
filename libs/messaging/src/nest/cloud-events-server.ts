import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import { MessageProcessor, type EventHandler, type MessageProcessorOptions } from '../processing/message-processor';

/** Something that feeds messages to a processor until stopped: a Kafka consumer group or the in-process bus. */
export type MessageSource = (processor: MessageProcessor) => Promise<{ stop(): Promise<void> }>;

export interface CloudEventsServerOptions extends Omit<MessageProcessorOptions, 'handlers'> {
  source: MessageSource;
}

/**
 * A NestJS transport: `@EventPattern('payment.succeeded')` methods become the handlers of a MessageProcessor,
 * so Nest apps get CloudEvents decoding, schema checks, idempotency, retries and the DLQ that Nest's own
 * Kafka transport lacks, over Kafka or in-process alike.
 */
export class CloudEventsServer extends Server implements CustomTransportStrategy {
  private running: { stop(): Promise<void> } | undefined;

  constructor(private readonly options: CloudEventsServerOptions) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      const handlers = new Map<string, EventHandler>();
      for (const [pattern, handler] of this.messageHandlers) {
        if (!handler.isEventHandler) continue;
        handlers.set(pattern, async (event, context) => {
          const result = await handler(event, context);
          if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
        });
      }
      this.running = await this.options.source(new MessageProcessor({ ...this.options, handlers }));
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    await this.running?.stop();
    this.running = undefined;
  }

  on(): never {
    throw new Error('CloudEventsServer has no status events');
  }

  unwrap<T>(): T {
    throw new Error('CloudEventsServer wraps no single client');
  }
}
