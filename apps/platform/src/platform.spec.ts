import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Topics } from '@referral-ledger/contracts';
import { kafkaSettingsFor, KafkaMessageConsumer, type IncomingMessage } from '@referral-ledger/messaging';
import { createLogger, loadConfig } from '@referral-ledger/service-kit';
import { anEvent, createTestDatabase, describeWith, eventually, serverAddress } from '@referral-ledger/testing';
import { hostConfigSchema } from '@referral-ledger/service-host';
import { startPlatform, type RunningPlatform } from './platform';

const logger = createLogger('silent', 'test');

describe('the platform in embedded mode (npm start)', () => {
  let dataDir: string;
  let platform: RunningPlatform;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'referral-ledger-'));
    platform = await startPlatform(loadConfig(hostConfigSchema, { PORT: '0', DATA_DIR: dataDir }), logger);
  });
  afterAll(async () => {
    await platform.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves health and metrics over HTTP on its embedded database', async () => {
    await request(platform.url).get('/health/live').expect(200);
    const ready = await request(platform.url).get('/health/ready').expect(200);
    expect(ready.body.details.database.status).toBe('up');
    const metrics = await request(platform.url).get('/metrics').expect(200);
    expect(metrics.text).toContain('http_request_duration_seconds');
  });

  it('generates one API key per role when none are configured', () => {
    expect(platform.apiKeys.map((k) => k.role)).toEqual(['admin', 'integration', 'finance', 'analyst']);
    expect(new Set(platform.apiKeys.map((k) => k.key)).size).toBe(4);
  });

  it('refuses a second start on the same DATA_DIR, naming the process that holds it', async () => {
    await expect(startPlatform(loadConfig(hostConfigSchema, { PORT: '0', DATA_DIR: dataDir }), logger)).rejects.toThrow(
      new RegExp(`${dataDir}.* in use by another Referral Ledger process \\(pid ${process.pid}\\)`),
    );
    await request(platform.url).get('/health/ready').expect(200);
  });
});

describeWith(['postgres', 'kafka'], 'the platform against Postgres and Kafka (DATABASE_URL, KAFKA_BROKERS)', () => {
  it('relays stored events to the public Kafka topic', async () => {
    const database = await createTestDatabase('platform');
    const brokers = serverAddress('kafka') as string;
    const onMockBroker = !process.env.KAFKA_BROKERS;
    const platform = await startPlatform(
      loadConfig(hostConfigSchema, {
        PORT: '0',
        DATABASE_URL: database.url,
        KAFKA_BROKERS: brokers,
        KAFKA_IDEMPOTENT_PRODUCER: String(!onMockBroker),
        KAFKA_AUTO_CREATE_TOPICS: 'true',
      }),
      logger,
    );
    const received: IncomingMessage[] = [];
    const consumer = await KafkaMessageConsumer.start(
      kafkaSettingsFor(brokers, 'platform-test', { idempotentProducer: !onMockBroker, autoCreateTopics: true }),
      { groupId: `probe-${randomUUID()}`, topics: [Topics.rewards] },
      { receive: async (batch) => void received.push(...batch.map((message) => ({ ...message.received, value: message.received.value ?? null }))) },
    );
    try {
      const rewardId = randomUUID();
      const at = '2026-03-02T09:00:00.000Z';
      const entry = {
        entryId: `${rewardId}:grant`,
        kind: 'grant',
        reference: rewardId,
        postings: [
          { account: 'program:p-1:expense:EUR', unit: 'EUR', amount: 500 },
          { account: 'customer:c-1:pending:EUR', unit: 'EUR', amount: -500 },
        ],
        bookedAt: at,
        reverses: null,
      };
      const granted = {
        rewardId,
        referralId: randomUUID(),
        programId: 'p-1',
        beneficiaryId: 'c-1',
        role: 'referrer',
        kind: 'credit',
        unit: 'EUR',
        amount: 500,
        releasableAt: at,
        entry,
        grantedAt: at,
      };
      const event = anEvent('reward.granted', granted);
      await platform.infrastructure.store.appendToStream(`reward-${rewardId}`, [event], { expectedVersion: 'no_stream' });
      await eventually(() => received.some((m) => m.key === rewardId), 30_000);
      const ready = await request(platform.url).get('/health/ready').expect(200);
      expect(ready.body.details).toEqual({ database: { status: 'up' }, kafka: { status: 'up' }, pipeline: expect.objectContaining({ status: 'up', deadLetters: 0 }) });
    } finally {
      await consumer.stop();
      await platform.stop();
      await database.drop();
    }
  });
});
