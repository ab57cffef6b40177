import { describeFieldErrors, type SchemaVerdict } from '@referral-ledger/contracts';
import type { DeadLetterSink } from '../dead-letters/dead-letter-sink';
import { decodeEnvelope, type EventEnvelope } from '../envelope/event-envelope';
import type { IncomingMessage } from '../message';
import { InvalidMessageError } from './invalid-message-error';
import type { ProcessedMessages } from './processed-messages';
import { DEFAULT_RETRY_POLICY, withRetries, type RetryPolicy } from './retry-policy';

export interface MessageContext {
  topic: string;
  key: string | null;
}

export type EventHandler = (event: EventEnvelope, context: MessageContext) => Promise<void>;

export interface MessageProcessorOptions {
  /** The consumer group: idempotency is tracked per consumer. */
  consumer: string;
  /** Handlers by event type; types this consumer does not handle are acknowledged and skipped. */
  handlers: ReadonlyMap<string, EventHandler>;
  deadLetters: DeadLetterSink;
  /** The contract's schemas: a type it does not know, or data it rejects, goes to the DLQ. */
  schemas?: { validate(type: string, data: unknown): SchemaVerdict };
  processed?: ProcessedMessages;
  retry?: RetryPolicy;
  onDeadLetter?: (message: IncomingMessage, error: Error) => void;
}

export type ProcessingOutcome = 'handled' | 'skipped' | 'duplicate' | 'dead-lettered';

/**
 * What every transport does with one message: decode, validate, deduplicate, handle with bounded retries,
 * and dead-letter what still fails. Resolves once the message may be acknowledged; rejects only when even
 * the dead-letter write failed, so the transport redelivers instead of losing it.
 */
export class MessageProcessor {
  constructor(private readonly options: MessageProcessorOptions) {}

  get handledTypes(): string[] {
    return [...this.options.handlers.keys()];
  }

  async process(message: IncomingMessage): Promise<ProcessingOutcome> {
    const { consumer, handlers, processed } = this.options;
    let envelope: EventEnvelope;
    try {
      envelope = this.validated(decodeEnvelope(message.value));
    } catch (error) {
      return this.deadLetter(message, error as Error);
    }
    const handler = handlers.get(envelope.type);
    if (!handler) return 'skipped';
    if (await processed?.has(consumer, envelope.id)) return 'duplicate';
    try {
      await withRetries(this.options.retry ?? DEFAULT_RETRY_POLICY, () => handler(envelope, { topic: message.topic, key: message.key }), isInvalid);
    } catch (error) {
      return this.deadLetter(message, asError(error));
    }
    await processed?.mark(consumer, envelope.id);
    return 'handled';
  }

  private validated(envelope: EventEnvelope): EventEnvelope {
    const verdict = this.options.schemas?.validate(envelope.type, envelope.data) ?? { ok: true };
    if (verdict.ok) return envelope;
    if (verdict.reason === 'unknown_schema') throw new InvalidMessageError(`unknown event type "${envelope.type}"`);
    throw new InvalidMessageError(`invalid data for ${envelope.type}: ${describeFieldErrors(verdict.errors)}`);
  }

  private async deadLetter(message: IncomingMessage, error: Error): Promise<ProcessingOutcome> {
    await this.options.deadLetters.deadLetter(message, error);
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

function isInvalid(error: unknown): boolean {
  return error instanceof InvalidMessageError;
}
