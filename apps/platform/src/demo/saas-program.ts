import { ok } from '@referral-ledger/client';
import { canHandle } from '@referral-ledger/decider';
import type { BudgetExhausted, MilestoneReached } from '@referral-ledger/rewards-domain';
import type { ControllableClock } from '@referral-ledger/testing';
import type { RunningPlatform } from '../platform';
import type { DemoDriver } from './demo-driver';

const CHAMPIONS = 5;
const FRIENDS_EACH = 5;

/**
 * The second program: a SaaS product's customers referring teams. A champion earns 20 % of each of a team's
 * payments for 12 months (at most €50 a team); milestones reward their 3rd and 5th released conversion; the budget
 * of €800 runs out once the other champions' friends pay, and the rest is withheld.
 */
export async function runSaasProgram(platform: RunningPlatform, demo: DemoDriver, clock: ControllableClock): Promise<string[]> {
  const program = await ok(
    demo.as('admin').POST('/v1/programs', {
      body: {
        name: 'SaaS team growth',
        landingUrl: 'https://app.example.com/signup',
        currency: 'EUR',
        attribution: { windowDays: 90, model: 'first_touch' },
        trigger: 'first_payment',
        holdDays: 7,
        referrerReward: { kind: 'percent_of_payment', basisPoints: 2_000, maxAmount: 5_000, recurringMonths: 12 },
        refereeReward: { kind: 'credit', amount: 2_000 },
        milestones: [
          { conversions: 3, reward: { kind: 'credit', amount: 10_000 } },
          { conversions: 5, reward: { kind: 'free_months', months: 1 } },
        ],
        caps: { budget: { amount: 80_000, unit: 'EUR' } },
      },
    }),
  );
  const codes: string[] = [];
  for (let c = 0; c < CHAMPIONS; c++) {
    const kit = await ok(
      demo
        .as('integration')
        .POST('/v1/programs/{programId}/referrers', { params: { path: { programId: program.id } }, body: { customerId: `team-${c}`, email: `owner@team${c}.example` } }),
    );
    codes.push(kit.code);
  }
  const renewals = async (champion: number) => {
    for (let f = 0; f < FRIENDS_EACH; f++) {
      const friend = `team-${champion}-invitee-${f}`;
      await demo.platformEvent('payment.succeeded', { customerId: friend, paymentId: `sub-${friend}-month-2`, amount: 4_900, currency: 'EUR', plan: 'team', interval: 'month' });
    }
  };
  const friendsOf = async (champion: number) => {
    for (let f = 0; f < FRIENDS_EACH; f++) {
      const friend = `team-${champion}-invitee-${f}`;
      await demo.platformEvent('customer.signed_up', { customerId: friend, email: `admin@invitee${champion}-${f}.example`, referralCode: codes[champion] });
      clock.advance(600_000);
      await demo.platformEvent('payment.succeeded', { customerId: friend, paymentId: `sub-${friend}`, amount: 4_900, currency: 'EUR', plan: 'team', interval: 'month' });
    }
  };
  // The first champion's five friends pay; after the hold their conversions count, and both milestones are reached.
  await friendsOf(0);
  await demo.settled();
  clock.advanceDays(8);
  await new Promise((resolve) => setTimeout(resolve, 300));
  await demo.settled();
  // A month on, the first champion's teams renew: each renewal earns the champion their 20 % share again.
  clock.advanceDays(23);
  await renewals(0);
  await demo.settled();
  // The other champions' friends pay: the budget pays a few more, then runs out.
  for (let c = 1; c < CHAMPIONS; c++) await friendsOf(c);
  await demo.settled();
  return summary(platform, program.id);
}

const isProgramNews = canHandle<MilestoneReached | BudgetExhausted>({ 'milestone.reached': true, 'budget.exhausted': true });

async function summary(platform: RunningPlatform, programId: string): Promise<string[]> {
  const rewards = await platform.infrastructure.pool.query<{ role: string; status: string; reason: string | null; unit: string; count: string; amount: string }>(
    `SELECT w.role, w.status, split_part(w.reason, ':', 1) AS reason, w.unit, count(*)::text AS count, sum(w.amount)::text AS amount
     FROM rewards.reward_status w JOIN rewards.referral_status r ON r.referral_id = w.referral_id
     WHERE r.program_id = $1 GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    [programId],
  );
  const news = (await platform.infrastructure.store.readAll({ maxCount: 100_000 })).filter(isProgramNews).filter((event) => event.data.programId === programId);
  return [
    `Second program: SaaS team growth — ${CHAMPIONS} champions, ${CHAMPIONS * FRIENDS_EACH} teams paying, budget €800.00, 20 % of each payment for 12 months (up to €50 a team), milestones at 3 and 5`,
    ...news.map((event) =>
      event.type === 'milestone.reached'
        ? `  milestone.reached: ${event.data.referrerId} at ${event.data.conversions} released conversions`
        : `  budget.exhausted: ${event.data.spent} of ${event.data.budget} ${event.data.unit} minor units spent`,
    ),
    '  Rewards by role and status',
    ...rewards.rows.map((r) => `    ${`${r.role} ${r.status}${r.reason ? ` (${r.reason})` : ''}`.padEnd(36)} ${r.count.padStart(4)}   ${r.amount.padStart(8)} ${r.unit || '—'}`),
  ];
}
