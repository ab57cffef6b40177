import { ok } from '@referral-ledger/client';
import type { RunningPlatform } from '../platform';
import type { DemoDriver } from './demo-driver';

const amountIn = (unit: string, amount: number) => (unit === 'EUR' ? euros(amount) : `${amount} ${unit}`);
const euros = (minor: number) => `€${(minor / 100).toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** Prints the funnel per campaign, what the rewards came to, and the trial balance: what a program manager and finance look at. */
export async function printSummary(
  platform: RunningPlatform,
  demo: DemoDriver,
  programId: string,
  run: { referrers: number; friendsClicking: number; signups: number; seconds: number },
  secondProgram: readonly string[],
): Promise<void> {
  const kpis = await ok(demo.as('analyst').GET('/v1/kpis', { params: { query: { programId, from: '2026-01-01', to: '2026-12-31', groupBy: 'campaign' } } }));
  const rewards = await platform.infrastructure.pool.query<{ status: string; count: string; amount: string }>(
    `SELECT w.status, count(*)::text AS count, sum(w.amount)::text AS amount
     FROM rewards.reward_status w JOIN rewards.referral_status r ON r.referral_id = w.referral_id WHERE r.program_id = $1 GROUP BY w.status ORDER BY w.status`,
    [programId],
  );
  const referrals = await platform.infrastructure.pool.query<{ status: string; reason: string | null; count: string }>(
    `SELECT status, reason, count(*)::text AS count FROM rewards.referral_status GROUP BY status, reason ORDER BY status, reason`,
  );
  const reviews = await platform.infrastructure.store.readAll({ maxCount: 100_000 });
  const trial = await ok(demo.as('finance').GET('/v1/ledger/trial-balance'));
  const deadLetters = await platform.infrastructure.pool.query<{ error: string; count: string }>(
    `SELECT error, count(*)::text AS count FROM messaging.dead_letters GROUP BY error ORDER BY count DESC`,
  );

  const lines = [
    '',
    `Referral Ledger demo — ${run.referrers} referrers, ${run.friendsClicking} friends clicking, ${run.signups} signing up (${run.seconds.toFixed(1)} s)`,
    '',
    'Funnel by campaign',
    `  ${'campaign'.padEnd(16)} ${'clicks'.padStart(7)} ${'signups'.padStart(8)} ${'converted'.padStart(10)} ${'revenue'.padStart(14)} ${'reward cost'.padStart(13)}`,
    ...kpis.rows.map(
      (r) =>
        `  ${(r.campaign ?? '').padEnd(16)} ${String(r.clicks).padStart(7)} ${String(r.signups).padStart(8)} ${String(r.conversions).padStart(10)} ${euros(r.revenueMinor).padStart(14)} ${euros(r.rewardCostMinor).padStart(13)}`,
    ),
    '',
    'Referrals',
    ...referrals.rows.map((r) => `  ${`${r.status}${r.reason ? ` (${r.reason})` : ''}`.padEnd(32)} ${r.count.padStart(5)}`),
    `  ${'sent to fraud review'.padEnd(32)} ${String(reviews.filter((e) => e.type === 'review.opened').length).padStart(5)}`,
    '',
    'Rewards',
    ...rewards.rows.map((r) => `  ${r.status.padEnd(32)} ${r.count.padStart(5)}   ${euros(Number(r.amount)).padStart(14)}`),
    '',
    ...secondProgram,
    '',
    `Dead letters: ${deadLetters.rows.length === 0 ? 'none' : ''}`,
    ...deadLetters.rows.map((d) => `  ${d.count.padStart(5)} × ${d.error.slice(0, 110)}`),
    '',
    'Trial balance (debits = credits per unit)',
    ...trial.units.map(
      (u: { unit: string; debits: number; credits: number; balanced: boolean }) =>
        `  ${u.unit.padEnd(8)} debits ${amountIn(u.unit, u.debits).padStart(14)}   credits ${amountIn(u.unit, u.credits).padStart(14)}   ${u.balanced ? 'balanced' : 'NOT BALANCED'}`,
    ),
    '',
  ];
  process.stdout.write(lines.join('\n'));
}
