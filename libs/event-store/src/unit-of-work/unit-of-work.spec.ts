import { anEvent, numberedEvents } from '@referral-ledger/testing';
import { handleCommand } from '../command-handling/handle-command';
import { WrongExpectedVersionError } from '../errors';
import { InMemoryEventStore } from '../in-memory/in-memory-event-store';
import { AmbientEventStore } from './ambient-event-store';
import { UnitOfWork } from './unit-of-work';

describe('UnitOfWork', () => {
  let store: InMemoryEventStore;
  beforeEach(() => (store = new InMemoryEventStore()));

  it('lets reads see its own appends, and writes nothing before commit', async () => {
    const unit = new UnitOfWork(store);
    await unit.appendToStream('a', numberedEvents('x', 2), { expectedVersion: 'no_stream' });
    expect(await unit.appendToStream('a', numberedEvents('x', 1), { expectedVersion: 1n })).toEqual({ nextExpectedVersion: 2n });
    expect((await unit.readStream('a')).map((e) => e.streamVersion)).toEqual([0n, 1n, 2n]);
    expect(await unit.readStream('a', { fromVersion: 1n, maxCount: 1 })).toHaveLength(1);
    expect(await store.readStream('a')).toEqual([]);
    await unit.commit();
    expect((await store.readStream('a')).map((e) => e.data)).toEqual([{ n: 0 }, { n: 1 }, { n: 0 }]);
  });

  it('checks expected versions as the store does, against the stream plus its own appends', async () => {
    await store.appendToStream('a', numberedEvents('x', 1), { expectedVersion: 'no_stream' });
    const unit = new UnitOfWork(store);
    await expect(unit.appendToStream('a', numberedEvents('x', 1), { expectedVersion: 'no_stream' })).rejects.toThrow(WrongExpectedVersionError);
    await unit.appendToStream('b', numberedEvents('x', 1), { expectedVersion: 'no_stream' });
    await expect(unit.appendToStream('b', numberedEvents('x', 1), { expectedVersion: 'no_stream' })).rejects.toThrow(WrongExpectedVersionError);
  });

  it('treats a retried append of the same ids as a no-op, inside the unit too', async () => {
    const unit = new UnitOfWork(store);
    const events = numberedEvents('x', 2);
    await unit.appendToStream('a', events, { expectedVersion: 'no_stream' });
    expect(await unit.appendToStream('a', events, { expectedVersion: 'no_stream' })).toEqual({ nextExpectedVersion: 1n });
    await unit.commit();
    expect(await store.readStream('a')).toHaveLength(2);
  });

  it('takes back what a failed attempt appended, and only that', async () => {
    const unit = new UnitOfWork(store);
    const [failed, other] = [{}, {}];
    await unit.appendToStream('a', numberedEvents('x', 1), { expectedVersion: 'no_stream' }, other);
    await unit.appendToStream('b', numberedEvents('x', 1), { expectedVersion: 'no_stream' }, failed);
    await unit.appendToStream('c', numberedEvents('x', 1), { expectedVersion: 'no_stream' }, other);
    unit.rollback(failed);
    await unit.commit();
    expect(await store.readStream('a')).toHaveLength(1);
    expect(await store.readStream('b')).toEqual([]);
    expect(await store.readStream('c')).toHaveLength(1);
  });

  it('refuses to commit when a failed attempt cannot be taken back without moving what another appended after it', async () => {
    const unit = new UnitOfWork(store);
    const [failed, other] = [{}, {}];
    await unit.appendToStream('a', numberedEvents('x', 1), { expectedVersion: 'no_stream' }, failed);
    await unit.appendToStream('a', numberedEvents('x', 1), { expectedVersion: 0n }, other);
    unit.rollback(failed);
    await expect(unit.commit()).rejects.toThrow(WrongExpectedVersionError);
    expect(await store.readStream('a')).toEqual([]);
  });

  it('reads the streams asked for together in one query', async () => {
    await store.appendToStream('a', numberedEvents('x', 2), { expectedVersion: 'no_stream' });
    const readStreams = jest.spyOn(store, 'readStreams');
    const unit = new UnitOfWork(store);
    const [a, b, again] = await Promise.all([unit.readStream('a'), unit.readStream('b'), unit.readStream('a')]);
    expect([a.length, b.length, again.length]).toEqual([2, 0, 2]);
    expect(readStreams).toHaveBeenCalledTimes(1);
    expect(readStreams).toHaveBeenCalledWith(['a', 'b']);
  });

  it('fails its commit, writing nothing, when another writer changed a stream it read', async () => {
    await store.appendToStream('a', numberedEvents('x', 1), { expectedVersion: 'no_stream' });
    const unit = new UnitOfWork(store);
    await unit.appendToStream('b', numberedEvents('x', 1), { expectedVersion: 'no_stream' });
    await unit.appendToStream('a', numberedEvents('x', 1), { expectedVersion: 0n });
    await store.appendToStream('a', numberedEvents('x', 1), { expectedVersion: 0n });
    await expect(unit.commit()).rejects.toMatchObject({ streamName: 'a' });
    expect(await store.readStream('b')).toEqual([]);
  });

  it('keeps reading what it committed without asking the store again', async () => {
    const unit = new UnitOfWork(store);
    await unit.appendToStream('a', numberedEvents('x', 1), { expectedVersion: 'no_stream' });
    await unit.commit();
    expect(await unit.appendToStream('a', numberedEvents('x', 1), { expectedVersion: 0n })).toEqual({ nextExpectedVersion: 1n });
    await unit.commit();
    expect(await store.readStream('a')).toHaveLength(2);
  });
});

