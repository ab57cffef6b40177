import { streamName } from '@referral-ledger/contracts';
import type { EventStore } from '@referral-ledger/event-store';
import { programDecider, type Program, type ProgramEvent } from '@referral-ledger/rewards-domain';

export type KnownProgram = Exclude<Program, { status: 'none' }>;

/**
 * Programs belong to the rewards service; attribution reads their streams from the shared event store
 * (read only) rather than keeping a copy that could lag behind a pause.
 */
export async function findProgram(store: EventStore, programId: string): Promise<KnownProgram | undefined> {
  const events = await store.readStream(streamName('program', programId));
  const program = events.reduce((state, event) => programDecider.evolve(state, event as unknown as ProgramEvent), programDecider.initialState());
  return program.status === 'none' ? undefined : program;
}
