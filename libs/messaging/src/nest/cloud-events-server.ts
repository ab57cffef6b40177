import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import type { MessageReceiver } from '../message';
import { MessageProcessor, type EventHandler, type MessageProcessorOptions } from '../processing/message-processor';

/**
 * The transport of one consumer group: `@EventPattern(type, consumerGroup('fraud'))` binds a handler to that
 * group only. Several groups run in one process (embedded mode), and an unbound handler would run in each.
 */
export function consumerGroup(group: string): symbol {
  return Symbol.for(`referral-ledger:consumer-group:${group}`);
}

/** Something that feeds messages to a processor until stopped: a Kafka consumer group or the store-fed consumer. */
export type MessageSource = (receiver: MessageReceiver) => Promise<{ stop(): Promise<void> }>;

export interface CloudEventsServerOptions extends Omit<MessageProcessorOptions, 'handlers'> {
  source: MessageSource;
  /** Told of the processor once it exists: operators replay dead letters through it. */
  onProcessor?: (processor: MessageProcessor) => void;
  /** How often messages that waited too long are dead-lettered. */
  sweepIntervalMs?: number;
  onSweepError?: (error: unknown) => void;
}

/**
 * A NestJS transport: `@EventPattern('payment.succeeded')` methods become the handlers of a MessageProcessor,
 * so Nest apps get CloudEvents decoding, schema checks, idempotency, retries, deferral and the DLQ that
 * Nest's own Kafka transport lacks, over Kafka or fed from the store alike.
 */
export class CloudEventsServer extends Server implements CustomTransportStrategy {
  override readonly transportId: symbol;
  private running: { stop(): Promise<void> } | undefined;
  private sweep: NodeJS.Timeout | undefined;

  constructor(private readonly options: CloudEventsServerOptions) {
    super();
    this.transportId = consumerGroup(options.consumer);
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
      const processor = new MessageProcessor({ ...this.options, handlers });
      this.options.onProcessor?.(processor);
      this.running = await this.options.source(processor);
      if (this.options.deferred) {
        this.sweep = setInterval(() => processor.sweepExpired().catch((error) => this.options.onSweepError?.(error)), this.options.sweepIntervalMs ?? 1_000);
        this.sweep.unref();
      }
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.sweep);
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
