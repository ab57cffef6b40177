import type { Pool, PoolClient } from 'pg';
import { inTransaction } from '@referral-ledger/postgres';
import type { Projection } from '@referral-ledger/projections';
import { isTransientError, withRetries } from '@referral-ledger/resilience';
import type { DeadLetterSink } from '../dead-letters/dead-letter-sink';
import { decodeEnvelope, messageIdentity } from '../envelope/event-envelope';
import type { IncomingMessage, MessageReceiver, ReceivedMessage } from '../message';
import { assertValidData, type DataSchemas } from '../processing/data-schemas';
import { InvalidMessageError } from '../processing/invalid-message-error';
import type { ProcessingOutcome } from '../processing/message-processor';

export interface ProjectionConsumerOptions {
  pool: Pool;
  projection: Projection;
  /** The consumer group feeding it: dead letters name it. */
  consumer: string;
  schemas?: DataSchemas;
  deadLetters: DeadLetterSink;
  onDeadLetter?: (message: IncomingMessage, error: Error) => void;
}

interface FedEvent {
  id: string;
  type: string;
  data: unknown;
  metadata: { occurredAt: string };
  message: () => IncomingMessage;
}

/**
 * A projection fed by public topics rather than by its own service's store (another service's events live
 * in that service's database). Each batch and the ids of its messages are written in one transaction, so a
 * redelivered message changes nothing; one that cannot be decoded, fails its schema or keeps failing the
 * projection goes to the dead letters with the reason, and the rest of the batch goes on.
 */
export class ProjectionConsumer implements MessageReceiver {
  constructor(private readonly options: ProjectionConsumerOptions) {}

  async receive(messages: readonly ReceivedMessage[]): Promise<void> {
    await this.consume(messages);
  }

  /** One message again, as an operator replays a dead letter. */
  async process(message: IncomingMessage): Promise<ProcessingOutcome> {
    const { applied, deadLettered } = await this.consume([{ received: message }]);
    return deadLettered > 0 ? 'dead-lettered' : applied > 0 ? 'handled' : 'skipped';
  }

  private async consume(messages: readonly ReceivedMessage[]): Promise<{ applied: number; deadLettered: number }> {
    const { projection, pool } = this.options;
    let deadLettered = 0;
    const events: FedEvent[] = [];
    for (const { received, envelope: decoded } of messages) {
      const message = (): IncomingMessage => ({ ...received, value: received.value ?? Buffer.from(JSON.stringify(decoded)) });
      try {
        const envelope = decoded ?? decodeEnvelope(received.value ?? null);
        const event = { id: messageIdentity(envelope), type: envelope.type, data: envelope.data, metadata: { occurredAt: envelope.time }, message };
        if (!projection.canHandle(event)) continue;
        assertValidData(this.options.schemas, event);
        events.push(event);
      } catch (error) {
        if (!(error instanceof InvalidMessageError)) throw error;
        await this.deadLetter(message(), error);
        deadLettered++;
      }
    }
    if (events.length === 0) return { applied: 0, deadLettered };
    try {
      await inTransaction(pool, (client) => this.apply(events, client));
    } catch (error) {
      if (isTransientError(error)) throw error;
      // Something in the batch fails for a reason of its own: message by message, dead-lettering the ones that fail.
      for (const event of events) {
        try {
          await inTransaction(pool, (client) => this.apply([event], client));
        } catch (failure) {
          if (isTransientError(failure)) throw failure;
          await this.deadLetter(event.message(), failure instanceof Error ? failure : new Error(String(failure)));
          deadLettered++;
        }
      }
    }
    projection.committed?.();
    return { applied: events.length - deadLettered, deadLettered };
  }

  private async apply(events: readonly FedEvent[], client: PoolClient): Promise<void> {
    const { rows } = await client.query<{ message_id: string }>(
      'INSERT INTO projections.handled_messages (projection, message_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING RETURNING message_id',
      [this.options.projection.name, events.map((event) => event.id)],
    );
    const fresh = new Set(rows.map((row) => row.message_id));
    const unseen = events.filter((event) => fresh.has(event.id));
    if (unseen.length > 0) await this.options.projection.handle(unseen, client);
  }

  private async deadLetter(message: IncomingMessage, error: Error): Promise<void> {
    await withRetries({ attempts: 1, initialDelayMs: 100, maxDelayMs: 5_000 }, () => this.options.deadLetters.deadLetter(message, error, this.options.consumer));
    this.options.onDeadLetter?.(message, error);
  }
}
