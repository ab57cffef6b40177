import { budgetStream } from '@referral-ledger/rewards-domain';
import { SCRIPTED_TRAFFIC_FRAUD_THRESHOLDS, ControllableClock, aProgramDefinition } from '@referral-ledger/testing';
import { outboundEvents } from '../test-support/outbound-events';
import { startTestPlatform, type PlatformClient } from '../test-support/platform-client';

interface RewardRow {
  rewardId: string;
  amount: number;
  status: string;
  reason: string | null;
}

/** `caps.perReferrer` and `caps.budget` (issue 9, item 4), through HTTP and the customer events. */
describe('program caps and budget', () => {
  const clock = new ControllableClock('2026-08-03T09:00:00Z');
  let client: PlatformClient;
  beforeAll(async () => {
    client = await startTestPlatform(clock);
  });
  afterAll(() => client.stop());

  const rewardsOf = (customerId: string) => client.rewardsOf<RewardRow>(customerId);
  const statuses = (rewards: RewardRow[]) => rewards.reduce<Record<string, number>>((counts, { status }) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {});

  /** `count` referees sign up with the referrer's code, then all pay at once. */
  async function conversions(programId: string, referrerId: string, count: number, from = 0): Promise<string[]> {
    const { code } = await client.enrol(programId, referrerId);
    const referees = Array.from({ length: count }, (_, i) => `${referrerId}-friend-${from + i}`);
    for (const refereeId of referees) await client.platformEvent('customer.signed_up', { customerId: refereeId, email: `${refereeId}@example.org`, referralCode: code });
    await Promise.all(
      referees.map((refereeId) => client.platformEvent('payment.succeeded', { customerId: refereeId, paymentId: `pay-${refereeId}`, amount: 20_000, currency: 'EUR' })),
    );
    return referees;
  }

  it('grants exactly 10 of 50 concurrent conversions against a budget for 10, withholds the rest with the reason, and announces the exhaustion once', async () => {
    const programId = await client.createProgram({
      fraud: SCRIPTED_TRAFFIC_FRAUD_THRESHOLDS,
      holdDays: 30,
      refereeReward: null,
      referrerReward: { kind: 'credit', amount: 1_000 },
      caps: { budget: { amount: 10_000, unit: 'EUR' } },
    });
    await conversions(programId, 'bea', 50);

    const rewards = await rewardsOf('bea');
    expect(rewards).toHaveLength(50);
    expect(statuses(rewards)).toEqual({ pending: 10, withheld: 40 });
    expect(rewards.filter((r) => r.status === 'withheld').every((r) => r.amount === 0 && r.reason?.startsWith('budget_exhausted'))).toBe(true);
    const budget = await client.platform.infrastructure.store.readStream(budgetStream(programId, 'EUR'));
    expect(budget.filter((e) => e.type === 'budget.exhausted').map((e) => e.data)).toEqual([
      { programId, unit: 'EUR', budget: 10_000, spent: 10_000, exhaustedAt: expect.any(String) },
    ]);
    const trial = await client.http().get('/v1/ledger/trial-balance').set(client.auth('finance')).expect(200);
    expect(trial.body.units).toEqual([{ unit: 'EUR', debits: 10_000, credits: 10_000, balanced: true }]);

    // A refund during the hold reverses one pending reward: its 1,000 goes back to the budget, and the next conversion is paid.
    const pendingReferees = (await client.http().get('/v1/customers/bea/referrals').set(client.auth('integration')).expect(200)).body.referrals.filter(
      (referral: { rewards: RewardRow[] }) => referral.rewards[0]?.status === 'pending',
    );
    await client.platformEvent('payment.refunded', { customerId: pendingReferees[0].refereeId, paymentId: `pay-${pendingReferees[0].refereeId}`, amount: 20_000, currency: 'EUR' });
    await conversions(programId, 'bea', 1, 50);
    expect(statuses(await rewardsOf('bea'))).toEqual({ pending: 10, withheld: 40, reversed: 1 });
  });

  it('pays a referrer up to maxRewards while their friends keep their own reward', async () => {
    const programId = await client.createProgram({
      fraud: SCRIPTED_TRAFFIC_FRAUD_THRESHOLDS,
      holdDays: 30,
      referrerReward: { kind: 'credit', amount: 2_500 },
      refereeReward: { kind: 'points', points: 100 },
      caps: { perReferrer: { maxRewards: 3 } },
    });
    const referees = await conversions(programId, 'cyd', 5);

    const rewards = await rewardsOf('cyd');
    expect(statuses(rewards)).toEqual({ pending: 3, withheld: 2 });
    expect(rewards.filter((r) => r.status === 'withheld').every((r) => r.reason?.startsWith('cap_reached'))).toBe(true);
    for (const refereeId of referees) expect(statuses(await rewardsOf(refereeId))).toEqual({ pending: 1 });
    // Another referrer in the same program has a cap of their own.
    await conversions(programId, 'dov', 1);
    expect(statuses(await rewardsOf('dov'))).toEqual({ pending: 1 });
  });

  it('stops at maxAmount in the unit of the referrer reward', async () => {
    const programId = await client.createProgram({
      fraud: SCRIPTED_TRAFFIC_FRAUD_THRESHOLDS,
      holdDays: 30,
      refereeReward: null,
      referrerReward: { kind: 'credit', amount: 4_000 },
      caps: { perReferrer: { maxAmount: 10_000 } },
    });
    await conversions(programId, 'eli', 4);
    expect(statuses(await rewardsOf('eli'))).toEqual({ pending: 2, withheld: 2 });
  });

  it("caps a percentage of the payment at the reward's own maxAmount", async () => {
    const programId = await client.createProgram({
      fraud: SCRIPTED_TRAFFIC_FRAUD_THRESHOLDS,
      holdDays: 30,
      refereeReward: null,
      referrerReward: { kind: 'percent_of_payment', basisPoints: 2_000, maxAmount: 3_000 },
    });
    await conversions(programId, 'kai', 1);
    expect((await rewardsOf('kai')).map((r) => r.amount)).toEqual([3_000]);
  });

  it('refuses caps it cannot honour, naming the field', async () => {
    const fieldsOf = async (caps: object, referrerReward: object = { kind: 'credit', amount: 1_000 }): Promise<Array<{ field: string; message: string }>> =>
      (
        await client
          .http()
          .post('/v1/programs')
          .set(client.auth('admin'))
          .send(aProgramDefinition({ refereeReward: null, referrerReward, caps } as never))
          .expect(400)
      ).body.details;
    expect(await fieldsOf({ budget: { amount: 50_000, unit: 'USD' } })).toEqual([{ field: 'caps.budget.unit', message: 'must be a reward unit of the program (EUR), got USD' }]);
    expect(await fieldsOf({ budget: { amount: 10, unit: 'EUR' } }, { kind: 'free_months', months: 1 })).toEqual([
      { field: 'caps.budget.unit', message: 'must be a reward unit of the program (months), got EUR' },
    ]);
    expect((await fieldsOf({ perReferrer: { maxRewards: 0 } })).map((d) => d.field)).toEqual(['caps.perReferrer.maxRewards']);
    expect((await fieldsOf({ budget: { amount: 99.5, unit: 'EUR' } })).map((d) => d.field)).toEqual(['caps.budget.amount']);
    expect(await fieldsOf({ perDay: 3 })).toEqual([{ field: 'caps.perDay', message: 'is not a known field' }]);
  });

  it('emitted only outbound events that meet their published schemas', async () => {
    await client.settled();
    const { types, failures } = await outboundEvents(client.platform.infrastructure.store);
    expect([...types]).toEqual(expect.arrayContaining(['budget.exhausted']));
    expect(failures).toEqual([]);
  });
});
