import { randomUUID } from 'node:crypto';
import { anEvent, eventually, numberedEvents } from '@referral-ledger/testing';
import { DuplicateEventIdError, WrongExpectedVersionError } from '../errors';
import { comparePositions, type RecordedEvent } from '../event';
import type { EventStore, ExpectedVersion } from '../event-store';
import { withUpcasting } from '../upcasting';

export interface ContractSubject {
  store: EventStore;
  teardown(): Promise<void>;
}

export interface AdapterCapabilities {
  /** Postgres keeps a unique index on event ids; EventStoreDB only deduplicates retries within a stream. */
  uniqueEventIdsAcrossStreams: boolean;
  /** Postgres and in-memory write several streams in one transaction; EventStoreDB cannot. */
  atomicAppends: boolean;
}

/** The one contract every event store adapter must meet (DESIGN.md §3). */
export function eventStoreContract(setup: () => Promise<ContractSubject>, capabilities: AdapterCapabilities): void {
  let subject: ContractSubject;
  let store: EventStore;
  const stream = () => `contract-${randomUUID()}`;

  beforeEach(async () => {
    subject = await setup();
    store = subject.store;
  });
  afterEach(() => subject.teardown());

  describe('appending and reading a stream', () => {
    it('numbers a new stream from 0 and reads it back in order with its metadata', async () => {
      const name = stream();
      const events = numberedEvents('thing.happened', 3);
      expect(await store.appendToStream(name, events, { expectedVersion: 'no_stream' })).toEqual({ nextExpectedVersion: 2n });
      const read = await store.readStream(name);
      expect(read.map((e) => [e.id, e.streamVersion, e.data])).toEqual(events.map((e, i) => [e.id, BigInt(i), e.data]));
      expect(read[0].metadata).toEqual(events[0].metadata);
      expect(read[0].recordedAt.getTime()).toEqual(expect.any(Number));
    });

    it('reads a slice from a version, and nothing for a stream that does not exist', async () => {
      const name = stream();
      await store.appendToStream(name, numberedEvents('thing.happened', 5), { expectedVersion: 'no_stream' });
      const slice = await store.readStream(name, { fromVersion: 2n, maxCount: 2 });
      expect(slice.map((e) => e.data)).toEqual([{ n: 2 }, { n: 3 }]);
      expect(await store.readStream(stream())).toEqual([]);
    });

    it('rejects events without a UUID id and writes nothing', async () => {
      const name = stream();
      await expect(store.appendToStream(name, [anEvent('x', {}, { id: 'not-a-uuid' })], { expectedVersion: 'any' })).rejects.toThrow(TypeError);
      expect(await store.readStream(name)).toEqual([]);
    });
  });

  describe('optimistic concurrency', () => {
    const conflicts: Array<[string, ExpectedVersion, number, ExpectedVersion | 'no_stream']> = [
      ['no_stream on an existing stream', 'no_stream', 2, 1n],
      ['stream_exists on a missing stream', 'stream_exists', 0, 'no_stream'],
      ['a stale version', 0n, 2, 1n],
      ['a version from the future', 5n, 2, 1n],
      ['a version on a missing stream', 0n, 0, 'no_stream'],
    ];
    it.each(conflicts)('rejects %s with the expected and actual versions', async (_case, expected, existing, actual) => {
      const name = stream();
      if (existing > 0) await store.appendToStream(name, numberedEvents('x', existing), { expectedVersion: 'no_stream' });
      const error = await store.appendToStream(name, numberedEvents('x', 1), { expectedVersion: expected }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect(error).toMatchObject({ streamName: name, expected, actual });
      expect(await store.readStream(name)).toHaveLength(existing);
    });

    it('accepts the current version, stream_exists on an existing stream, and any', async () => {
      const name = stream();
      await store.appendToStream(name, numberedEvents('x', 2), { expectedVersion: 'any' });
      await store.appendToStream(name, numberedEvents('x', 1), { expectedVersion: 1n });
      await store.appendToStream(name, numberedEvents('x', 1), { expectedVersion: 'stream_exists' });
      expect(await store.appendToStream(name, numberedEvents('x', 1), { expectedVersion: 'any' })).toEqual({ nextExpectedVersion: 4n });
    });

    it('lets exactly one of ten concurrent writers with the same expected version win', async () => {
      const name = stream();
      await store.appendToStream(name, numberedEvents('x', 1), { expectedVersion: 'no_stream' });
      const results = await Promise.allSettled(Array.from({ length: 10 }, () => store.appendToStream(name, numberedEvents('x', 2), { expectedVersion: 0n })));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(failures.every((f) => f.reason instanceof WrongExpectedVersionError)).toBe(true);
      expect(await store.readStream(name)).toHaveLength(3);
    });
  });

  describe('idempotent retries', () => {
    it('treats a retried append of the same event ids as a no-op', async () => {
      const name = stream();
      const events = numberedEvents('x', 3);
      await store.appendToStream(name, events, { expectedVersion: 'no_stream' });
      expect(await store.appendToStream(name, events, { expectedVersion: 'no_stream' })).toEqual({ nextExpectedVersion: 2n });
      expect(await store.readStream(name)).toHaveLength(3);
    });

    it('still recognises the retry after the stream has moved on', async () => {
      const name = stream();
      const first = numberedEvents('x', 2);
      await store.appendToStream(name, first, { expectedVersion: 'no_stream' });
      await store.appendToStream(name, numberedEvents('x', 1), { expectedVersion: 1n });
      await store.appendToStream(name, first, { expectedVersion: 'no_stream' });
      expect(await store.readStream(name)).toHaveLength(3);
    });

    // A redelivered message re-runs its handler, which appends the same ids under whatever version it reads now.
    const laterRetries: Array<[string, (current: bigint) => ExpectedVersion]> = [
      ['any', () => 'any'],
      ['stream_exists', () => 'stream_exists'],
      ['the current version', (current) => current],
    ];
    it.each(laterRetries)('recognises a retry under %s, long after the first append', async (_case, expectedVersion) => {
      const name = stream();
      const first = numberedEvents('x', 2);
      await store.appendToStream(name, first, { expectedVersion: 'any' });
      for (let i = 0; i < 3; i++) await store.appendToStream(name, numberedEvents('x', 1), { expectedVersion: 'any' });
      expect(await store.appendToStream(name, first, { expectedVersion: expectedVersion(4n) })).toEqual({ nextExpectedVersion: 4n });
      expect(await store.appendToStream(name, [first[1]], { expectedVersion: expectedVersion(4n) })).toEqual({ nextExpectedVersion: 4n });
      const stored = await store.readStream(name);
      expect(stored).toHaveLength(5);
      expect(stored.slice(0, 2).map((e) => e.id)).toEqual(first.map((e) => e.id));
    });

    if (capabilities.uniqueEventIdsAcrossStreams) {
      it('refuses an event id that is already stored in another stream', async () => {
        const [event] = numberedEvents('x', 1);
        await store.appendToStream(stream(), [event], { expectedVersion: 'any' });
        const other = stream();
        await expect(store.appendToStream(other, [event], { expectedVersion: 'any' })).rejects.toBeInstanceOf(DuplicateEventIdError);
        expect(await store.readStream(other)).toEqual([]);
      });
    }
  });

  describe('atomic appends to several streams', () => {
    const atomic = (appends: Parameters<NonNullable<EventStore['appendAtomically']>>[0]) => {
      if (!store.appendAtomically) throw new Error('this adapter has no atomic appends');
      return store.appendAtomically(appends);
    };

    if (!capabilities.atomicAppends) {
      it('offers none, so units of work run one append at a time', () => {
        expect(store.appendAtomically).toBeUndefined();
        expect(store.readStreams).toBeUndefined();
      });
      return;
    }

    it('writes every stream, each checked against its own expected version', async () => {
      const [a, b] = [stream(), stream()];
      await store.appendToStream(b, numberedEvents('thing.happened', 1), { expectedVersion: 'no_stream' });
      const results = await atomic([
        { streamName: a, events: numberedEvents('thing.happened', 2), expectedVersion: 'no_stream' },
        { streamName: b, events: numberedEvents('thing.happened', 1), expectedVersion: 0n },
      ]);
      expect(results).toEqual([{ nextExpectedVersion: 1n }, { nextExpectedVersion: 1n }]);
      expect((await store.readStream(b)).length).toBe(2);
    });

    it('writes nothing when one append conflicts, and says which', async () => {
      const [a, b] = [stream(), stream()];
      await store.appendToStream(b, numberedEvents('thing.happened', 1), { expectedVersion: 'no_stream' });
      const failure = atomic([
        { streamName: a, events: numberedEvents('thing.happened', 2), expectedVersion: 'no_stream' },
        { streamName: b, events: numberedEvents('thing.happened', 1), expectedVersion: 'no_stream' },
      ]);
      await expect(failure).rejects.toThrow(WrongExpectedVersionError);
      await expect(failure).rejects.toMatchObject({ streamName: b, actual: 0n });
      expect(await store.readStream(a)).toEqual([]);
    });

    it('writes nothing when an event id is stored in another stream', async () => {
      const [a, b, c] = [stream(), stream(), stream()];
      const taken = anEvent('thing.happened', {});
      await store.appendToStream(c, [taken], { expectedVersion: 'no_stream' });
      await expect(
        atomic([
          { streamName: a, events: numberedEvents('thing.happened', 1), expectedVersion: 'any' },
          { streamName: b, events: [taken], expectedVersion: 'any' },
        ]),
      ).rejects.toThrow(DuplicateEventIdError);
      expect(await store.readStream(a)).toEqual([]);
    });

    it('reads several streams in one call, each in version order, leaving out those that do not exist', async () => {
      const [a, b, missing] = [stream(), stream(), stream()];
      await store.appendToStream(a, numberedEvents('thing.happened', 3), { expectedVersion: 'no_stream' });
      await store.appendToStream(b, numberedEvents('thing.happened', 1), { expectedVersion: 'no_stream' });
      const streams = await (store.readStreams as NonNullable<EventStore['readStreams']>)([a, b, missing]);
      expect([...streams.keys()].sort()).toEqual([a, b].sort());
      expect(streams.get(a)?.map((e) => e.streamVersion)).toEqual([0n, 1n, 2n]);
    });

    it('treats a retried atomic append as a no-op', async () => {
      const [a, b] = [stream(), stream()];
      const appends = [
        { streamName: a, events: numberedEvents('thing.happened', 2), expectedVersion: 'no_stream' as const },
        { streamName: b, events: numberedEvents('thing.happened', 1), expectedVersion: 'no_stream' as const },
      ];
      await atomic(appends);
      expect(await atomic(appends)).toEqual([{ nextExpectedVersion: 1n }, { nextExpectedVersion: 0n }]);
      expect((await store.readAll()).filter((e) => e.streamName === a || e.streamName === b)).toHaveLength(3);
    });
  });

  describe('global order', () => {
    it('reads all streams in one order, page after page from an exclusive checkpoint', async () => {
      const a = stream();
      const b = stream();
      await store.appendToStream(a, numberedEvents('x', 3), { expectedVersion: 'no_stream' });
      await store.appendToStream(b, numberedEvents('x', 2), { expectedVersion: 'no_stream' });
      await store.appendToStream(a, numberedEvents('x', 1), { expectedVersion: 2n });
      const ours = (events: RecordedEvent[]) => events.filter((e) => e.streamName === a || e.streamName === b);

      const everything = ours(await readEverything(store));
      expect(everything.map((e) => `${e.streamName === a ? 'a' : 'b'}${e.streamVersion}`)).toEqual(['a0', 'a1', 'a2', 'b0', 'b1', 'a3']);
      assertStrictlyIncreasing(everything);
      const pages = ours(await readEverything(store, 2));
      expect(pages.map((e) => e.id)).toEqual(everything.map((e) => e.id));
    });

    it('knows the position of the newest event', async () => {
      const name = stream();
      await store.appendToStream(name, numberedEvents('x', 2), { expectedVersion: 'no_stream' });
      const [, newest] = await store.readStream(name);
      expect(await store.headPosition()).toEqual(newest.position);
    });

    it('delivers to a live subscriber every event of 20 concurrent writers exactly once, in the store order', async () => {
      const streams = Array.from({ length: 5 }, stream);
      const seen: RecordedEvent[] = [];
      const subscription = store.subscribeToAll({ fromPosition: 'start', maxBatchSize: 50 }, async (events) => {
        seen.push(...events.filter((e) => streams.includes(e.streamName)));
      });
      const writers = Array.from({ length: 20 }, (_, writer) =>
        (async () => {
          for (let round = 0; round < 10; round++) {
            const target = streams[(writer + round) % streams.length];
            await store.appendToStream(target, numberedEvents(`writer-${writer}`, 1 + (round % 3)), { expectedVersion: 'any' });
          }
        })(),
      );
      await Promise.all(writers);
      const expectedCount = 20 * (4 * 1 + 3 * 2 + 3 * 3);
      await eventually(() => seen.length >= expectedCount, 20_000);
      await subscription.stop();

      expect(seen).toHaveLength(expectedCount);
      expect(new Set(seen.map((e) => e.id)).size).toBe(expectedCount);
      assertStrictlyIncreasing(seen);
      for (const name of streams) {
        const versions = seen.filter((e) => e.streamName === name).map((e) => e.streamVersion);
        expect(versions).toEqual(versions.map((_, i) => BigInt(i)));
      }
      const stored = (await readEverything(store)).filter((e) => streams.includes(e.streamName));
      expect(seen.map((e) => e.id)).toEqual(stored.map((e) => e.id));
    });
  });

  describe('subscriptions', () => {
    it('catches up, then follows live, then resumes after a checkpoint', async () => {
      const name = stream();
      await store.appendToStream(name, numberedEvents('x', 3), { expectedVersion: 'no_stream' });
      const seen: RecordedEvent[] = [];
      const subscription = store.subscribeToAll({ fromPosition: 'start' }, async (events) => {
        seen.push(...events.filter((e) => e.streamName === name));
      });
      await eventually(() => seen.length === 3);
      await store.appendToStream(name, numberedEvents('x', 2), { expectedVersion: 2n });
      await eventually(() => seen.length === 5);
      await subscription.stop();

      const resumed: RecordedEvent[] = [];
      const again = store.subscribeToAll({ fromPosition: seen[2].position }, async (events) => {
        resumed.push(...events.filter((e) => e.streamName === name));
      });
      await eventually(() => resumed.length === 2);
      await again.stop();
      expect(resumed.map((e) => e.id)).toEqual(seen.slice(3).map((e) => e.id));
    });

    it('stops and reports the error when the handler throws', async () => {
      await store.appendToStream(stream(), numberedEvents('x', 1), { expectedVersion: 'no_stream' });
      const subscription = store.subscribeToAll({ fromPosition: 'start' }, async () => {
        throw new Error('handler broke');
      });
      await expect(subscription.finished).rejects.toThrow('handler broke');
    });
  });

  describe('upcasting', () => {
    it('lets readers see an old schema version in the current shape', async () => {
      const upcasting = withUpcasting(store, [{ type: 'customer.renamed', fromSchemaVersion: 1, upcast: (data) => ({ fullName: (data as { name: string }).name }) }]);
      const name = stream();
      await upcasting.appendToStream(name, [anEvent('customer.renamed', { name: 'Ada' })], { expectedVersion: 'no_stream' });
      const [event] = await upcasting.readStream(name);
      expect(event.data).toEqual({ fullName: 'Ada' });
      expect(event.metadata.schemaVersion).toBe(2);
      expect((await store.readStream(name))[0].data).toEqual({ name: 'Ada' });
    });
  });
}

async function readEverything(store: EventStore, pageSize = 1_000): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({ fromPosition: all[all.length - 1]?.position, maxCount: pageSize });
    if (page.length === 0) return all;
    all.push(...page);
  }
}

function assertStrictlyIncreasing(events: RecordedEvent[]): void {
  for (let i = 1; i < events.length; i++) expect(comparePositions(events[i - 1].position, events[i].position)).toBe(-1);
}
