import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { analyticsService } from '@referral-ledger/analytics-service';
import { attributionService } from '@referral-ledger/attribution-service';
import { Topics } from '@referral-ledger/contracts';
import { fraudService } from '@referral-ledger/fraud-service';
import { CLOUDEVENTS_CONTENT_TYPE, KafkaPublisher, encodeEnvelope, kafkaSettingsFor } from '@referral-ledger/messaging';
import { rewardsService } from '@referral-ledger/rewards-service';
import { hostConfigSchema, startServices, type RunningServices, type ServiceDefinition } from '@referral-ledger/service-host';
import { createLogger, loadConfig } from '@referral-ledger/service-kit';
import { ControllableClock, aProgramDefinition, createTestDatabase, describeWith, eventually, serverAddress, type TestDatabase } from '@referral-ledger/testing';

/** Issue 3's path with each service in its own Nest application and its own database, talking only through the public topics. */
describeWith(['postgres', 'kafka'], 'a referral across four separately started services (distributed mode)', () => {
  const clock = new ControllableClock('2026-03-02T09:00:00Z');
  const keys = 'admin:admin-key-0123456789,integration:integration-key-0123,analyst:analyst-key-0123456';
  const as = (role: 'admin' | 'integration' | 'analyst') => ({
    Authorization: `Bearer ${
      keys
        .split(',')
        .find((k) => k.startsWith(role))
        ?.split(':')[1]
    }`,
  });
  const onMockBroker = !process.env.KAFKA_BROKERS;
  const databases: TestDatabase[] = [];
  let services: Record<'attribution' | 'fraud' | 'rewards' | 'analytics', RunningServices>;
  let publisher: KafkaPublisher;

  beforeAll(async () => {
    const environment = {
      PORT: '0',
      KAFKA_BROKERS: serverAddress('kafka') as string,
      KAFKA_IDEMPOTENT_PRODUCER: String(!onMockBroker),
      KAFKA_AUTO_CREATE_TOPICS: 'true',
      API_KEYS: keys,
      HOLD_SWEEP_INTERVAL_MS: '100',
    };
    const start = async (service: ServiceDefinition) => {
      const database = await createTestDatabase(`distributed-${service.name}`);
      databases.push(database);
      return startServices([service], loadConfig(hostConfigSchema, { ...environment, DATABASE_URL: database.url }), createLogger('silent', service.name), clock.now);
    };
    const [attribution, fraud, rewards, analytics] = await Promise.all([start(attributionService), start(fraudService), start(rewardsService), start(analyticsService)]);
    services = { attribution, fraud, rewards, analytics };
    publisher = await KafkaPublisher.connect(kafkaSettingsFor(environment.KAFKA_BROKERS, 'the-platform', { idempotentProducer: !onMockBroker, autoCreateTopics: true }));
  });
  afterAll(async () => {
    await publisher?.disconnect();
    for (const running of Object.values(services ?? {})) await running.stop();
    await Promise.all(databases.map((database) => database.drop()));
  });

  const platformEvent = (type: string, data: { customerId: string } & Record<string, unknown>) =>
    publisher.publish([
      {
        topic: Topics.customerEvents,
        key: data.customerId,
        headers: { 'content-type': CLOUDEVENTS_CONTENT_TYPE },
        value: encodeEnvelope({
          specversion: '1.0',
          id: randomUUID(),
          type,
          source: '/billing',
          subject: data.customerId,
          time: clock.now().toISOString(),
          datacontenttype: 'application/json',
          data,
          correlationid: randomUUID(),
          schemaversion: 1,
        }),
      },
    ]);

  it('rewards both sides and counts the conversion, driven through platform.customer-events.v1', async () => {
    const program = await request(services.rewards.url).post('/v1/programs').set(as('admin')).send(aProgramDefinition()).expect(201);
    const kit = await request(services.attribution.url)
      .post(`/v1/programs/${program.body.id}/referrers`)
      .set(as('integration'))
      .send({ customerId: 'alice', email: 'alice@example.com' })
      .expect(201);

    await platformEvent('customer.signed_up', { customerId: 'bob', email: 'bob@example.org', referralCode: kit.body.code });
    clock.advance(60 * 60_000);
    await platformEvent('payment.succeeded', { customerId: 'bob', paymentId: 'pay-1', amount: 129_900, currency: 'EUR' });

    const balance = async (customerId: string) => (await request(services.rewards.url).get(`/v1/customers/${customerId}/balance`).set(as('integration')).expect(200)).body.balances;
    const settled = async (customerId: string, available: number) => eventually(async () => (await balance(customerId))[0]?.available === available && balance(customerId), 60_000);
    expect(await settled('alice', 10_000)).toEqual([{ unit: 'EUR', pending: 0, available: 10_000, redeemed: 0 }]);
    expect(await settled('bob', 5_000)).toEqual([{ unit: 'EUR', pending: 0, available: 5_000, redeemed: 0 }]);

    const kpis = await eventually(async () => {
      const response = await request(services.analytics.url).get(`/v1/kpis?programId=${program.body.id}&from=2026-03-02&to=2026-03-02`).set(as('analyst')).expect(200);
      return response.body.rows[0]?.rewardCostMinor === 15_000 && response.body.rows;
    }, 30_000);
    expect(kpis).toEqual([
      { day: '2026-03-02', clicks: 0, signups: 1, qualified: 0, conversions: 1, rejected: 0, fraudRejected: 0, rewardCostMinor: 15_000, revenueMinor: 129_900 },
    ]);
    await request(services.rewards.url).get('/v1/kpis?from=2026-03-02&to=2026-03-02').set(as('analyst')).expect(404);
  });
});
