import { DEFAULT_RETRY_POLICY, withRetries, type RetryPolicy } from '@referral-ledger/resilience';
import type { DeadLetterSink } from '../dead-letters/dead-letter-sink';
import { decodeEnvelope, messageIdentity, type EventEnvelope } from '../envelope/event-envelope';
import type { IncomingMessage, MessageReceiver, ReceivedMessage } from '../message';
import { assertValidData, type DataSchemas } from './data-schemas';
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
  schemas?: DataSchemas;
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
  /** A look at waiting messages, shortly after one was deferred, failed (they stay waiting). */
  onRecheckError?: (error: unknown) => void;
}

/** Units of work over the event store (its AmbientEventStore): one per batch, one attempt per handler try, flushed before waiting messages are taken out. */
export interface HandlerScope {
  unitOfWork<T>(work: () => Promise<T>): Promise<T>;
  attempt<T>(work: () => Promise<T>): Promise<T>;
  flush(): Promise<void>;
  /** Runs work outside whatever unit of work is current (a timer started inside a batch would otherwise join it). */
  detached<T>(work: () => Promise<T>): Promise<T>;
}

interface DecodedMessage extends ReceivedMessage {
  envelope: EventEnvelope;
  identity: string;
}

export type ProcessingOutcome = 'handled' | 'skipped' | 'duplicate' | 'deferred' | 'dead-lettered';

export const REPLAYED_HEADER = 'x-replayed';
/** Marks a waiting message that was already looked at again once after it was deferred. */
const RECHECKED_HEADER = 'x-rechecked';
/** A waiting message taken out to be looked at again keeps its first deadline (ISO time), so looking never extends its wait. */
const WAITS_UNTIL_HEADER = 'x-waits-until';
const RECHECK_AFTER_MS = 1_000;

/**
 * What every transport does with one message: decode, validate, deduplicate by CloudEvents identity
 * (source + id), handle with retries, let a message that came too early wait, and dead-letter what is
 * wrong. An outage of the database or broker is retried without limit, never dead-lettered. Resolves once
 * the message may be acknowledged; rejects only when the message could not be put anywhere durable.
 */
export class MessageProcessor implements MessageReceiver {
  private waitingKeys: Promise<Set<string>> | undefined;

  constructor(private readonly options: MessageProcessorOptions) {}

  get consumer(): string {
    return this.options.consumer;
  }

  get handledTypes(): string[] {
    return [...this.options.handlers.keys()];
  }

  /** One message on its own (an operator's replay, a message that waited): deduplicated, handled, marked. */
  async process(message: IncomingMessage): Promise<ProcessingOutcome> {
    const [decoded] = await this.decodeAll([{ received: message }]);
    if (!decoded) return 'dead-lettered';
    const { consumer, processed } = this.options;
    if (this.options.handlers.has(decoded.envelope.type) && (await processed?.handledAmong(consumer, [decoded.identity]))?.has(decoded.identity)) return 'duplicate';
    const outcome = await this.handle(decoded.envelope, decoded.received, 'defer');
    if (outcome === 'handled') await processed?.markAll(consumer, [decoded.identity]);
    return outcome;
  }

  /**
   * A transport's batch, as one unit of work when the processor has a scope: messages of one key (a customer,
   * a referral) in order, different keys side by side, so their reads reach the store together. Messages
   * handled before (redeliveries) are skipped; the batch's messages are marked handled only once its writes
   * are committed. A conflict with another writer redoes the batch; an outage rejects it, to be redelivered.
   */
  async receive(messages: readonly ReceivedMessage[]): Promise<void> {
    const { consumer, processed, scope } = this.options;
    const decoded = await this.decodeAll(messages);
    const seen = processed
      ? await processed.handledAmong(
          consumer,
          decoded.map((message) => message.identity),
        )
      : new Set<string>();
    const fresh = decoded.filter((message) => !seen.has(message.identity));
    const handleAll = () => this.handleByKey(fresh);
    const handled = await (scope ? scope.unitOfWork(handleAll) : handleAll());
    await processed?.markAll(consumer, handled);
  }

