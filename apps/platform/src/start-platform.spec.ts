import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Topics } from '@referral-ledger/contracts';
import { decodeEnvelope, kafkaSettingsFor, KafkaMessageConsumer, type IncomingMessage } from '@referral-ledger/messaging';
import { createLogger, loadConfig } from '@referral-ledger/service-kit';
import { deterministicEventId } from '@referral-ledger/event-store';
import { rewardIdOf } from '@referral-ledger/rewards-service';
import { ControllableClock, anEvent, createTestDatabase, describeWith, eventually, serverAddress } from '@referral-ledger/testing';
import { platformConfigSchema } from './platform-config';
import { startPlatform, type RunningPlatform } from './start-platform';

const logger = createLogger('silent', 'test');

describe('the platform in embedded mode (npm start)', () => {
  const clock = new ControllableClock(new Date());
  let dataDir: string;
  let platform: RunningPlatform;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'referral-ledger-'));
    platform = await startPlatform(loadConfig(platformConfigSchema, { PORT: '0', DATA_DIR: dataDir }), logger, clock.now);
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

  it('runs a referral: program, referrer, share link, signup and payment through POST /v1/platform-events', async () => {
    const as = (role: string) => ({ Authorization: `Bearer ${platform.apiKeys.find((k) => k.role === role)?.key}` });
    const program = await request(platform.url)
      .post('/v1/programs')
      .set(as('admin'))
      .send({
        name: 'Partners',
        landingUrl: 'https://example.com/pricing',
        currency: 'EUR',
        attribution: { windowDays: 30, model: 'last_touch' },
        trigger: 'first_payment',
        holdDays: 0,
        referrerReward: { kind: 'credit', amount: 10_000 },
        refereeReward: { kind: 'credit', amount: 5_000 },
      })
      .expect(201);
    const kit = await request(platform.url).post(`/v1/programs/${program.body.id}/referrers`).set(as('integration')).send({ customerId: 'alice', email: 'alice@example.com' }).expect(201);
    const redirect = await request(platform.url).get(new URL(kit.body.link).pathname).expect(302);
    const clickId = new URL(redirect.headers.location).searchParams.get('click_id');
    expect(redirect.headers.location).toMatch(new RegExp(`^https://example.com/pricing\\?ref=${kit.body.code}&click_id=`));

    const minutesFromNow = (minutes: number) => new Date(clock.now().getTime() + minutes * 60_000).toISOString();
    const send = (type: string, data: object, time = minutesFromNow(10)) => {
      const envelope = { specversion: '1.0', id: randomUUID(), type, source: '/billing', subject: 'bob', time, datacontenttype: 'application/json', data, correlationid: randomUUID(), schemaversion: 1 };
      return request(platform.url).post('/v1/platform-events').set(as('integration')).send(envelope).expect(202).then(() => envelope.id);
    };
    const signupId = await send('customer.signed_up', { customerId: 'bob', email: 'bob@example.org', clickId });
    clock.advance(61 * 60_000);
    await send('payment.succeeded', { customerId: 'bob', paymentId: 'pay-1', amount: 129_900, currency: 'EUR' }, minutesFromNow(-1));
    const referralStream = `referral-${deterministicEventId('referral', signupId)}`;
    const referral = await eventually(async () => {
      const events = await platform.infrastructure.store.readStream(referralStream);
      return events.length === 2 && events;
    });
    expect(referral.map((e) => e.type)).toEqual(['referral.attributed', 'referral.converted']);
    expect(referral[0].data).toMatchObject({ referrerId: 'alice', refereeId: 'bob', channel: 'link', clickId });
    expect(referral[1].data).toMatchObject({ payment: { paymentId: 'pay-1', amount: 129_900, currency: 'EUR' } });

    // Both sides rewarded, and with no hold and fraud clear, available at once.
    for (const [role, beneficiary, amount] of [['referrer', 'alice', 10_000], ['referee', 'bob', 5_000]] as const) {
      const reward = await eventually(async () => {
        const events = await platform.infrastructure.store.readStream(`reward-${rewardIdOf(deterministicEventId('referral', signupId), role)}`);
        return events.length === 2 && events;
      });
      expect(reward.map((e) => e.type)).toEqual(['reward.granted', 'reward.released']);
      expect(reward[0].data).toMatchObject({ beneficiaryId: beneficiary, role, unit: 'EUR', amount });
    }

    const risk = await eventually(async () => (await platform.infrastructure.store.readStream(`risk-${deterministicEventId('referral', signupId)}`))[0]);
    expect(risk).toMatchObject({ type: 'risk.assessed', data: { decision: 'clear', score: 0 } });

    const throwaway = await send('customer.signed_up', { customerId: 'carl', email: 'carl@mailinator.com', referralCode: kit.body.code });
    const throwawayReferral = deterministicEventId('referral', throwaway);
    const review = await eventually(async () => {
      const events = await platform.infrastructure.store.readStream(`risk-${throwawayReferral}`);
      return events.length === 2 && events;
    });
    expect(review.map((e) => e.type)).toEqual(['risk.assessed', 'review.opened']);
    expect(review[0].data).toMatchObject({ decision: 'review', rules: ['disposable_email'] });

    const selfReferral = await send('customer.signed_up', { customerId: 'alice-2', email: 'Alice@Example.com', referralCode: kit.body.code.toLowerCase() });
    const rejected = await eventually(async () => (await platform.infrastructure.store.readStream(`referral-${deterministicEventId('referral', selfReferral)}`))[0]);
    expect(rejected).toMatchObject({ type: 'referral.rejected', data: { reason: 'self_referral' } });
  });

  it('refuses malformed platform events with 400 and dead-letters a payment that comes before its signup', async () => {
    const integration = { Authorization: `Bearer ${platform.apiKeys.find((k) => k.role === 'integration')?.key}` };
    const envelope = (type: string, data: object) => ({ specversion: '1.0', id: randomUUID(), type, source: '/billing', subject: 'x', time: new Date().toISOString(), data, correlationid: 'c', schemaversion: 1 });
    await request(platform.url).post('/v1/platform-events').set(integration).send({ hello: 'world' }).expect(400);
    await request(platform.url).post('/v1/platform-events').set(integration).send(envelope('payment.teleported', {})).expect(400);
    const bad = await request(platform.url).post('/v1/platform-events').set(integration).send(envelope('payment.succeeded', { customerId: 'c', paymentId: 'p', amount: 1.5, currency: 'EURO' })).expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['data.amount', 'data.currency']));

    await request(platform.url).post('/v1/platform-events').set(integration).send(envelope('payment.succeeded', { customerId: 'ghost', paymentId: 'p', amount: 100, currency: 'EUR' })).expect(202);
    const deadLetter = await eventually(async () => (await platform.infrastructure.pool.query(`SELECT error FROM messaging.dead_letters WHERE message_key = 'ghost'`)).rows[0]);
    expect(deadLetter.error).toBe('InvalidMessageError: payment.succeeded for customer ghost arrived before their customer.signed_up');
  });

  it('relays stored events of public types to their topic on the in-process bus', async () => {
    const received: IncomingMessage[] = [];
    platform.infrastructure.bus?.subscribe('probe', [Topics.attribution], { process: async (message) => received.push(message) });
    const referralId = randomUUID();
    const event = anEvent('referral.attributed', { referralId });
    await platform.infrastructure.store.appendToStream(`referral-${referralId}`, [event, anEvent('internal.bookkeeping', {})], { expectedVersion: 'no_stream' });
    await eventually(() => received.some((m) => m.key === referralId));
    await platform.infrastructure.bus?.drain();
    const ours = received.filter((m) => m.key === referralId);
    expect(ours).toHaveLength(1);
    expect(decodeEnvelope(ours[0].value)).toMatchObject({ id: event.id, type: 'referral.attributed', subject: referralId });
  });
});

