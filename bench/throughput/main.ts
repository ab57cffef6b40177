/**
 * End-to-end throughput: referral flows (a signup with a code, then a payment) sent through
 * POST /v1/platform-events to a platform process, until every referrer reward is available (hold 0).
 *   npm run bench:throughput -- embedded   PGlite under a scratch DATA_DIR, consumer groups fed from the store
 *   npm run bench:throughput -- postgres   a scratch database on the local Postgres (or DATABASE_URL), store-fed
 *   npm run bench:throughput -- kafka      the same database plus Kafka: the test broker, or KAFKA_BROKERS
 * FLOWS (default 2000), CONCURRENCY (default 32); CPU_PROFILE_DIR=<dir> writes a V8 CPU profile of the platform.
 * The platform runs as `npm start` runs it: the JavaScript compiled into dist/ (the npm script builds it first).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { KafkaTestBroker, LOAD_API_KEYS, LOAD_KEYS, ReferralFlows, freePort, startPlatformProcess } from '@referral-ledger/testing';
import { scratchDatabase } from '../scratch-database';
import { PlatformMetrics } from '../platform-metrics';

const FLOWS = Number(process.env.FLOWS ?? 2_000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32);
const REFERRERS = 50;

async function main(): Promise<void> {
  const mode = process.argv[2] ?? 'embedded';
  if (!['embedded', 'postgres', 'kafka'].includes(mode)) throw new Error(`unknown mode ${mode}: embedded, postgres or kafka`);
  const dataDir = mkdtempSync(join(tmpdir(), 'referral-ledger-bench-'));
  const database = mode === 'embedded' ? undefined : await scratchDatabase();
  const broker = mode === 'kafka' && !process.env.KAFKA_BROKERS ? await KafkaTestBroker.start() : undefined;
  const kafka: Record<string, string> =
    mode === 'kafka'
      ? {
          KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? (broker as KafkaTestBroker).bootstrapServers.join(','),
          KAFKA_IDEMPOTENT_PRODUCER: String(!broker),
          KAFKA_AUTO_CREATE_TOPICS: 'true',
          ...(broker ? { KAFKA_FETCH_MAX_WAIT_MS: '10' } : {}),
        }
      : {};
  const profiling = process.env.CPU_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.CPU_PROFILE_DIR}`] : [];
  const platform = await startPlatformProcess({ API_KEYS: LOAD_API_KEYS, DATA_DIR: dataDir, ...kafka, ...(database ? { DATABASE_URL: database.url } : {}) }, await freePort(), {
    nodeArgs: profiling,
    compiled: true,
  });
  const flows = new ReferralFlows(() => platform.url, LOAD_KEYS);
  const metrics = new PlatformMetrics(() => platform.url);
  try {
    const { codes } = await flows.setUp(REFERRERS);
    const before = await metrics.counters();
    const started = Date.now();
    metrics.startSampling();
    const sent = await flows.run(codes, FLOWS, CONCURRENCY);
    const accepted = Date.now();
    const paid = sent.filter((f) => f.paymentAccepted).length;
    const available = async () => {
      const balances = await Promise.all([...codes.keys()].map((id) => flows.get<{ balances: Array<{ available: number }> }>(`/v1/customers/${id}/balance`, 'integration')));
      return balances.reduce((sum, b) => sum + (b.balances[0]?.available ?? 0), 0);
    };
    let polls = 1;
    for (; (await available()) < paid * 10_000; polls++) await new Promise((resolve) => setTimeout(resolve, 100));
    const done = Date.now();
    const lag = metrics.stopSampling();
    // What the polling itself cost is measured once more at rest and taken out of the per-referral figures.
    const beforePoll = await metrics.counters();
    await available();
    const afterPoll = await metrics.counters();
    const seconds = (from: number, to: number) => ((to - from) / 1000).toFixed(1);
    const perReferral = (key: 'statements' | 'transactions' | 'commits') => ((beforePoll[key] - before[key] - polls * (afterPoll[key] - beforePoll[key])) / paid).toFixed(1);
    console.log(
      `${new Date().toISOString()} mode: ${mode}; flows: ${FLOWS} (${paid} paid), concurrency ${CONCURRENCY}; ${cpus().length} cores; load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(`intake: ${(FLOWS / ((accepted - started) / 1000)).toFixed(1)} flows/s (${seconds(started, accepted)} s)`);
    console.log(`end to end (every reward available): ${(paid / ((done - started) / 1000)).toFixed(1)} referrals/s (${seconds(started, done)} s)`);
    console.log(`processing lag while it ran: p50 ${lag.p50.toFixed(2)} s, p99 ${lag.p99.toFixed(2)} s, max ${lag.max.toFixed(2)} s`);
    console.log(`platform process (compiled JavaScript): peak RSS ${platform.peakRssMb() ?? 'n/a'} MB`);
    console.log(
      `per referral: ${perReferral('statements')} SQL statements, ${perReferral('transactions')} transactions (read-only included), ${perReferral('commits')} writing commits`,
    );
  } finally {
    await platform.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await broker?.stop();
    await database?.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
