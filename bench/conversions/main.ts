/**
 * Conversions under caps and a budget: referral flows (a signup with a code, then a payment) against a program
 * whose budget pays about a quarter of them and whose per-referrer cap stops the busiest referrers, until every
 * referrer reward is decided (available, or withheld with its reason). Every conversion draws on one budget stream.
 *   npm run bench:conversions -- embedded   PGlite under a scratch DATA_DIR
 *   npm run bench:conversions -- postgres   a scratch database on the local Postgres (or DATABASE_URL)
 * FLOWS (default 1000), CONCURRENCY (default 32). The platform runs the JavaScript compiled into dist/, as `npm start` does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOAD_API_KEYS, LOAD_KEYS, ReferralFlows, freePort, startPlatformProcess } from '@referral-ledger/testing';
import { scratchDatabase } from '../scratch-database';

const FLOWS = Number(process.env.FLOWS ?? 1_000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32);
const REFERRERS = 50;
const REFERRER_REWARD = 10_000;
const REFEREE_REWARD = 5_000;

async function main(): Promise<void> {
  const mode = process.argv[2] ?? 'embedded';
  if (!['embedded', 'postgres'].includes(mode)) throw new Error(`unknown mode ${mode}: embedded or postgres`);
  const dataDir = mkdtempSync(join(tmpdir(), 'referral-ledger-bench-'));
  const database = mode === 'embedded' ? undefined : await scratchDatabase();
  const platform = await startPlatformProcess({ API_KEYS: LOAD_API_KEYS, DATA_DIR: dataDir, ...(database ? { DATABASE_URL: database.url } : {}) }, await freePort(), {
    compiled: true,
  });
  const flows = new ReferralFlows(() => platform.url, LOAD_KEYS);
  const rules = {
    holdDays: 0,
    referrerReward: { kind: 'credit', amount: REFERRER_REWARD },
    refereeReward: { kind: 'credit', amount: REFEREE_REWARD },
    caps: {
      perReferrer: { maxRewards: Math.ceil((0.3 * FLOWS) / REFERRERS) },
      budget: { amount: Math.floor(FLOWS / 4) * (REFERRER_REWARD + REFEREE_REWARD), unit: 'EUR' },
    },
  };
  try {
    const { codes } = await flows.setUp(REFERRERS, rules);
    const started = Date.now();
    const sent = await flows.run(codes, FLOWS, CONCURRENCY);
    const accepted = Date.now();
    const paid = sent.filter((f) => f.paymentAccepted).length;
    const decided = async () => {
      const lists = await Promise.all(
        [...codes.keys()].map((id) => flows.get<{ rewards: Array<{ status: string; reason: string | null }> }>(`/v1/customers/${id}/rewards`, 'integration')),
      );
      return lists.flatMap((list) => list.rewards).filter((reward) => reward.status !== 'pending');
    };
    let rewards = await decided();
    for (; rewards.length < paid; rewards = await decided()) await new Promise((resolve) => setTimeout(resolve, 100));
    const done = Date.now();
    const count = (predicate: (reward: { status: string; reason: string | null }) => boolean) => rewards.filter(predicate).length;
    const balance = await flows.get<{ units: Array<{ unit: string; debits: number; balanced: boolean }> }>('/v1/ledger/trial-balance', 'finance');
    console.log(
      `${new Date().toISOString()} mode: ${mode}; flows: ${FLOWS} (${paid} paid), concurrency ${CONCURRENCY}; ${cpus().length} cores; load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(
      `end to end (every referrer reward decided): ${(paid / ((done - started) / 1000)).toFixed(1)} conversions/s (${((done - started) / 1000).toFixed(1)} s; intake ${((accepted - started) / 1000).toFixed(1)} s)`,
    );
    console.log(
      `referrer rewards: ${count((r) => r.status === 'available')} paid, ${count((r) => r.reason?.startsWith('budget_exhausted') ?? false)} budget_exhausted, ${count((r) => r.reason?.startsWith('cap_reached') ?? false)} cap_reached`,
    );
    const eur = balance.units.find((line) => line.unit === 'EUR');
    console.log(`budget ${rules.caps.budget.amount} EUR minor units; booked ${eur?.debits ?? 0} (${eur?.balanced ? 'balanced' : 'NOT balanced'})`);
  } finally {
    await platform.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
