/**
 * Rebuild: seeds EVENTS (default 1,000,000) realistic events into a scratch Postgres database (clicks, referrals
 * attributed and converted, both sides' rewards granted and released, with their journal entries), then runs
 * `npm run rebuild -- all` on it as an operator would and prints its time and peak memory.
 *   npm run bench:rebuild
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { EVENT_STORE_MIGRATIONS, PostgresEventStore, type NewEvent, type StreamAppend } from '@referral-ledger/event-store';
import { createPool, migrate } from '@referral-ledger/postgres';
import { rewardDecider, type RewardRole } from '@referral-ledger/rewards-domain';
import { scratchDatabase } from '../scratch-database';

const EVENTS = Number(process.env.EVENTS ?? 1_000_000);
/** Events one referral leaves: a click, attributed and converted, two rewards granted and released. */
const PER_REFERRAL = 7;

function event(type: string, data: unknown, at: Date): NewEvent {
  return { id: randomUUID(), type, data, metadata: { correlationId: randomUUID(), causationId: null, occurredAt: at.toISOString(), schemaVersion: 1, actor: 'bench' } };
}

function referral(programId: string, index: number): StreamAppend[] {
  const at = new Date(Date.UTC(2026, 0, 1) + index * 1_000);
  const [clickId, referralId, referrerId, refereeId] = [randomUUID(), randomUUID(), `referrer-${index % 1_000}`, `friend-${index}`];
  const utm = { source: 'newsletter', medium: 'email', campaign: ['spring', 'summer', 'autumn'][index % 3] };
  const rewards = (['referrer', 'referee'] as RewardRole[]).map((role) => {
    const rewardId = randomUUID();
    const beneficiaryId = role === 'referrer' ? referrerId : refereeId;
    const [granted] = rewardDecider.decide(
      {
        type: 'GrantReward',
        data: {
          rewardId,
          referralId,
          programId,
          beneficiaryId,
          role,
          kind: 'credit',
          unit: 'EUR',
          amount: role === 'referrer' ? 10_000 : 5_000,
          holdDays: 0,
          variantId: null,
          voucherCode: null,
        },
        metadata: { now: at },
      },
      rewardDecider.initialState(),
    );
    const [released] = rewardDecider.decide(
      { type: 'ReleaseReward', data: { fraudDecision: 'clear' }, metadata: { now: at } },
      rewardDecider.evolve(rewardDecider.initialState(), granted),
    );
    return { streamName: `reward-${rewardId}`, expectedVersion: 'no_stream' as const, events: [event(granted.type, granted.data, at), event(released.type, released.data, at)] };
  });
  return [
    {
      streamName: `click-${clickId}`,
      expectedVersion: 'no_stream',
      events: [event('link.clicked', { clickId, code: 'BENCH', programId, referrerId, utm, channel: 'email', country: 'FR', clickedAt: at.toISOString() }, at)],
    },
    {
      streamName: `referral-${referralId}`,
      expectedVersion: 'no_stream',
      events: [
        event(
          'referral.attributed',
          { referralId, programId, programVersion: 1, referrerId, refereeId, code: 'BENCH', channel: 'link', clickId, attributedAt: at.toISOString() },
          at,
        ),
        event(
          'referral.converted',
          {
            referralId,
            programId,
            programVersion: 1,
            referrerId,
            refereeId,
            payment: { paymentId: `pay-${index}`, amount: 120_000, currency: 'EUR' },
            convertedAt: at.toISOString(),
          },
          at,
        ),
      ],
    },
    ...rewards,
  ];
}

async function main(): Promise<void> {
  const database = await scratchDatabase();
  const pool = createPool(database.url, { max: 4 });
  try {
    await migrate(pool, [EVENT_STORE_MIGRATIONS]);
    const store = await PostgresEventStore.create(pool, { notifications: false });
    const programId = randomUUID();
    const referrals = Math.ceil(EVENTS / PER_REFERRAL);
    const seeding = Date.now();
    for (let first = 0; first < referrals; first += 200) {
      const appends = Array.from({ length: Math.min(200, referrals - first) }, (_, i) => referral(programId, first + i)).flat();
      await store.appendAtomically(appends);
    }
    const seeded = referrals * PER_REFERRAL;
    console.log(`seeded ${seeded} events in ${((Date.now() - seeding) / 1000).toFixed(1)} s`);
    await store.close();
    const output = execFileSync(process.execPath, ['-r', '@swc-node/register', join(__dirname, '../../apps/platform/src/rebuild.ts'), 'all'], {
      env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'warn' },
      encoding: 'utf8',
      maxBuffer: 10 * 1_048_576,
    });
    console.log(
      `${new Date().toISOString()} ${cpus().length} cores; load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    process.stdout.write(output);
  } finally {
    await pool.end();
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
