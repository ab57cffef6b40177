import type { Pool } from 'pg';
import type { EventStore } from '@referral-ledger/event-store';
import { REPLAYED_HEADER, type IncomingMessage, type PostgresDeadLetters, type ProcessingOutcome } from '@referral-ledger/messaging';
import { inTransaction } from '@referral-ledger/postgres';
import type { ParkedEvents, ProjectionRunner } from '@referral-ledger/projections';

export const OPERATIONS = Symbol('OPERATIONS');

export class ReplayRefusedError extends Error {}

/** What operators do with what the pipeline set aside: replay dead letters, retry or skip parked events. */
export class Operations {
  /** Per consumer group: what handles one of its messages again (a message processor, or a projection fed by topics). */
  readonly processors = new Map<string, { process(message: IncomingMessage): Promise<ProcessingOutcome> }>();
  readonly projections = new Map<string, ProjectionRunner>();

  constructor(
    readonly deadLetters: PostgresDeadLetters,
    readonly parked: ParkedEvents,
    private readonly store: EventStore,
    private readonly pool: Pool,
  ) {}

  /** Handles the dead letter again through its consumer; idempotent handlers make a repeated replay harmless. */
  async replayDeadLetter(id: string): Promise<ProcessingOutcome | undefined> {
    const letter = await this.deadLetters.find(id);
    if (!letter) return undefined;
    if (letter.replayedAt) throw new ReplayRefusedError(`dead letter ${id} was replayed at ${letter.replayedAt.toISOString()} (${letter.replayOutcome})`);
    const processor = this.processors.get(letter.consumer);
    if (!processor) throw new ReplayRefusedError(`consumer ${letter.consumer} does not run in this process`);
    const outcome = await processor.process({ ...letter.message, headers: { ...letter.message.headers, [REPLAYED_HEADER]: 'true' } });
    await this.deadLetters.markReplayed(id, outcome);
    return outcome;
  }

  /** Applies a parked event again; it stays parked, with the new error, if it still fails. */
  async retryParked(id: string): Promise<'retried' | undefined> {
    const parked = await this.parked.find(id);
    if (!parked) return undefined;
    if (parked.resolvedAt) throw new ReplayRefusedError(`parked event ${id} was already ${parked.resolution}`);
    const runner = this.projections.get(parked.subscriber);
    if (!runner) throw new ReplayRefusedError(`projection ${parked.subscriber} does not run in this process`);
    const event = (await this.store.readStream(parked.streamName)).find((e) => e.id === parked.eventId);
    if (!event) throw new ReplayRefusedError(`event ${parked.eventId} is not in the store`);
    try {
      await inTransaction(this.pool, async (client) => {
        await runner.applyOne(event, client);
        await this.parked.resolve(id, 'retried', client);
      });
    } catch (error) {
      throw new ReplayRefusedError(`parked event ${id} still fails: ${(error as Error).message}`);
    }
    return 'retried';
  }

  async skipParked(id: string): Promise<'skipped' | undefined> {
    const parked = await this.parked.find(id);
    if (!parked) return undefined;
    if (parked.resolvedAt) throw new ReplayRefusedError(`parked event ${id} was already ${parked.resolution}`);
    await this.parked.resolve(id, 'skipped');
    return 'skipped';
  }
}
