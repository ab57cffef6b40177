import type { Pool } from 'pg';
import { createPool, migrate } from '@referral-ledger/postgres';
import { createTestDatabase, describeWith, type TestDatabase } from '@referral-ledger/testing';
import { InProcessBus } from '../in-process/in-process-bus';
import { MessageProcessor } from '../processing/message-processor';
import { MESSAGING_MIGRATIONS } from '../schema';
import { anEnvelope } from '../test-support/kafka-fixtures';
import { encodeEnvelope } from '../envelope/event-envelope';
import { PostgresDeadLetterSink } from './dead-letter-sink';

describeWith(['postgres'], 'PostgresDeadLetterSink (embedded DLQ)', () => {
  let database: TestDatabase;
  let pool: Pool;
  beforeAll(async () => {
    database = await createTestDatabase('dead_letters');
    pool = createPool(database.url);
    await migrate(pool, 'messaging', MESSAGING_MIGRATIONS);
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  it('keeps what the in-process bus could not deliver, with the original bytes and the reason', async () => {
    const bus = new InProcessBus();
    const failedAt = new Date('2026-05-01T12:00:00Z');
    bus.subscribe('fraud', ['referrals.attribution.v1'], new MessageProcessor({
      consumer: 'fraud',
      handlers: new Map([['referral.attributed', async () => { throw new Error('scoring service down'); }]]),
      deadLetters: new PostgresDeadLetterSink(pool, () => failedAt),
      retry: { attempts: 2, initialDelayMs: 1 },
    }));
    const value = encodeEnvelope(anEnvelope('referral.attributed', { referralId: 'r1' }));
    await bus.publish([{ topic: 'referrals.attribution.v1', key: 'r1', value, headers: { 'content-type': 'application/cloudevents+json' } }, { topic: 'referrals.attribution.v1', key: 'r2', value: Buffer.from('garbage'), headers: {} }]);
    await bus.drain();
    const { rows } = await pool.query('SELECT source_topic, message_key, value, error, failed_at FROM messaging.dead_letters ORDER BY id');
    expect(rows).toEqual([
      { source_topic: 'referrals.attribution.v1', message_key: 'r1', value, error: 'Error: scoring service down', failed_at: failedAt },
      { source_topic: 'referrals.attribution.v1', message_key: 'r2', value: Buffer.from('garbage'), error: 'InvalidMessageError: not JSON', failed_at: failedAt },
    ]);
  });
});
