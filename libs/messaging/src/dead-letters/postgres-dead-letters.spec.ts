import type { Pool } from 'pg';
import { createPool, migrate } from '@referral-ledger/postgres';
import { createTestDatabase, describeWith, type TestDatabase } from '@referral-ledger/testing';
import { encodeEnvelope, type EventEnvelope } from '../envelope/event-envelope';
import type { IncomingMessage } from '../message';
import { DeferredMessages } from '../processing/deferred-messages';
import { MessageProcessor, type EventHandler } from '../processing/message-processor';
import { NotYetApplicableError } from '../processing/not-yet-applicable-error';
import { PostgresProcessedMessages } from '../processing/processed-messages';
import { MESSAGING_MIGRATIONS } from '../schema';
import { anEnvelope } from '../test-support/kafka-fixtures';
import { PostgresDeadLetters } from './dead-letters';

describeWith(['postgres'], 'MessageProcessor with Postgres dead letters and deferral', () => {
  let database: TestDatabase;
  let pool: Pool;
  let now: Date;
  beforeAll(async () => {
    database = await createTestDatabase('dead_letters');
    pool = createPool(database.url);
    await migrate(pool, [MESSAGING_MIGRATIONS]);
  });
  beforeEach(async () => {
    now = new Date('2026-05-01T12:00:00Z');
    await pool.query('TRUNCATE messaging.dead_letters, messaging.deferred_messages');
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  const message = (envelope: EventEnvelope): IncomingMessage => ({
    topic: 'platform.customer-events.v1',
    key: (envelope.data as { customerId: string }).customerId,
    value: encodeEnvelope(envelope),
    headers: {},
  });
  const processor = (handlers: Record<string, EventHandler>) =>
    new MessageProcessor({
      consumer: 'attribution',
      handlers: new Map(Object.entries(handlers)),
      deadLetters: new PostgresDeadLetters(pool, () => now),
      deferred: new DeferredMessages(pool),
      outOfOrderWaitMs: 60_000,
      retry: { attempts: 2, initialDelayMs: 1 },
      now: () => now,
    });

  it('keeps what could not be handled, with the original bytes, the consumer and the reason', async () => {
    const failing = processor({
      'payment.succeeded': async () => {
        throw new Error('scoring service broke');
      },
    });
    const valid = message(anEnvelope('payment.succeeded', { customerId: 'c1' }));
    const garbage: IncomingMessage = { topic: 'platform.customer-events.v1', key: 'c2', value: Buffer.from('garbage'), headers: {} };
    expect(await failing.process(valid)).toBe('dead-lettered');
    expect(await failing.process(garbage)).toBe('dead-lettered');
    const letters = await new PostgresDeadLetters(pool).list({ open: true });
    expect(letters.map((l) => [l.consumer, l.message.key, l.message.value, l.error, l.failedAt])).toEqual([
      ['attribution', 'c1', valid.value, 'Error: scoring service broke', now],
      ['attribution', 'c2', Buffer.from('garbage'), 'InvalidMessageError: not JSON', now],
    ]);
  });

  it('never dead-letters a valid message because the database was away: it retries until the outage is over', async () => {
    let calls = 0;
    const outage = processor({
      'payment.succeeded': async () => {
        if (++calls < 10) throw Object.assign(new Error('Connection terminated unexpectedly'), {});
      },
    });
    expect(await outage.process(message(anEnvelope('payment.succeeded', { customerId: 'c3' })))).toBe('handled');
    expect(calls).toBe(10);
    expect(await new PostgresDeadLetters(pool).list()).toEqual([]);
  });

  it('lets a payment that came before its signup wait, in order with what follows, and applies them after the signup', async () => {
    const known = new Set<string>();
    const handled: string[] = [];
    const afterSignup: EventHandler = async (event) => {
      const { customerId } = event.data as { customerId: string };
      if (!known.has(customerId)) throw new NotYetApplicableError(customerId, `${event.type} for ${customerId} before the signup`);
      handled.push(event.type);
    };
    const lifecycle = processor({
      'customer.signed_up': async (event) => {
        known.add((event.data as { customerId: string }).customerId);
        handled.push(event.type);
      },
      'payment.succeeded': afterSignup,
      'payment.refunded': afterSignup,
    });
    expect(await lifecycle.process(message(anEnvelope('payment.succeeded', { customerId: 'c4' })))).toBe('deferred');
    expect(await lifecycle.process(message(anEnvelope('payment.refunded', { customerId: 'c4' })))).toBe('deferred');
    expect(await lifecycle.process(message(anEnvelope('customer.signed_up', { customerId: 'c4' })))).toBe('handled');
    expect(handled).toEqual(['customer.signed_up', 'payment.succeeded', 'payment.refunded']);
    expect(await new DeferredMessages(pool).count()).toBe(0);
  });

  it('dead-letters a message that waited longer than allowed, saying what it waited for', async () => {
    const lifecycle = processor({
      'payment.succeeded': async () => {
        throw new NotYetApplicableError('c5', 'payment for c5 before the signup');
      },
    });
    expect(await lifecycle.process(message(anEnvelope('payment.succeeded', { customerId: 'c5' })))).toBe('deferred');
    expect(await lifecycle.sweepExpired()).toBe(0);
    now = new Date(now.getTime() + 61_000);
    expect(await lifecycle.sweepExpired()).toBe(1);
    const [letter] = await new PostgresDeadLetters(pool).list();
    expect(letter.error).toBe('InvalidMessageError: waited 60 s and still payment for c5 before the signup');
  });

  it('treats two systems that use the same id as two messages: identity is source + id', async () => {
    const seen: string[] = [];
    const dedupe = new MessageProcessor({
      consumer: 'identity',
      handlers: new Map([['customer.signed_up', async (event) => void seen.push(event.source)]]),
      deadLetters: new PostgresDeadLetters(pool),
      processed: new PostgresProcessedMessages(pool),
    });
    const first = anEnvelope('customer.signed_up', { customerId: 'c6' }, { id: 'evt-1', source: '/crm' });
    await dedupe.process(message(first));
    await dedupe.process(message(first));
    await dedupe.process(message({ ...first, source: '/billing' }));
    expect(seen).toEqual(['/crm', '/billing']);
  });
});
