import { isProgramLearned, knownProgramStream, learnProgram, unknownProgram, type KnownProgram, type PublishedProgramEvent } from '@referral-ledger/attribution-domain';
import { deterministicEventId, type EventStore } from '@referral-ledger/event-store';
import { messageIdentity, type EventEnvelope } from '@referral-ledger/messaging';
import { withRetries } from '@referral-ledger/resilience';

export type Program = Exclude<KnownProgram, { status: 'unknown' }>;

/** A program as attribution learned it from `referrals.rewards.v1`; undefined while it has not heard of it. */
export async function findProgram(store: EventStore, programId: string): Promise<Program | undefined> {
  const events = (await store.readStream(knownProgramStream(programId))).filter(isProgramLearned);
  const program = events.reduce(learnProgram, unknownProgram());
  return program.status === 'unknown' ? undefined : program;
}

/**
 * A program just created may not have reached attribution yet (it travels over `referrals.rewards.v1`): an
 * unknown program is looked for again for about two seconds before it is called unknown.
 */
export async function awaitProgram(store: EventStore, programId: string): Promise<Program | undefined> {
  const notYet = new Error(`Program ${programId} is not known yet`);
  try {
    return await withRetries({ attempts: 8, initialDelayMs: 20, maxDelayMs: 640 }, async () => {
      const program = await findProgram(store, programId);
      if (!program) throw notYet;
      return program;
    });
  } catch (error) {
    if (error === notYet) return undefined;
    throw error;
  }
}

/** Records a published program event once: a redelivery has the same id and appends nothing. */
export async function recordProgramEvent(store: EventStore, published: PublishedProgramEvent, envelope: EventEnvelope): Promise<void> {
  const stream = knownProgramStream(published.data.programId);
  const causationId = messageIdentity(envelope);
  await store.appendToStream(
    stream,
    [
      {
        id: deterministicEventId(stream, causationId),
        type: 'program.learned',
        data: published,
        metadata: { correlationId: envelope.correlationid, causationId, occurredAt: envelope.time, schemaVersion: 1, actor: 'attribution' },
      },
    ],
    { expectedVersion: 'any' },
  );
}
