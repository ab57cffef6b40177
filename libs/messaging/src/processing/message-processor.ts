import { describeFieldErrors, type SchemaVerdict } from '@referral-ledger/contracts';
import { DEFAULT_RETRY_POLICY, withRetries, type RetryPolicy } from '@referral-ledger/resilience';
import type { DeadLetterSink } from '../dead-letters/dead-letter-sink';
import { decodeEnvelope, messageIdentity, type EventEnvelope } from '../envelope/event-envelope';
import type { IncomingMessage } from '../message';
import type { DeferredMessages } from './deferred-messages';
import { InvalidMessageError } from './invalid-message-error';
import { NotYetApplicableError } from './not-yet-applicable-error';
import type { ProcessedMessages } from './processed-messages';

export interface MessageContext {
  topic: string;
  key: string | null;
}

export type EventHandler = (event: EventEnvelope, context: MessageContext) => Promise<void>;

export interface MessageProcessorOptions {
  /** The consumer group: idempotency, dead letters and deferral are tracked per consumer. */
  consumer: string;
  /** Handlers by event type; types this consumer does not handle are acknowledged and skipped. */
  handlers: ReadonlyMap<string, EventHandler>;
  deadLetters: DeadLetterSink;
  /** The contract's schemas: a type it does not know, or data it rejects, goes to the DLQ. */
  schemas?: { validate(type: string, data: unknown): SchemaVerdict };
  /** Redelivery guard for transports without checkpoints of their own (Kafka); the store-fed consumer needs none. */
  processed?: ProcessedMessages;
  /** Where a message that came too early waits; without it such a message is dead-lettered. */
  deferred?: DeferredMessages;
  /** How long a message may wait for what it depends on before it is dead-lettered. */
  outOfOrderWaitMs?: number;
  /** Without it every handler writes straight to the store. */
  scope?: HandlerScope;
  retry?: RetryPolicy;
  now?: () => Date;
  onDeadLetter?: (message: IncomingMessage, error: Error) => void;
  onRetry?: (error: unknown) => void;
}

/** The unit of work a batch of messages runs in (the store's AmbientEventStore): per attempt, and flushed before waiting messages are taken out. */
export interface HandlerScope {
  attempt<T>(work: () => Promise<T>): Promise<T>;
  flush(): Promise<void>;
}

export type ProcessingOutcome = 'handled' | 'skipped' | 'duplicate' | 'deferred' | 'dead-lettered';

export const REPLAYED_HEADER = 'x-replayed';

/**
 * What every transport does with one message: decode, validate, deduplicate by CloudEvents identity
 * (source + id), handle with retries, let a message that came too early wait, and dead-letter what is
 * wrong. An outage of the database or broker is retried without limit, never dead-lettered. Resolves once
 * the message may be acknowledged; rejects only when the message could not be put anywhere durable.
 */
export class MessageProcessor {
  private waitingKeys: Promise<Set<string>> | undefined;

  constructor(private readonly options: MessageProcessorOptions) {}

  get consumer(): string {
    return this.options.consumer;
  }

  get handledTypes(): string[] {
    return [...this.options.handlers.keys()];
  }

  async process(message: IncomingMessage): Promise<ProcessingOutcome> {
    let envelope: EventEnvelope;
    try {
      envelope = decodeEnvelope(message.value);
    } catch (error) {
      return this.deadLetter(message, error as Error);
    }
    return this.processEnvelope(envelope, message);
  }