describeWith(['postgres', 'kafka'], 'the platform against Postgres and Kafka (DATABASE_URL, KAFKA_BROKERS)', () => {
  it('relays stored events to the public Kafka topic', async () => {
    const database = await createTestDatabase('platform');
    const brokers = serverAddress('kafka') as string;
    const onMockBroker = !process.env.KAFKA_BROKERS;
    const platform = await startPlatform(loadConfig(platformConfigSchema, { PORT: '0', DATABASE_URL: database.url, KAFKA_BROKERS: brokers, KAFKA_IDEMPOTENT_PRODUCER: String(!onMockBroker), KAFKA_AUTO_CREATE_TOPICS: 'true' }), logger);
    const received: IncomingMessage[] = [];
    const consumer = await KafkaMessageConsumer.start(
      kafkaSettingsFor(brokers, 'platform-test', { idempotentProducer: !onMockBroker, autoCreateTopics: true }),
      { groupId: `probe-${randomUUID()}`, topics: [Topics.rewards] },
      { process: async (message) => received.push(message) },
    );
    try {
      const rewardId = randomUUID();
      const event = anEvent('reward.granted', { rewardId });
      await platform.infrastructure.store.appendToStream(`reward-${rewardId}`, [event], { expectedVersion: 'no_stream' });
      await eventually(() => received.some((m) => m.key === rewardId), 30_000);
      const ready = await request(platform.url).get('/health/ready').expect(200);
      expect(ready.body.details).toEqual({ database: { status: 'up' }, kafka: { status: 'up' } });
    } finally {
      await consumer.stop();
      await platform.stop();
      await database.drop();
    }
  });
});
