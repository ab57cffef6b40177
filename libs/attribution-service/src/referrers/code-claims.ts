import { randomUUID } from 'node:crypto';
import { codeStream, isCodeClaimed, type CodeClaimed } from '@referral-ledger/attribution-domain';
import { WrongExpectedVersionError, readFirst, type EventStore, type NewEvent } from '@referral-ledger/event-store';

export type CodeOwner = CodeClaimed['data'];

/**
 * Codes are unique across all programs: each has a stream `code-<CODE>` created once with
 * `no_stream`, so the event store itself refuses a second owner, even under concurrent requests.
 */
export async function claimCode(store: EventStore, owner: CodeOwner, now: Date, correlationId: string): Promise<boolean> {
  const claimed: NewEvent<CodeClaimed['type'], CodeClaimed['data']> = {
    id: randomUUID(),
    type: 'code.claimed',
    data: owner,
    metadata: { correlationId, causationId: null, occurredAt: now.toISOString(), schemaVersion: 1, actor: 'attribution' },
  };
  try {
    await store.appendToStream(codeStream(owner.code), [claimed], { expectedVersion: 'no_stream' });
    return true;
  } catch (error) {
    if (error instanceof WrongExpectedVersionError) return false;
    throw error;
  }
}

export async function findCodeOwner(store: EventStore, code: string): Promise<CodeOwner | undefined> {
  return (await readFirst<CodeClaimed>(store, codeStream(code), isCodeClaimed))?.data;
}