  private async handleByKey(messages: readonly DecodedMessage[]): Promise<string[]> {
    const byKey = new Map<string | null, DecodedMessage[]>();
    for (const message of messages) {
      const ordered = byKey.get(message.received.key) ?? [];
      ordered.push(message);
      byKey.set(message.received.key, ordered);
    }
    const handled: string[] = [];
    // What came too early for what another key of this batch brings (a referral before its referee's signup) gets a
    // second chance once the other keys are done, with the rest of its key behind it, before it is made to wait.
    const early: DecodedMessage[][] = [];
    // Settled, not raced: a failing key must not leave the others running while the batch is redone.
    const outcomes = await Promise.allSettled(
      [...byKey.values()].map(async (ordered) => {
        for (const [index, { envelope, received, identity }] of ordered.entries()) {
          const outcome = await this.handle(envelope, received, 'report');
          if (outcome === 'early') return void early.push(ordered.slice(index));
          if (outcome === 'handled') handled.push(identity);
        }
      }),
    );
    const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failure) throw failure.reason;
    for (const { envelope, received, identity } of early.flat()) if ((await this.handle(envelope, received, 'defer')) === 'handled') handled.push(identity);
    return handled;
  }

  /** Envelopes of the messages; what cannot be decoded is dead-lettered. */
  private async decodeAll(messages: readonly ReceivedMessage[]): Promise<DecodedMessage[]> {
    const decoded: DecodedMessage[] = [];
    for (const { received, envelope } of messages) {
      try {
        const known = envelope ?? decodeEnvelope(received.value ?? null);
        decoded.push({ envelope: known, received, identity: messageIdentity(known) });
      } catch (error) {
        await this.deadLetter({ ...received, value: received.value ?? null }, error as Error);
      }
    }
    return decoded;
  }

  /**
   * Validates, handles with retries, lets a message that came too early wait, dead-letters what is wrong, and
   * releases what waited on this message's key. Without `value`, the bytes are made from the envelope only if
   * the message has to wait or be dead-lettered.
   */
  private async handle(envelope: EventEnvelope, received: ReceivedMessage['received'], tooEarly: 'defer'): Promise<ProcessingOutcome>;
  private async handle(envelope: EventEnvelope, received: ReceivedMessage['received'], tooEarly: 'report'): Promise<ProcessingOutcome | 'early'>;
  private async handle(envelope: EventEnvelope, received: ReceivedMessage['received'], tooEarly: 'defer' | 'report'): Promise<ProcessingOutcome | 'early'> {
    const message = (): IncomingMessage => ({ ...received, value: received.value ?? Buffer.from(JSON.stringify(envelope)) });
    try {
      assertValidData(this.options.schemas, envelope);
    } catch (error) {
      return this.deadLetter(message(), error as Error);
    }
    const handler = this.options.handlers.get(envelope.type);
    if (!handler) return 'skipped';
    try {
      const attempt = () => handler(envelope, { topic: received.topic, key: received.key });
      await withRetries(this.options.retry ?? DEFAULT_RETRY_POLICY, () => (this.options.scope ? this.options.scope.attempt(attempt) : attempt()), {
        isPermanent: (error) => error instanceof InvalidMessageError || error instanceof NotYetApplicableError,
        onRetry: this.options.onRetry,
      });
    } catch (error) {
      if (error instanceof NotYetApplicableError && tooEarly === 'report') return 'early';
      if (error instanceof NotYetApplicableError && this.options.deferred) return this.defer(message(), error.waitKey, error.message);
      return this.deadLetter(message(), asError(error));
    }
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

  private async defer(message: IncomingMessage, waitKey: string, reason: string): Promise<ProcessingOutcome> {
    const { deferred, consumer } = this.options;
    if (!deferred) return this.deadLetter(message, new InvalidMessageError(reason));
    const now = this.now();
    const firstDeadline = message.headers[WAITS_UNTIL_HEADER];
    await deferred.defer(consumer, waitKey, message, reason, now, firstDeadline ? new Date(firstDeadline) : new Date(now.getTime() + this.waitMs()));
    (await this.keys()).add(waitKey);
    // What it waits for may have been committed by another partition's batch that looked for waiting messages just
    // before this one was deferred: look once more, shortly after (a message looked at again is not looked at twice).
    if (message.headers[RECHECKED_HEADER] === undefined) {
      const recheck = () => this.releaseWaiting(waitKey, { [RECHECKED_HEADER]: 'true' });
      setTimeout(() => (this.options.scope ? this.options.scope.detached(recheck) : recheck()).catch((error) => this.options.onRecheckError?.(error)), RECHECK_AFTER_MS).unref();
    }
    return 'deferred';
  }

  /** A message of the key was handled: what waited on it goes now, in arrival order. */
  private async releaseWaiting(key: string, headers: Record<string, string> = {}): Promise<void> {
    const { deferred, consumer } = this.options;
    if (!deferred || !(await this.isWaiting(key))) return;
    // Taken out of their table, the waiting messages must not depend on a batch that could still fail.
    await this.options.scope?.flush();
    this.forget(key);
    for (const { message, expiresAt } of await deferred.take(consumer, { waitKey: key })) {
      await this.process({ ...message, headers: { ...message.headers, ...headers, [WAITS_UNTIL_HEADER]: expiresAt.toISOString() } });
    }
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
    // A dead letter replayed by an operator starts a wait of its own.
    const letter = { ...message, headers: { ...message.headers } };
    delete letter.headers[WAITS_UNTIL_HEADER];
    await withRetries({ attempts: 1, initialDelayMs: 100, maxDelayMs: 5_000 }, () => this.options.deadLetters.deadLetter(letter, error, this.options.consumer));
    this.options.onDeadLetter?.(letter, error);
    return 'dead-lettered';
  }
}

/** Frameworks sometimes throw plain objects ({ status, message }); the DLQ header needs a message either way. */
function asError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  const message = typeof thrown === 'object' && thrown !== null && 'message' in thrown ? String(thrown.message) : JSON.stringify(thrown);
  return new Error(message);
}