type Counted = { type: 'counted'; data: Record<string, never> };

describe('AmbientEventStore', () => {
  it('routes reads and appends inside a unit of work through it, and commits at its end', async () => {
    const base = new InMemoryEventStore();
    const store = new AmbientEventStore(base);
    await store.unitOfWork(async () => {
      await store.appendToStream('a', [anEvent('x', {})], { expectedVersion: 'no_stream' });
      expect(await store.readStream('a')).toHaveLength(1);
      expect(await base.readStream('a')).toEqual([]);
      // A failed attempt's appends are taken back; the unit goes on.
      await expect(
        store.attempt(async () => {
          await store.appendToStream('b', [anEvent('x', {})], { expectedVersion: 'no_stream' });
          throw new Error('handler failed');
        }),
      ).rejects.toThrow('handler failed');
    });
    expect(await base.readStream('a')).toHaveLength(1);
    expect(await base.readStream('b')).toEqual([]);
  });

  it('lets handlers running side by side keep a limit on one stream: each sees the appends of the others', async () => {
    // A counter that refuses to pass 3, as a budget does: five handlers of one batch each try to add one.
    const counter = {
      initialState: () => 0,
      evolve: (count: number) => count + 1,
      canHandle: <Candidate extends { type: string; data: unknown }>(event: Candidate): event is Candidate & Counted => event.type === 'counted',
      decide: (_command: null, count: number): Counted[] => {
        if (count >= 3) throw new Error('limit reached');
        return [{ type: 'counted', data: {} }];
      },
    };
    const base = new InMemoryEventStore();
    const store = new AmbientEventStore(base);
    const outcomes = await store.unitOfWork(() =>
      Promise.allSettled(
        ['m1', 'm2', 'm3', 'm4', 'm5'].map((message) =>
          store.attempt(() => handleCommand(store, 'counter-1', counter, null, { correlationId: 'c', causationId: message, actor: 'test', now: new Date() })),
        ),
      ),
    );
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'rejected']);
    expect(await base.readStream('counter-1')).toHaveLength(3);
  });

  it('writes straight to the store outside a unit of work', async () => {
    const base = new InMemoryEventStore();
    const store = new AmbientEventStore(base);
    await store.appendToStream('a', [anEvent('x', {})], { expectedVersion: 'no_stream' });
    expect(await base.readStream('a')).toHaveLength(1);
  });
});

describe('AmbientEventStore when another writer got there first', () => {
  it('writes nothing of the unit, then runs the work again one append at a time', async () => {
    const base = new InMemoryEventStore();
    const store = new AmbientEventStore(base);
    await base.appendToStream('a', [anEvent('x', {})], { expectedVersion: 'no_stream' });
    let runs = 0;
    await store.unitOfWork(async () => {
      runs++;
      const version = (await store.readStream('a')).length - 1;
      await store.appendToStream('b', [anEvent('x', {}, { id: '00000000-0000-4000-8000-00000000000b' })], { expectedVersion: 'any' });
      // Another writer moves `a` between this read and the unit's commit.
      if (runs === 1) await base.appendToStream('a', [anEvent('x', {})], { expectedVersion: 0n });
      await store.appendToStream('a', [anEvent('x', {}, { id: '00000000-0000-4000-8000-00000000000a' })], { expectedVersion: BigInt(version) });
    });
    expect(runs).toBe(2);
    expect((await base.readStream('a')).map((e) => e.id)).toContain('00000000-0000-4000-8000-00000000000a');
    expect(await base.readStream('b')).toHaveLength(1);
  });
});