  /**
   * For transports that already hold the envelope (the store-fed consumer): no encode and decode in between.
   * Without `value`, the bytes are made from the envelope only if the message has to wait or be dead-lettered.
   */
  async processEnvelope(envelope: EventEnvelope, received: Omit<IncomingMessage, 'value'> & { value?: Buffer | null }): Promise<ProcessingOutcome> {
    const message = (): IncomingMessage => ({ ...received, value: received.value ?? Buffer.from(JSON.stringify(envelope)) });
    const { consumer, handlers, processed } = this.options;
    try {
      this.validate(envelope);
    } catch (error) {
      return this.deadLetter(message(), error as Error);
    }
    const handler = handlers.get(envelope.type);
    if (!handler) return 'skipped';
    const identity = messageIdentity(envelope);
    if (await processed?.has(consumer, identity)) return 'duplicate';
    try {
      const attempt = () => handler(envelope, { topic: received.topic, key: received.key });
      await withRetries(this.options.retry ?? DEFAULT_RETRY_POLICY, () => (this.options.scope ? this.options.scope.attempt(attempt) : attempt()), {
        isPermanent: (error) => error instanceof InvalidMessageError || error instanceof NotYetApplicableError,
        onRetry: this.options.onRetry,
      });
    } catch (error) {
      if (error instanceof NotYetApplicableError && this.options.deferred) return this.defer(message(), error.waitKey, error.message);
      return this.deadLetter(message(), asError(error));
    }
    await processed?.mark(consumer, identity);
    if (received.key) await this.releaseWaiting(received.key);
    return 'handled';
  }

  /** Dead-letters what waited longer than allowed; call it now and then. */
  async sweepExpired(): Promise<number> {
    const { deferred, consumer } = this.options;
    if (!deferred) return 0;
    const expired = await deferred.take(consumer, { expiredAt: this.now() });
    for (const { message, reason } of expired) {
      this.forget(message.key);
      await this.deadLetter(message, new InvalidMessageError(`waited ${Math.round(this.waitMs() / 1000)} s and still ${reason}`));
    }
    return expired.length;
  }

  private validate(envelope: EventEnvelope): void {
    const verdict: SchemaVerdict = this.options.schemas?.validate(envelope.type, envelope.data) ?? { ok: true };
    if (verdict.ok) return;
    if (verdict.reason === 'unknown_schema') throw new InvalidMessageError(`unknown event type "${envelope.type}"`);
    throw new InvalidMessageError(`invalid data for ${envelope.type}: ${describeFieldErrors(verdict.errors)}`);
  }

  private async defer(message: IncomingMessage, waitKey: string, reason: string): Promise<ProcessingOutcome> {
    const { deferred, consumer } = this.options;
    if (!deferred) return this.deadLetter(message, new InvalidMessageError(reason));
    await deferred.defer(consumer, waitKey, message, reason, this.now(), this.waitMs());
    (await this.keys()).add(waitKey);
    return 'deferred';
  }

  /** A message of the key was handled: what waited on it goes now, in arrival order. */
  private async releaseWaiting(key: string): Promise<void> {
    const { deferred, consumer } = this.options;
    if (!deferred || !(await this.isWaiting(key))) return;
    // Taken out of their table, the waiting messages must not depend on a batch that could still fail.
    await this.options.scope?.flush();
    this.forget(key);
    for (const { message } of await deferred.take(consumer, { waitKey: key })) await this.process(message);
    await this.options.scope?.flush();
  }

  private async isWaiting(key: string): Promise<boolean> {
    return this.options.deferred !== undefined && (await this.keys()).has(key);
  }

  private forget(key: string | null): void {
    if (key) void this.keys().then((keys) => keys.delete(key));
  }

  /** The keys with waiting messages, read once and then kept up to date by this processor (one per consumer and partition). */
  private keys(): Promise<Set<string>> {
    const { deferred, consumer } = this.options;
    this.waitingKeys ??= deferred ? deferred.waitingKeys(consumer) : Promise.resolve(new Set());
    this.waitingKeys.catch(() => (this.waitingKeys = undefined));
    return this.waitingKeys;
  }

  private waitMs(): number {
    return this.options.outOfOrderWaitMs ?? 24 * 3_600_000;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private async deadLetter(message: IncomingMessage, error: Error): Promise<ProcessingOutcome> {
    await withRetries({ attempts: 1, initialDelayMs: 100, maxDelayMs: 5_000 }, () => this.options.deadLetters.deadLetter(message, error, this.options.consumer));
    this.options.onDeadLetter?.(message, error);
    return 'dead-lettered';
  }
}

/** Frameworks sometimes throw plain objects ({ status, message }); the DLQ header needs a message either way. */
function asError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  const message = typeof thrown === 'object' && thrown !== null && 'message' in thrown ? String(thrown.message) : JSON.stringify(thrown);
  return new Error(message);
}
