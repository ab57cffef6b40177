import {
  isProgramLearned,
  knownProgramStream,
  learnProgram,
  unknownProgram,
  type KnownProgram,
  type ProgramLearned,
  type PublishedProgramEvent,
} from '@referral-ledger/attribution-domain';
import type { EventStore } from '@referral-ledger/event-store';
import { recordLearned, type EventEnvelope } from '@referral-ledger/messaging';
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

/** Records a published program event once: a redelivery appends nothing. */
export function recordProgramEvent(store: EventStore, published: PublishedProgramEvent, envelope: EventEnvelope): Promise<void> {
  const learned: ProgramLearned = { type: 'program.learned', data: published };
  return recordLearned(store, knownProgramStream(published.data.programId), learned, envelope, 'attribution');
}
