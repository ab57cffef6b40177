/**
 * End-to-end throughput: referral flows (a signup with a code, then a payment) sent through
 * POST /v1/platform-events to a platform process, until every referrer reward is available (hold 0).
 * `npm run bench:throughput -- embedded` (PGlite under a scratch DATA_DIR) or `-- postgres` (a scratch
 * database on the local Postgres, or DATABASE_URL). FLOWS (default 2000) and CONCURRENCY (default 32).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { LOAD_API_KEYS, LOAD_KEYS, ReferralFlows, freePort, startPlatformProcess } from '@referral-ledger/testing';

const FLOWS = Number(process.env.FLOWS ?? 2_000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32);
const REFERRERS = 50;

async function main(): Promise<void> {
  const mode = process.argv[2] ?? 'embedded';
  const dataDir = mkdtempSync(join(tmpdir(), 'referral-ledger-bench-'));
  const database = mode === 'postgres' ? await scratchDatabase() : undefined;
  const platform = await startPlatformProcess({ API_KEYS: LOAD_API_KEYS, DATA_DIR: dataDir, ...(database ? { DATABASE_URL: database.url } : {}) }, await freePort());
  const flows = new ReferralFlows(() => platform.url, LOAD_KEYS);
  try {
    const { codes } = await flows.setUp(REFERRERS);
    const started = Date.now();
    const sent = await flows.run(codes, FLOWS, CONCURRENCY);
    const accepted = Date.now();
    const paid = sent.filter((f) => f.paymentAccepted).length;
    for (;;) {
      const balances = await Promise.all([...codes.keys()].map((id) => flows.get<{ balances: Array<{ available: number }> }>(`/v1/customers/${id}/balance`, 'integration')));
      const available = balances.reduce((sum, b) => sum + (b.balances[0]?.available ?? 0), 0);
      if (available >= paid * 10_000) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const done = Date.now();
    console.log(`mode: ${mode}; flows: ${FLOWS} (${paid} paid), concurrency ${CONCURRENCY}; machine: ${process.platform} ${require('node:os').cpus().length} cores; load average ${require('node:os').loadavg().map((l: number) => l.toFixed(2)).join(' ')}`);
    console.log(`intake: ${(FLOWS / ((accepted - started) / 1000)).toFixed(1)} flows/s (${((accepted - started) / 1000).toFixed(1)} s)`);
    console.log(`end to end (every reward available): ${(paid / ((done - started) / 1000)).toFixed(1)} referrals/s (${((done - started) / 1000).toFixed(1)} s)`);
  } finally {
    await platform.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
  }
}

async function scratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, drop: async () => undefined };
  const admin = 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `bench_${randomUUID().replaceAll('-', '')}`;
  const client = new Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  return {
    url: `postgres://postgres@127.0.0.1:5432/${name}`,
    drop: async () => {
      const c = new Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
