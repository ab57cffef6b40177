/**
 * Latency from `payment.succeeded` to the referrer's reward being available (hold 0), median over 100
 * referrals. `npm run bench:latency -- embedded` (PGlite, in-process bus) or `-- distributed` (four
 * services as separate Nest apps, scratch database on the local Postgres, Kafka = the mock broker or KAFKA_BROKERS).
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { analyticsService } from '@referral-ledger/analytics-service';
import { attributionService } from '@referral-ledger/attribution-service';
import { Topics } from '@referral-ledger/contracts';
import { fraudService } from '@referral-ledger/fraud-service';
import { CLOUDEVENTS_CONTENT_TYPE, KafkaPublisher, encodeEnvelope, kafkaSettingsFor } from '@referral-ledger/messaging';
import { rewardIdOf, rewardsService } from '@referral-ledger/rewards-service';
import { hostConfigSchema, startServices, type RunningServices } from '@referral-ledger/service-host';
import { createLogger, loadConfig } from '@referral-ledger/service-kit';
import { KafkaTestBroker, aProgramDefinition } from '@referral-ledger/testing';

const REFERRALS = Number(process.env.REFERRALS ?? 100);
const KEYS = 'admin:admin-key-0123456789,integration:integration-key-0123';
const auth = (role: 'admin' | 'integration') => ({
  Authorization: `Bearer ${
    KEYS.split(',')
      .find((k) => k.startsWith(role))
      ?.split(':')[1]
  }`,
  'Content-Type': 'application/json',
});
const SERVICES = [attributionService, fraudService, rewardsService, analyticsService];

interface Setup {
  /** Where programs and referrers are created. */
  rewardsUrl: string;
  attributionUrl: string;
  store: RunningServices['infrastructure']['store'];
  send(type: string, data: { customerId: string } & Record<string, unknown>): Promise<void>;
  stop(): Promise<void>;
}

async function post(url: string, role: 'admin' | 'integration', body: object): Promise<Record<string, string>> {
  const response = await fetch(url, { method: 'POST', headers: auth(role), body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, string>;
}

const envelope = (type: string, data: { customerId: string }) => ({
  specversion: '1.0' as const,
  id: randomUUID(),
  type,
  source: '/bench',
  subject: data.customerId,
  time: new Date().toISOString(),
  datacontenttype: 'application/json' as const,
  data,
  correlationid: randomUUID(),
  schemaversion: 1,
});

async function embedded(): Promise<Setup> {
  const dataDir = mkdtempSync(join(tmpdir(), 'referral-latency-'));
  const platform = await startServices(SERVICES, loadConfig(hostConfigSchema, { PORT: '0', DATA_DIR: dataDir, API_KEYS: KEYS }), createLogger('silent', 'bench'));
  return {
    rewardsUrl: platform.url,
    attributionUrl: platform.url,
    store: platform.infrastructure.store,
    send: async (type, data) => void (await post(`${platform.url}/v1/platform-events`, 'integration', envelope(type, data))),
    stop: async () => {
      await platform.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function distributed(): Promise<Setup> {
  const admin = process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `rl_latency_${randomBytes(4).toString('hex')}`;
  const adminQuery = async (sql: string) => {
    const client = new Client({ connectionString: admin });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await adminQuery(`CREATE DATABASE ${name}`);
  const databaseUrl = Object.assign(new URL(admin), { pathname: `/${name}` }).toString();
  const broker = process.env.KAFKA_BROKERS ? undefined : await KafkaTestBroker.start();
  const brokers = process.env.KAFKA_BROKERS ?? (broker as KafkaTestBroker).bootstrapServers.join(',');
  const environment = {
    PORT: '0',
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: brokers,
    KAFKA_IDEMPOTENT_PRODUCER: String(!broker),
    KAFKA_AUTO_CREATE_TOPICS: 'true',
    ...(broker ? { KAFKA_FETCH_MAX_WAIT_MS: '10' } : {}),
    API_KEYS: KEYS,
  };
  const hosts: RunningServices[] = [];
  for (const service of SERVICES) hosts.push(await startServices([service], loadConfig(hostConfigSchema, environment), createLogger('silent', service.name)));
  const publisher = await KafkaPublisher.connect(kafkaSettingsFor(brokers, 'bench', { idempotentProducer: !broker, autoCreateTopics: true }));
  return {
    attributionUrl: hosts[0].url,
    rewardsUrl: hosts[2].url,
    store: hosts[0].infrastructure.store,
    send: (type, data) =>
      publisher.publish([
        { topic: Topics.customerEvents, key: data.customerId, value: encodeEnvelope(envelope(type, data)), headers: { 'content-type': CLOUDEVENTS_CONTENT_TYPE } },
      ]),
    stop: async () => {
      await publisher.disconnect();
      for (const host of hosts) await host.stop();
      await broker?.stop();
      await adminQuery(`DROP DATABASE ${name} WITH (FORCE)`);
    },
  };
}

async function until(probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

async function main(): Promise<void> {
  const mode = process.argv[2] === 'distributed' ? 'distributed' : 'embedded';
  const setup = mode === 'distributed' ? await distributed() : await embedded();
  try {
    const program = await post(`${setup.rewardsUrl}/v1/programs`, 'admin', aProgramDefinition({ name: 'Latency' }));
    const kit = await post(`${setup.attributionUrl}/v1/programs/${program.id}/referrers`, 'integration', { customerId: 'referrer', email: 'referrer@example.com' });
    const latencies: number[] = [];
    for (let i = 0; i < REFERRALS; i++) {
      const friend = `friend-${i}`;
      await setup.send('customer.signed_up', { customerId: friend, email: `${friend}@example.org`, referralCode: kit.code });
      // Signups are attributed and screened first; the clock starts with the payment.
      await until(async () => (await setup.store.readStream(`customer-${friend}`)).length >= 2);
      const started = performance.now();
      await setup.send('payment.succeeded', { customerId: friend, paymentId: `pay-${i}`, amount: 100_000, currency: 'EUR' });
      const customer = await setup.store.readStream(`customer-${friend}`);
      const referralId = (customer[1].data as { referralId: string }).referralId;
      await until(async () => (await setup.store.readStream(`reward-${rewardIdOf(referralId, 'referrer')}`)).some((e) => e.type === 'reward.released'));
      latencies.push(performance.now() - started);
    }
    latencies.sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(1);
    console.log(`payment.succeeded → reward available, ${mode} mode, ${REFERRALS} referrals: median ${at(0.5)} ms, p90 ${at(0.9)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms`);
  } finally {
    await setup.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
