import { randomUUID } from 'node:crypto';
import { streamName } from '@referral-ledger/contracts';
import { WrongExpectedVersionError, type EventStore } from '@referral-ledger/event-store';
import { normaliseCode } from '@referral-ledger/attribution-domain';

export interface CodeOwner {
  code: string;
  programId: string;
  customerId: string;
}

/**
 * Codes are unique across all programs: each has a stream `code-<CODE>` created once with
 * `no_stream`, so the event store itself refuses a second owner, even under concurrent requests.
 */
export async function claimCode(store: EventStore, owner: CodeOwner, now: Date, correlationId: string): Promise<boolean> {
  try {
    await store.appendToStream(
      streamName('code', normaliseCode(owner.code)),
      [{ id: randomUUID(), type: 'code.claimed', data: owner, metadata: { correlationId, causationId: null, occurredAt: now.toISOString(), schemaVersion: 1, actor: 'attribution' } }],
      { expectedVersion: 'no_stream' },
    );
    return true;
  } catch (error) {
    if (error instanceof WrongExpectedVersionError) return false;
    throw error;
  }
}

export async function findCodeOwner(store: EventStore, code: string): Promise<CodeOwner | undefined> {
  const [claimed] = await store.readStream(streamName('code', normaliseCode(code)), { maxCount: 1 });
  return claimed?.data as CodeOwner | undefined;
}
