import { streamName } from '@referral-ledger/contracts';
import { readState, type EventStore } from '@referral-ledger/event-store';
import { programDecider, type Program } from '@referral-ledger/rewards-domain';

export type KnownProgram = Exclude<Program, { status: 'none' }>;

/**
 * Programs belong to the rewards service; attribution reads their streams from the shared event store
 * (read only) rather than keeping a copy that could lag behind a pause.
 */
export async function findProgram(store: EventStore, programId: string): Promise<KnownProgram | undefined> {
  const program = await readState(store, streamName('program', programId), programDecider);
  return program.status === 'none' ? undefined : program;
}
