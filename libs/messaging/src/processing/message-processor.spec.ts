import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { AmbientEventStore, InMemoryEventStore, type EventStore } from '@referral-ledger/event-store';
import { createPool, migrate } from '@referral-ledger/postgres';
import { createTestDatabase, describeWith, eventually, type TestDatabase } from '@referral-ledger/testing';
import { PostgresDeadLetters } from '../dead-letters/dead-letters';
import type { EventEnvelope } from '../envelope/event-envelope';
import { anEnvelope } from '../test-support/kafka-fixtures';
import { MESSAGING_MIGRATIONS } from '../schema';
import { DeferredMessages } from './deferred-messages';
import { MessageProcessor, type EventHandler } from './message-processor';
import { NotYetApplicableError } from './not-yet-applicable-error';

describeWith(['postgres'], 'MessageProcessor: a message that needs what another key brings', () => {
  let database: TestDatabase;
  let pool: Pool;
  beforeAll(async () => {
    database = await createTestDatabase('message-processor');
    pool = createPool(database.url);
    await migrate(pool, [MESSAGING_MIGRATIONS]);
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  /** `fact.recorded` (keyed by customer) records a fact; `fact.used` (keyed by referral) needs it, or is too early. */
  function processorOver(store: AmbientEventStore, consumer: string, deferred: DeferredMessages, now?: () => Date) {
    // Slower than its neighbour, as a real handler with more to read would be.
    const record: EventHandler = async (event: EventEnvelope) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      await store.appendToStream(
        `fact-${event.subject}`,
        [{ id: event.id, type: 'fact.recorded', data: {}, metadata: { correlationId: 'c', causationId: null, occurredAt: event.time, schemaVersion: 1, actor: 'test' } }],
        { expectedVersion: 'any' },
      );
    };
    // The customer it needs travels as its correlation id, to keep the test's messages schema-free.
    const use: EventHandler = async (event: EventEnvelope) => {
      const customerId = event.correlationid;
      if ((await store.readStream(`fact-${customerId}`)).length === 0) throw new NotYetApplicableError(customerId, `no fact for ${customerId} yet`);
      await store.appendToStream(
        `use-${event.subject}`,
        [{ id: event.id, type: 'fact.used', data: {}, metadata: { correlationId: 'c', causationId: null, occurredAt: event.time, schemaVersion: 1, actor: 'test' } }],
        { expectedVersion: 'any' },
      );
    };
    return new MessageProcessor({
      consumer,
      handlers: new Map([
        ['fact.recorded', record],
        ['fact.used', use],
      ]),
      deadLetters: new PostgresDeadLetters(pool),
      deferred,
      scope: store,
      now,
    });
  }
  const message = (type: string, key: string, customerId: string) => ({
    envelope: anEnvelope(type, {}, { subject: key, correlationid: customerId }),
    received: { topic: 'facts', key, headers: {} },
  });
  const waiting = async (consumer: string) => (await pool.query('SELECT message_key FROM messaging.deferred_messages WHERE consumer = $1', [consumer])).rows;

  it('handles it after the rest of its batch instead of making it wait, when the batch brings what it needs', async () => {
    const base: EventStore = new InMemoryEventStore();
    const store = new AmbientEventStore(base);
    const deferred = new DeferredMessages(pool);
    const defer = jest.spyOn(deferred, 'defer');
    await processorOver(store, 'same-batch', deferred).receive([message('fact.used', 'referral-1', 'ada'), message('fact.recorded', 'ada', 'ada')]);
    expect(defer).not.toHaveBeenCalled();
    expect(await base.readStream('use-referral-1')).toHaveLength(1);
  });

  it('makes it wait when nothing in the batch brings it, and applies it once a later batch does', async () => {
    const base: EventStore = new InMemoryEventStore();
    const store = new AmbientEventStore(base);
    const processor = processorOver(store, 'later-batch', new DeferredMessages(pool));
    await processor.receive([message('fact.used', 'referral-2', 'bob')]);
    expect(await waiting('later-batch')).toEqual([{ message_key: 'referral-2' }]);
    await processor.receive([message('fact.recorded', 'bob', 'bob')]);
    expect(await waiting('later-batch')).toEqual([]);
    expect(await base.readStream('use-referral-2')).toHaveLength(1);
  });

  it('looks again shortly after deferring, so what another partition committed meanwhile releases it', async () => {
    const base: EventStore = new InMemoryEventStore();
    const store = new AmbientEventStore(base);
    await processorOver(store, 'recheck', new DeferredMessages(pool)).receive([message('fact.used', 'referral-3', 'cara')]);
    expect(await waiting('recheck')).toEqual([{ message_key: 'referral-3' }]);
    // The fact arrives through another partition's batch, which found nothing waiting when it looked.
    await base.appendToStream(
      'fact-cara',
      [
        {
          id: randomUUID(),
          type: 'fact.recorded',
          data: {},
          metadata: { correlationId: 'c', causationId: null, occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1, actor: 'test' },
        },
      ],
      {
        expectedVersion: 'no_stream',
      },
    );
    await eventually(async () => (await base.readStream('use-referral-3')).length === 1, 5_000);
    expect(await waiting('recheck')).toEqual([]);
  });

  it('keeps its first deadline when it is looked at again, so it is dead-lettered on time', async () => {
    const clock = { now: new Date('2026-01-01T00:00:00Z') };
    const processor = processorOver(new AmbientEventStore(new InMemoryEventStore()), 'deadline', new DeferredMessages(pool), () => clock.now);
    await processor.receive([message('fact.used', 'referral-4', 'dan')]);
    const firstDeadline = (await pool.query("SELECT expires_at FROM messaging.deferred_messages WHERE consumer = 'deadline'")).rows;
    clock.now = new Date('2026-01-02T01:00:00Z');
    // The look shortly after deferring takes it out and, still too early, puts it back.
    await eventually(async () => (await pool.query("SELECT 1 FROM messaging.deferred_messages WHERE consumer = 'deadline' AND headers ? 'x-rechecked'")).rowCount === 1, 5_000);
    expect((await pool.query("SELECT expires_at FROM messaging.deferred_messages WHERE consumer = 'deadline'")).rows).toEqual(firstDeadline);
    expect(await processor.sweepExpired()).toBe(1);
    const { rows: letters } = await pool.query("SELECT headers FROM messaging.dead_letters WHERE consumer = 'deadline'");
    expect(letters).toHaveLength(1);
    expect(letters[0].headers).not.toHaveProperty('x-waits-until');
  });
});
