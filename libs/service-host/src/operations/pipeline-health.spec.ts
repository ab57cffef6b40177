import { InMemoryEventStore, type Position } from '@referral-ledger/event-store';
import type { LaggingSubscriber } from '@referral-ledger/projections';
import { anEvent } from '@referral-ledger/testing';
import type { DeferredMessages, PostgresDeadLetters } from '@referral-ledger/messaging';
import type { ParkedEvents } from '@referral-ledger/projections';
import { pipelineReadiness } from './pipeline-health';

describe('pipeline readiness', () => {
  const none = { openCounts: async () => new Map<string, number>(), count: async () => 0 };
  const setAside = { parked: none as unknown as ParkedEvents, deadLetters: none as unknown as PostgresDeadLetters, deferred: none as unknown as DeferredMessages };

  it('is not ready until every projection has reached what was stored before the start, and stays ready when one falls a little behind later', async () => {
    const store = new InMemoryEventStore();
    for (let i = 0; i < 3; i++) await store.appendToStream(`s-${i}`, [anEvent('x', {})], { expectedVersion: 'no_stream' });
    const head = (await store.headPosition()) as Position;
    const ledger: { name: string; position: Position | 'start'; store: InMemoryEventStore } = { name: 'ledger', position: 'start', store };
    const subscribers = (): LaggingSubscriber[] => [ledger];
    const check = pipelineReadiness(subscribers, 60, setAside, { projections: subscribers, head }).check;

    await expect(check()).rejects.toThrow('catching up with what was stored before the start: ledger');
    ledger.position = head;
    await expect(check()).resolves.toMatchObject({ maxLagSeconds: 0 });
    await store.appendToStream('s-new', [anEvent('x', {})], { expectedVersion: 'no_stream' });
    await expect(check()).resolves.toMatchObject({ maxLagSeconds: 0 });
  });
});
